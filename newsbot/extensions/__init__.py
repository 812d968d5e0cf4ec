"""Scrapy extensions: the run log and the progress display."""
