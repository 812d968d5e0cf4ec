"""newsbot: the Scrapy project that archives the Astrakhan outlet АРБУЗ (arbuztoday.ru).

A regular package, not a namespace one: scrapyd imports the project from a zipped egg, and
zipimport cannot import namespace packages.
"""

__version__ = "0.1.0"
"""The version of newsbot (pyproject.toml reads it from here), as the User-Agent names it."""
