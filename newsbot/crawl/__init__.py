"""Crawl planning and bookkeeping the spider relies on: pure and free of Scrapy."""
