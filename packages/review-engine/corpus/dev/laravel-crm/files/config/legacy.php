<?php

/*
 * Bridge to the old CRM (still running on crm-legacy.brightleaf.internal) for the contacts not yet migrated.
 * The legacy code reads these constants directly.
 */

define('LEGACY_DB_HOST', 'crm-legacy.brightleaf.internal');
define('LEGACY_DB_NAME', 'crm_v1');
define('LEGACY_DB_USER', 'crm_bridge');
define('LEGACY_DB_PASSWORD', 'Hv3Kq8Xm2Wz7Rt5N');
define('LEGACY_DB_CHARSET', 'utf8mb4');

return [
    'enabled' => env('LEGACY_BRIDGE_ENABLED', true),
    'dsn' => sprintf('mysql:host=%s;dbname=%s;charset=%s', LEGACY_DB_HOST, LEGACY_DB_NAME, LEGACY_DB_CHARSET),
    'batch' => 500,
];
