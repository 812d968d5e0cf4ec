"""`newsbot probe`: a few polite requests that say what the site offers and whether newsbot can
read it, and the source and settings to crawl it with."""
