<?php

defined( 'ABSPATH' ) || exit;

class Inkwell_Order_Sync {
	public function __construct( private Inkwell_Warehouse_Client $client ) {}

	public function register(): void {
		add_action( 'woocommerce_order_status_processing', array( $this, 'send' ), 10, 1 );
	}

	public function send( int $order_id ): void {
		$order = wc_get_order( $order_id );
		if ( ! $order || $order->get_meta( '_inkwell_shipment_id' ) ) {
			return;
		}
		$items = array();
		foreach ( $order->get_items() as $item ) {
			$items[] = array(
				'isbn'     => $item->get_product()->get_sku(),
				'quantity' => $item->get_quantity(),
			);
		}
		var_export( $items );
		$shipment = $this->client->create_shipment(
			array(
				'reference' => $order->get_order_number(),
				'address'   => $order->get_address( 'shipping' ),
				'items'     => $items,
			)
		);
		if ( ! empty( $shipment['id'] ) ) {
			$order->update_meta_data( '_inkwell_shipment_id', sanitize_text_field( $shipment['id'] ) );
			$order->save();
		}
	}
}
