"""newsbot: the Scrapy project that archives the Astrakhan outlet АРБУЗ (arbuztoday.ru).

A regular package, not a namespace one: scrapyd imports the project from a zipped egg, and
zipimport cannot import namespace packages.
"""
