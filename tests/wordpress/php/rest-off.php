<?php
/*
 * Plugin Name: REST API off for visitors
 * Description: With the option newsbot_rest_off set, every REST request of a visitor answers 401
 * rest_cannot_access, as the plugins that switch the REST API off do; pages stay as they are.
 */

add_filter(
	'rest_authentication_errors',
	function ( $result ) {
		if ( ! empty( $result ) || ! get_option( 'newsbot_rest_off' ) ) {
			return $result;
		}
		return new WP_Error( 'rest_cannot_access', 'The REST API is off for visitors.', array( 'status' => 401 ) );
	}
);
