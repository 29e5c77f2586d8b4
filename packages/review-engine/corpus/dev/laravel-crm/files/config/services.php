<?php

return [
    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
        'scheme' => 'https',
    ],

    'hubspot' => [
        'token' => env('HUBSPOT_TOKEN', 'pat-na1-3f8b2c6e-9a1d-4e7b-b5c2-7d0e4a9f1b36'),
        'portal_id' => env('HUBSPOT_PORTAL_ID', '24871563'),
        'sync_every_minutes' => 15,
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL', '#crm'),
        ],
    ],
];
