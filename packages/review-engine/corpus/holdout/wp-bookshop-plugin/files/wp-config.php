<?php
/**
 * Inkwell Books — WordPress configuration (production).
 */

define( 'DB_NAME', 'inkwell_wp' );
define( 'DB_USER', 'inkwell_wp' );
define( 'DB_PASSWORD', 'Tz6Kq9Wm2Vx5Nb8L' );
define( 'DB_HOST', 'inkwell-db.c7vk2m9x.eu-west-2.rds.amazonaws.com' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         'DVWqyfkrF#AZ:d6!6X@_yZl!DcI%08Wo.HmiX}Wn.hRE~l@,%A=s]i*e!ys=6=4K' );
define( 'SECURE_AUTH_KEY',  ')T2ru[m&~OT:@#}zNtT^K$.j#*CSFbLRCIe2GWM1w.Yov.dzuMobWRv-3Dr0-501' );
define( 'LOGGED_IN_KEY',    'k+iKmek.n%^Ut#!t]iycrRX._pMSPUa:@Ah}e=wwR34pkz]C@8tWpn=5:q4$l8-Y' );
define( 'NONCE_KEY',        'U6Cgzg5onBa[{c,U3^l[#-z#DP^X%:zaL{LkPZC|Lk(1VP%M|TL,nz!VW=NALY{X' );

$table_prefix = 'ink_';

define( 'WP_DEBUG', false );
define( 'WP_DEBUG_LOG', false );
define( 'DISALLOW_FILE_EDIT', true );
define( 'FORCE_SSL_ADMIN', true );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
