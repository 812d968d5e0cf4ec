"""A real WordPress (Debian's packages) on 127.0.0.1 for the tests: MariaDB, PHP, content, themes.

`running_wordpress(directory)` installs it and loads `content.build_content()`; `new_site()` serves
a copy of it (`Site`). Without the packages, `require_wordpress()` skips (fails under CI=true).
"""
