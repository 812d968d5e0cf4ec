"""Site profiles of outlets the tests crawl besides АРБУЗ (each one file, as README shows)."""
