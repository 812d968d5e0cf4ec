<?php
/*
 * wp-config.php of the test WordPress. One copy of WordPress serves several sites: each site is a
 * database, named by the environment of the PHP process (the built-in server or a command-line
 * script), on a MariaDB that listens on a private unix socket only.
 */

define( 'DB_NAME', getenv( 'NEWSBOT_WP_DB' ) ?: 'wordpress' );
define( 'DB_USER', getenv( 'NEWSBOT_WP_DB_USER' ) ?: 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:' . getenv( 'NEWSBOT_WP_SOCKET' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

// Fixed keys: the sites are throwaway copies, and fixed values keep their pages reproducible.
define( 'AUTH_KEY', 'newsbot-test-auth-key' );
define( 'SECURE_AUTH_KEY', 'newsbot-test-secure-auth-key' );
define( 'LOGGED_IN_KEY', 'newsbot-test-logged-in-key' );
define( 'NONCE_KEY', 'newsbot-test-nonce-key' );
define( 'AUTH_SALT', 'newsbot-test-auth-salt' );
define( 'SECURE_AUTH_SALT', 'newsbot-test-secure-auth-salt' );
define( 'LOGGED_IN_SALT', 'newsbot-test-logged-in-salt' );
define( 'NONCE_SALT', 'newsbot-test-nonce-salt' );

// Nothing leaves the machine: no HTTP to other hosts, no cron, no update checks.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_DEBUG', false );
define( 'WP_DEBUG_DISPLAY', false );
define( 'FS_METHOD', 'direct' );
define( 'WP_DEFAULT_THEME', 'twentytwentythree' );

$table_prefix = 'wp_';

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
