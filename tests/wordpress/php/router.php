<?php
/*
 * Router of PHP's built-in server for the test WordPress: files under the document root are served
 * as they are, every other path goes through index.php (pretty permalinks, REST, feeds, sitemaps).
 * Each request is appended as a JSON line to the file named by NEWSBOT_WP_REQUEST_LOG.
 *
 * With NEWSBOT_WP_PROXIED_HOST set, WordPress sees every request as one addressed to that host over
 * HTTPS, as behind a TLS-terminating reverse proxy of the site's own address (its `home`).
 */

$newsbot_log = getenv( 'NEWSBOT_WP_REQUEST_LOG' );
if ( $newsbot_log ) {
	$newsbot_request = array(
		'method'  => $_SERVER['REQUEST_METHOD'],
		'path'    => $_SERVER['REQUEST_URI'],
		'headers' => getallheaders(),
		'at'      => microtime( true ),
	);
	register_shutdown_function(
		function () use ( $newsbot_log, $newsbot_request ) {
			$newsbot_request['status'] = http_response_code();
			file_put_contents(
				$newsbot_log,
				json_encode( $newsbot_request, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) . "\n",
				FILE_APPEND | LOCK_EX
			);
		}
	);
}

$newsbot_proxied_host = getenv( 'NEWSBOT_WP_PROXIED_HOST' );
if ( $newsbot_proxied_host ) {
	$_SERVER['HTTP_HOST']   = $newsbot_proxied_host;
	$_SERVER['SERVER_NAME'] = $newsbot_proxied_host;
	$_SERVER['SERVER_PORT'] = '443';
	$_SERVER['HTTPS']       = 'on';
}

$newsbot_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$newsbot_file = $_SERVER['DOCUMENT_ROOT'] . $newsbot_path;
if ( '/' !== $newsbot_path && false === strpos( $newsbot_path, '..' )
	&& ( is_file( $newsbot_file ) || is_file( rtrim( $newsbot_file, '/' ) . '/index.php' ) ) ) {
	return false;
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
