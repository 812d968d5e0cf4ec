<?php
/*
 * Changes one test WordPress through WordPress's own PHP API. Reads a JSON list of operations on
 * standard input ({"op": NAME, ...}), runs them in order and prints a JSON list of their results.
 * The site is the one named by the environment (see wp-config.php); NEWSBOT_WP_ROOT is the
 * WordPress directory and NEWSBOT_WP_HOST the host the site is served on.
 */

$newsbot_operations = json_decode( stream_get_contents( STDIN ), true );
if ( ! is_array( $newsbot_operations ) ) {
	fwrite( STDERR, "operations.php: standard input is not a JSON list\n" );
	exit( 2 );
}
if ( $newsbot_operations && 'install' === $newsbot_operations[0]['op'] ) {
	define( 'WP_INSTALLING', true );
}
$_SERVER['HTTP_HOST']   = getenv( 'NEWSBOT_WP_HOST' ) ?: '127.0.0.1';
$_SERVER['SERVER_NAME'] = preg_replace( '/:.*/', '', $_SERVER['HTTP_HOST'] );
$_SERVER['REQUEST_URI'] = '/';

// The installer would mail the new administrator.
function wp_new_blog_notification( $blog_title, $blog_url, $user_id, $password ) {
}

require getenv( 'NEWSBOT_WP_ROOT' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/post.php';

/** The modification time the next insert or update records, when the operation gives one. */
$newsbot_modified = null;
add_filter(
	'wp_insert_post_data',
	function ( $data ) {
		global $newsbot_modified;
		if ( $newsbot_modified ) {
			$data['post_modified']     = $newsbot_modified[0];
			$data['post_modified_gmt'] = $newsbot_modified[1];
		}
		return $data;
	}
);

/** Act as the site's administrator, as an editor in wp-admin does (no kses filtering). */
function newsbot_as_administrator() {
	$admins = get_users( array( 'role' => 'administrator', 'number' => 1, 'orderby' => 'ID' ) );
	if ( $admins ) {
		wp_set_current_user( $admins[0]->ID );
	}
	return $admins ? $admins[0]->ID : 0;
}

function newsbot_fail( $message ) {
	fwrite( STDERR, "operations.php: $message\n" );
	exit( 1 );
}

function newsbot_check( $result, $what ) {
	if ( is_wp_error( $result ) ) {
		newsbot_fail( "$what: " . $result->get_error_message() );
	}
	if ( ! $result ) {
		newsbot_fail( "$what failed" );
	}
	return $result;
}

function newsbot_install( $op ) {
	load_default_textdomain( $op['locale'] );
	$result = wp_install( $op['title'], $op['user'], $op['email'], 1, '', $op['password'], $op['locale'] );
	// The installer gives the account the guessed address of the site as its web site.
	wp_update_user( array( 'ID' => $result['user_id'], 'user_url' => '' ) );
	return $result['user_id'];
}

function newsbot_term( $op ) {
	$found = get_term_by( 'slug', $op['slug'], $op['taxonomy'] );
	if ( $found ) {
		return $found->term_id;
	}
	$args = array();
	if ( '' !== $op['slug'] ) {
		$args['slug'] = $op['slug'];
	}
	$term = newsbot_check( wp_insert_term( $op['name'], $op['taxonomy'], $args ), 'term ' . $op['name'] );
	return $term['term_id'];
}

function newsbot_term_ids( $slugs, $taxonomy ) {
	$ids = array();
	foreach ( $slugs as $slug ) {
		$term = get_term_by( 'slug', $slug, $taxonomy );
		if ( ! $term ) {
			newsbot_fail( "no $taxonomy with the slug $slug" );
		}
		$ids[] = $term->term_id;
	}
	return $ids;
}

/** A JPEG of the given size in the uploads directory of the post's month, as an attachment. */
function newsbot_photo( $photo, $post_id, $post_date, $post_date_gmt ) {
	$uploads = wp_upload_dir( str_replace( '-', '/', substr( $post_date, 0, 7 ) ) );
	$file    = $uploads['path'] . '/' . $photo['name'] . '.jpg';
	if ( ! file_exists( $file ) ) {
		$image = imagecreatetruecolor( $photo['width'], $photo['height'] );
		imagefill( $image, 0, 0, imagecolorallocate( $image, 200, 60, 60 ) );
		imagejpeg( $image, $file, 60 );
		imagedestroy( $image );
	}
	$attachment = array(
		'post_mime_type' => 'image/jpeg',
		'post_title'     => $photo['name'],
		'post_name'      => $photo['name'],
		'post_excerpt'   => $photo['caption'],
		'post_content'   => '',
		'post_status'    => 'inherit',
		'post_date'      => $post_date,
		'post_date_gmt'  => $post_date_gmt,
		'guid'           => isset( $photo['guid'] ) ? $photo['guid'] : $uploads['url'] . '/' . $photo['name'] . '.jpg',
	);
	if ( ! empty( $photo['id'] ) ) {
		$attachment['import_id'] = $photo['id'];
	}
	$id = newsbot_check( wp_insert_attachment( $attachment, $file, $post_id, true ), 'attachment ' . $photo['name'] );
	update_post_meta( $id, '_wp_attachment_image_alt', $photo['alt'] );
	wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $file ) );
	return $id;
}

