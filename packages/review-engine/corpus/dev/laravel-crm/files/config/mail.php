<?php

return [
    'default' => env('MAIL_MAILER', 'smtp'),

    'mailers' => [
        'smtp' => [
            'transport' => 'smtp',
            'host' => env('MAIL_HOST', 'smtp.eu.mailgun.org'),
            'port' => env('MAIL_PORT', 587),
            'encryption' => env('MAIL_ENCRYPTION', 'tls'),
            'username' => env('MAIL_USERNAME', 'postmaster@mg.brightleaf.example'),
            'password' => env('MAIL_PASSWORD', 'Pk4Wn9Lx2Vt7Qz3M'),
            'timeout' => null,
        ],

        'log' => [
            'transport' => 'log',
            'channel' => env('MAIL_LOG_CHANNEL'),
        ],
    ],

    'from' => [
        'address' => env('MAIL_FROM_ADDRESS', 'crm@brightleaf.example'),
        'name' => env('MAIL_FROM_NAME', 'Brightleaf CRM'),
    ],
];
