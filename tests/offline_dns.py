"""A DNS resolver for tests: loopback names resolve, every other name fails at once, offline.

Set with `-s TWISTED_DNS_RESOLVER=tests.offline_dns.LoopbackOnlyResolver`, it lets a test see what
a crawl does when a host name does not resolve without sending a DNS query anywhere. With
`NEWSBOT_TEST_DNS_LOG` naming a file, every name it is asked about is appended to it, so a test
can tell that a crawl asked for none.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

LOG_VARIABLE = "NEWSBOT_TEST_DNS_LOG"


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


def _log(name: str) -> None:
    path = os.environ.get(LOG_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(name + "\n")


class LoopbackOnlyResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        _log(name)
        if _is_loopback(name):
            return super().getHostByName(name, timeout)
        return defer.fail(DNSLookupError(f"{name} is not a loopback name (offline test resolver)"))
