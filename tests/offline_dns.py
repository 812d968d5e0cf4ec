"""A DNS resolver for tests: loopback names resolve, every other name fails at once, offline.

Set with `-s TWISTED_DNS_RESOLVER=tests.offline_dns.LoopbackOnlyResolver`, it lets a test see what
a crawl does when a host name does not resolve without sending a DNS query anywhere.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


class LoopbackOnlyResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if _is_loopback(name):
            return super().getHostByName(name, timeout)
        return defer.fail(DNSLookupError(f"{name} is not a loopback name (offline test resolver)"))
