"""Downloader middlewares: honour `Retry-After`, never leave the site, stop when it is gone."""
