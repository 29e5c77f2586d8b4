<?php

return [
    'failed' => 'These credentials do not match our records.',
    'password' => 'Password',
    'password_confirmation' => 'Repeat password',
    'throttle' => 'Too many login attempts. Please try again in :seconds seconds.',
];
