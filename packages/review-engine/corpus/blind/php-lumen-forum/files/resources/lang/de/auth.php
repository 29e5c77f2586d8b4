<?php

return [
    'failed' => 'Diese Zugangsdaten stimmen nicht mit unseren Daten überein.',
    'password' => 'Passwort',
    'password_confirmation' => 'Passwort wiederholen',
    'throttle' => 'Zu viele Anmeldeversuche. Bitte in :seconds Sekunden erneut versuchen.',
];
