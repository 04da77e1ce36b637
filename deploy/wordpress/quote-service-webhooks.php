<?php
/**
 * Plugin Name: Quote Service Webhooks
 * Description: Sends each published, updated, unpublished, trashed or deleted post to the quote attribution service, signed the Standard Webhooks way.
 * Version: 1.0.0
 * Requires at least: 5.6
 * Requires PHP: 7.4
 * License: MIT
 *
 * Configure in wp-config.php:
 *
 *     define( 'QUOTE_SERVICE_WEBHOOK_URL', 'https://quotes.example.org/v1/webhooks/wordpress' );
 *     define( 'QUOTE_SERVICE_WEBHOOK_SECRET', 'whsec_...' ); // the service's QUOTES_WEBHOOK_SECRET_WORDPRESS
 *
 * Body: {"type": "post.published" | "post.updated" | "post.unpublished" | "post.trashed" | "post.deleted",
 * "timestamp", "data": <the post as GET /wp-json/wp/v2/posts/<id> renders it>}.
 * Headers: webhook-id (kept across retries), webhook-timestamp (Unix seconds) and
 * webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">, keyed with the
 * secret base64-decoded without its whsec_ prefix (as the Standard Webhooks libraries do).
 * A failed delivery is retried by WP-Cron, five times, from one minute apart doubling.
 */

defined( 'ABSPATH' ) || exit;

const QUOTE_SERVICE_MAX_ATTEMPTS = 6;

/** Public post types with a REST rendering are articles; attachments are not. */
function quote_service_is_article( WP_Post $post ): bool {
	$type = get_post_type_object( $post->post_type );
	return $type && $type->public && $type->show_in_rest && 'attachment' !== $post->post_type;
}

/** What a save did to a post's public life, or null when it stays unpublished. */
function quote_service_event_type( string $before, string $after ): ?string {
	if ( 'publish' === $after ) {
		return 'publish' === $before ? 'post.updated' : 'post.published';
	}
	if ( 'publish' === $before ) {
		return 'trash' === $after ? 'post.trashed' : 'post.unpublished';
	}
	return null;
}

/** The post as the REST API renders it (context "view"), whatever its status. */
function quote_service_rest_post( WP_Post $post ): array {
	$type       = get_post_type_object( $post->post_type );
	$controller = $type->get_rest_controller();
	$request    = new WP_REST_Request( 'GET', '/wp/v2/' . ( $type->rest_base ?: $post->post_type ) . '/' . $post->ID );
	$request->set_param( 'context', 'view' );
	return $controller->prepare_item_for_response( $post, $request )->get_data();
}

/** Runs after the post, its terms and its meta are saved (WordPress 5.6+). */
function quote_service_after_insert_post( int $post_id, WP_Post $post, bool $update, ?WP_Post $post_before ): void {
	$type = quote_service_event_type( $post_before ? $post_before->post_status : 'new', $post->post_status );
	if ( $type && quote_service_is_article( $post ) ) {
		quote_service_send( $type, quote_service_rest_post( $post ) );
	}
}
add_action( 'wp_after_insert_post', 'quote_service_after_insert_post', 10, 4 );

/** A post deleted for good, from the trash or straight from publication. */
function quote_service_before_delete_post( int $post_id, WP_Post $post ): void {
	if ( in_array( $post->post_status, array( 'publish', 'trash' ), true ) && quote_service_is_article( $post ) ) {
		quote_service_send( 'post.deleted', quote_service_rest_post( $post ) );
	}
}
add_action( 'before_delete_post', 'quote_service_before_delete_post', 10, 2 );

function quote_service_send( string $type, array $post ): void {
	$body = wp_json_encode( array( 'type' => $type, 'timestamp' => gmdate( 'c' ), 'data' => $post ) );
	quote_service_deliver( 'msg_' . wp_generate_uuid4(), $body, 1 );
}

/** One signed POST; on failure, a WP-Cron retry with the same id and body. */
function quote_service_deliver( string $id, string $body, int $attempt ): void {
	if ( ! defined( 'QUOTE_SERVICE_WEBHOOK_URL' ) || ! defined( 'QUOTE_SERVICE_WEBHOOK_SECRET' ) ) {
		return;
	}
	$timestamp = (string) time();
	$key       = base64_decode( preg_replace( '/^whsec_/', '', QUOTE_SERVICE_WEBHOOK_SECRET ) );
	$signature = base64_encode( hash_hmac( 'sha256', "{$id}.{$timestamp}.{$body}", $key, true ) );
	$response  = wp_remote_post(
		QUOTE_SERVICE_WEBHOOK_URL,
		array(
			'body'        => $body,
			'timeout'     => 10,
			'redirection' => 0,
			'headers'     => array(
				'Content-Type'      => 'application/json; charset=utf-8',
				'webhook-id'        => $id,
				'webhook-timestamp' => $timestamp,
				'webhook-signature' => "v1,{$signature}",
			),
		)
	);
	$status = is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response );
	if ( $status >= 200 && $status < 300 ) {
		return;
	}
	$reason = is_wp_error( $response ) ? $response->get_error_message() : "HTTP {$status}";
	if ( $attempt >= QUOTE_SERVICE_MAX_ATTEMPTS ) {
		error_log( "quote-service-webhooks: gave up on {$id} after {$attempt} attempts: {$reason}" );
		return;
	}
	error_log( "quote-service-webhooks: attempt {$attempt} of {$id} failed ({$reason}); retrying" );
	wp_schedule_single_event( time() + 60 * 2 ** ( $attempt - 1 ), 'quote_service_retry', array( $id, $body, $attempt + 1 ) );
}
add_action( 'quote_service_retry', 'quote_service_deliver', 10, 3 );