function newsbot_post( $op ) {
	global $newsbot_modified;
	$post = array(
		'post_type'      => 'post',
		'post_author'    => get_current_user_id(),
		'post_title'     => $op['title'],
		'post_name'      => $op['slug'],
		'post_content'   => $op['content'],
		'post_excerpt'   => '',
		'post_status'    => 'trash' === $op['status'] ? 'publish' : $op['status'],
		'post_password'  => $op['password'],
		'comment_status' => 'closed',
		'ping_status'    => 'closed',
	);
	foreach ( array( 'date', 'date_gmt', 'guid' ) as $key ) {
		if ( isset( $op[ $key ] ) ) {
			$post[ 'date' === $key || 'date_gmt' === $key ? "post_$key" : $key ] = $op[ $key ];
		}
	}
	if ( isset( $op['id'] ) ) {
		$post['import_id'] = $op['id'];
	}
	$newsbot_modified = isset( $op['modified'] ) ? $op['modified'] : null;
	$post['post_category'] = newsbot_term_ids( $op['categories'], 'category' );
	$id = newsbot_check( wp_insert_post( wp_slash( $post ), true ), 'post ' . $op['title'] );
	if ( isset( $op['id'] ) && (int) $op['id'] !== $id ) {
		newsbot_fail( "post {$op['title']} got the id $id, not {$op['id']}" );
	}
	wp_set_post_terms( $id, newsbot_term_ids( $op['tags'], 'post_tag' ), 'post_tag' );
	if ( $op['photo'] ) {
		$saved = get_post( $id );
		$photo = newsbot_photo( $op['photo'], $id, $saved->post_date, $saved->post_date_gmt );
		set_post_thumbnail( $id, $photo );
	}
	// Attaching the photo touched the post; its modification time is the one it was given.
	if ( $newsbot_modified ) {
		$GLOBALS['wpdb']->update(
			$GLOBALS['wpdb']->posts,
			array( 'post_modified' => $newsbot_modified[0], 'post_modified_gmt' => $newsbot_modified[1] ),
			array( 'ID' => $id )
		);
		clean_post_cache( $id );
	}
	$newsbot_modified = null;
	if ( 'trash' === $op['status'] ) {
		newsbot_check( wp_trash_post( $id ), "trashing $id" );
	}
	return $id;
}

function newsbot_update( $op ) {
	global $newsbot_modified;
	$post = array( 'ID' => $op['id'] );
	foreach ( $op['fields'] as $key => $value ) {
		$post[ $key ] = $value;
	}
	$newsbot_modified = isset( $op['modified'] ) ? $op['modified'] : null;
	if ( isset( $op['categories'] ) ) {
		$post['post_category'] = newsbot_term_ids( $op['categories'], 'category' );
	}
	newsbot_check( wp_update_post( wp_slash( $post ), true ), "updating {$op['id']}" );
	if ( isset( $op['tags'] ) ) {
		wp_set_post_terms( $op['id'], newsbot_term_ids( $op['tags'], 'post_tag' ), 'post_tag' );
	}
	$newsbot_modified = null;
	return $op['id'];
}

function newsbot_summary( $post ) {
	return array(
		'id'           => $post->ID,
		'status'       => $post->post_status,
		'slug'         => $post->post_name,
		'link'         => get_permalink( $post ),
		'date'         => $post->post_date,
		'date_gmt'     => $post->post_date_gmt,
		'modified'     => $post->post_modified,
		'modified_gmt' => $post->post_modified_gmt,
	);
}

function newsbot_run( $op ) {
	switch ( $op['op'] ) {
		case 'install':
			return newsbot_install( $op );
		case 'options':
			foreach ( $op['values'] as $name => $value ) {
				update_option( $name, $value );
			}
			return true;
		case 'delete_all_content':
			foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $post ) {
				wp_delete_post( $post->ID, true );
			}
			return true;
		case 'term':
			return newsbot_term( $op );
		case 'post':
			return newsbot_post( $op );
		case 'publish_future':
			// What WordPress's cron does when a scheduled post's time has come.
			wp_publish_post( $op['id'] );
			return get_post_status( $op['id'] );
		case 'update':
			return newsbot_update( $op );
		case 'trash':
			return (bool) newsbot_check( wp_trash_post( $op['id'] ), "trashing {$op['id']}" );
		case 'untrash':
			add_filter( 'wp_untrash_post_status', 'wp_untrash_post_set_previous_status', 10, 3 );
			return (bool) newsbot_check( wp_untrash_post( $op['id'] ), "restoring {$op['id']}" );
		case 'delete':
			return (bool) newsbot_check( wp_delete_post( $op['id'], true ), "deleting {$op['id']}" );
		case 'switch_theme':
			if ( ! wp_get_theme( $op['stylesheet'] )->exists() ) {
				newsbot_fail( "no theme {$op['stylesheet']}" );
			}
			switch_theme( $op['stylesheet'] );
			return get_stylesheet();
		case 'flush_rewrite_rules':
			flush_rewrite_rules();
			return true;
		case 'posts':
			return array_map(
				'newsbot_summary',
				get_posts( array( 'post_type' => 'post', 'post_status' => 'any,trash', 'numberposts' => -1, 'orderby' => 'ID', 'order' => 'ASC' ) )
			);
		default:
			newsbot_fail( "unknown operation {$op['op']}" );
	}
}

$newsbot_results = array();
foreach ( $newsbot_operations as $newsbot_operation ) {
	if ( 'install' !== $newsbot_operation['op'] ) {
		newsbot_as_administrator();
	}
	$newsbot_results[] = newsbot_run( $newsbot_operation );
}
echo json_encode( $newsbot_results, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
