<?php

defined( 'ABSPATH' ) || exit;

class Inkwell_Warehouse_Client {
	public function __construct( private string $base_url, private string $token ) {}

	public function create_shipment( array $payload ): array {
		$response = wp_remote_post(
			$this->base_url . '/shipments',
			array(
				'timeout' => 15,
				'headers' => array(
					'Authorization' => 'Bearer ' . $this->token,
					'Content-Type'  => 'application/json',
				),
				'body'    => wp_json_encode( $payload ),
			)
		);
		if ( is_wp_error( $response ) ) {
			throw new RuntimeException( $response->get_error_message() );
		}
		$body = json_decode( wp_remote_retrieve_body( $response ), true );
		error_log( print_r( $body, true ) );
		return is_array( $body ) ? $body : array();
	}

	public function shipment_status( string $shipment_id ): string {
		$response = wp_remote_get(
			$this->base_url . '/shipments/' . rawurlencode( $shipment_id ),
			array( 'headers' => array( 'Authorization' => 'Bearer ' . $this->token ) )
		);
		$body = json_decode( wp_remote_retrieve_body( $response ), true );
		return $body['status'] ?? 'unknown';
	}
}
