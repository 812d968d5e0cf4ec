"""Crawl health (DESIGN §8): spidermon monitors, a verdict per run, and the exit code it implies."""
