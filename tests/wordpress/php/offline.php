<?php
/*
 * Plugin Name: Offline test site
 * Description: Refuses every outgoing HTTP request and mail of the test WordPress and notes the
 * refused URLs in the file named by NEWSBOT_WP_OUTGOING_LOG. It changes no page.
 */

add_filter(
	'pre_http_request',
	function ( $preempt, $args, $url ) {
		$log = getenv( 'NEWSBOT_WP_OUTGOING_LOG' );
		if ( $log ) {
			file_put_contents( $log, $url . "\n", FILE_APPEND | LOCK_EX );
		}
		return new WP_Error( 'http_request_failed', 'The test site makes no outgoing request.' );
	},
	0,
	3
);

add_filter( 'pre_wp_mail', '__return_false', 0 );
