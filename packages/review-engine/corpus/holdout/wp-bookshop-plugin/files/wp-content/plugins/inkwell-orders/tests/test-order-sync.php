<?php

class Test_Order_Sync extends WP_UnitTestCase {
	private $client;

	public function set_up(): void {
		parent::set_up();
		$this->client = $this->createMock( Inkwell_Warehouse_Client::class );
		$this->client->method( 'create_shipment' )->willReturn( array( 'id' => 'shp_test_1' ) );
	}

	public function test_sends_a_processing_order_once(): void {
		$order = WC_Helper_Order::create_order();
		$sync  = new Inkwell_Order_Sync( $this->client );
		$this->client->expects( $this->once() )->method( 'create_shipment' );
		$sync->send( $order->get_id() );
		$sync->send( $order->get_id() );
		$this->assertSame( 'shp_test_1', wc_get_order( $order->get_id() )->get_meta( '_inkwell_shipment_id' ) );
	}

	public function test_admin_login(): void {
		$user_id = self::factory()->user->create( array( 'role' => 'administrator', 'user_pass' => 'test-password' ) );
		$this->assertNotWPError( wp_authenticate( get_userdata( $user_id )->user_login, 'test-password' ) );
	}
}
