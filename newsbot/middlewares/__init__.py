"""Downloader middlewares: honour `Retry-After`, and never leave the site."""
