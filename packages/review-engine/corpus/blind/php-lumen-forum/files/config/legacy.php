<?php
// Settings shared with the old forum (phpBB bridge) until the migration finishes.
define('LEGACY_DB_HOST', 'mysql-legacy.forum.lan');
define('LEGACY_DB_USER', 'bridge');
define('LEGACY_DB_PASSWORD', 'Fen7-quarry-Lute!');
define('MAILGUN_API_KEY', 'key-7a3a8ee69bf1600ac868b3717068fdcd');
define('LEGACY_COOKIE_DOMAIN', '.forum.example.org');
