"""Headless Chromium (Debian's `chromium`, `packages.txt`) driven by Playwright for the tests of
what a person sees in `newsbot serve`; no browser is downloaded, and every request the page makes
is checked to stay on loopback."""
