<?php
/**
 * Plugin Name: Inkwell Orders
 * Description: Sends paid WooCommerce orders to the Inkwell warehouse and shows their shipping status.
 * Version: 1.7.0
 * Author: Inkwell Books
 * Text Domain: inkwell-orders
 */

defined( 'ABSPATH' ) || exit;

define( 'INKWELL_ORDERS_VERSION', '1.7.0' );
define( 'INKWELL_WAREHOUSE_API', 'https://warehouse.inkwell-books.example/api/v1' );
define( 'INKWELL_WAREHOUSE_TOKEN', 'whk_live_4Rt8Kq2Wz7Nx3Vm9Lb6Hc1Yp5Df0Gs' );

require_once __DIR__ . '/includes/class-warehouse-client.php';
require_once __DIR__ . '/includes/class-order-sync.php';
require_once __DIR__ . '/admin/class-settings-page.php';

add_action( 'plugins_loaded', function () {
	load_plugin_textdomain( 'inkwell-orders', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
	( new Inkwell_Order_Sync( new Inkwell_Warehouse_Client( INKWELL_WAREHOUSE_API, INKWELL_WAREHOUSE_TOKEN ) ) )->register();
	if ( is_admin() ) {
		( new Inkwell_Settings_Page() )->register();
	}
} );
