<?php

return [
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => env('DB_HOST', '127.0.0.1'),
            'database' => env('DB_DATABASE', 'forum'),
            'username' => env('DB_USERNAME', 'forum'),
            'password' => env('DB_PASSWORD', 'Brisk-Otter-4471'),
        ],
    ],
    'redis' => [
        'default' => [
            'url' => env('REDIS_URL', 'redis://:T8saffronCrane9@redis-forum.lan:6379/0'),
        ],
    ],
];
