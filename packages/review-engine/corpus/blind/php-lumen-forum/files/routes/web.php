<?php

/** @var \Laravel\Lumen\Routing\Router $router */

$router->get('/boards/{boardId}/threads', 'ThreadController@index');
<<<<<<< HEAD
$router->post('/threads', 'ThreadController@store');
=======
$router->post('/threads', ['middleware' => 'auth', 'uses' => 'ThreadController@store']);
>>>>>>> auth-on-posting
$router->delete('/threads/{id}', ['middleware' => 'moderator', 'uses' => 'ThreadController@destroy']);
