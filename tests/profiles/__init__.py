"""Site profiles of outlets the tests crawl besides АРБУЗ (each one file, as
docs/pages/site-profiles.md shows)."""
