"""`newsbot serve`: the archive in Datasette (needs the `serve` extra).

This package is also the Datasette plugin `newsbot serve` registers in-process: the hooks below
and the stylesheet under `static/`.
"""

from newsbot.serve.hooks import (
    asgi_wrapper,
    extra_css_urls,
    filters_from_request,
    prepare_connection,
    register_facet_classes,
    render_cell,
)

__all__ = [
    "asgi_wrapper",
    "extra_css_urls",
    "filters_from_request",
    "prepare_connection",
    "register_facet_classes",
    "render_cell",
]
