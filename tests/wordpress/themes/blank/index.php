<!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo( 'charset' ); ?>">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<main><p>Сайт обновляется. Загляните позже.</p></main>
<?php wp_footer(); ?>
</body>
</html>
