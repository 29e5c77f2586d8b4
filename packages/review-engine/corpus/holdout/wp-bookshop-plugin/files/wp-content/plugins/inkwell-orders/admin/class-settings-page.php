<?php

defined( 'ABSPATH' ) || exit;

class Inkwell_Settings_Page {
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'menu' ) );
		add_action( 'admin_init', array( $this, 'settings' ) );
	}

	public function menu(): void {
		add_options_page( __( 'Inkwell warehouse', 'inkwell-orders' ), 'Inkwell', 'manage_options', 'inkwell-orders', array( $this, 'render' ) );
	}

	public function settings(): void {
		register_setting( 'inkwell-orders', 'inkwell_notify_email', array( 'sanitize_callback' => 'sanitize_email' ) );
		add_settings_section( 'inkwell-main', __( 'Notifications', 'inkwell-orders' ), '__return_null', 'inkwell-orders' );
	}

	public function render(): void {
		echo '<div class="wrap"><h1>' . esc_html__( 'Inkwell warehouse', 'inkwell-orders' ) . '</h1>';
		echo '<form method="post" action="options.php">';
		settings_fields( 'inkwell-orders' );
		do_settings_sections( 'inkwell-orders' );
		submit_button();
		echo '</form></div>';
		die( var_dump( get_option( 'inkwell_notify_email' ) ) );
	}
}
