"""Who may talk to ``kg serve``: the Host header (DNS rebinding) and the Origin (other web pages).

A web page the user visits can make their browser send requests to
``http://127.0.0.1:7878``. Two checks keep such pages out:

- **Host**: a page on ``evil.example`` whose name is re-pointed at 127.0.0.1 (DNS
  rebinding) sends ``Host: evil.example``. Only the bound address, ``127.0.0.1``,
  ``localhost``, ``[::1]`` and names given with ``--allow-host`` are answered (when bound
  to every interface, ``0.0.0.0`` or ``::``, any IP address is accepted too: an address
  cannot be rebound).
- **Origin**: browsers name the page that makes a cross-origin request. A request from
  the server's own page (same scheme-less host and port) or from an origin given with
  ``--cors-origin`` is answered; any other is refused before it reaches a worker, so a
  foreign page can neither read results nor make the server work. ``--cors-origin '*'``
  opens the endpoint to every page (e.g. for YASGUI on another site).
- **Fetch Metadata**: requests a page makes without CORS (``<img src>``, ``<script src>``,
  ``fetch(url, {mode: "no-cors"})``) carry no Origin, but browsers mark them
  ``Sec-Fetch-Site: cross-site`` (or ``same-site``); such a request is refused unless the
  page it came from (its Referer) is this server's own or an allowed origin. Clients that
  are not browsers (curl, rdflib, SPARQLWrapper) send no Fetch Metadata and are answered.

>>> split_host("[::1]:7878"), split_host("LocalHost.:80"), split_host("127.0.0.1")
('::1', 'localhost', '127.0.0.1')
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["RequestGuard", "split_host", "LOOPBACK_NAMES"]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def split_host(value: str) -> str:
    """The host name of a Host header value, lower case, without port or trailing dot."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class RequestGuard:
    """ASGI middleware: refuse requests with a foreign Host header or Origin (403)."""

    def __init__(self, app, *, bound_host: str = "127.0.0.1", allow_hosts=(), cors_origins=()):
        self.app = app
        bound = split_host(bound_host) if bound_host else ""
        self.any_ip = bound in ("", "0.0.0.0", "::")
        self.hosts = set(LOOPBACK_NAMES) | {split_host(h) for h in allow_hosts} | ({bound} - {""})
        self.any_origin = "*" in cors_origins
        self.origins = {o.rstrip("/").lower() for o in cors_origins if o != "*"}

    def host_ok(self, host: str) -> bool:
        name = split_host(host)
        return name in self.hosts or (self.any_ip and _is_ip(name))

    def origin_ok(self, origin: str, host: str) -> bool:
        origin = origin.strip().rstrip("/").lower()
        if self.any_origin or origin in self.origins:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == host.strip().lower()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = origin = fetch_site = referer = None
        for name, value in scope.get("headers", ()):
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"sec-fetch-site":
                fetch_site = value.decode("latin-1").strip().lower()
            elif name == b"referer":
                referer = value.decode("latin-1")
        if host is None:
            return await _refuse(send, "the request has no Host header")
        if not self.host_ok(host):
            return await _refuse(send, f"this server does not answer for the host name {split_host(host)!r} "
                                       f"(a protection against DNS rebinding); start kg serve with "
                                       f"--allow-host {split_host(host)} if that name is yours")
        if origin is not None and not self.origin_ok(origin, host):
            return await _refuse(send, f"requests from web pages at {origin} are refused; start kg serve "
                                       f"with --cors-origin {origin} to let that site query this endpoint")
        if origin is None and fetch_site in ("cross-site", "same-site") and not self.any_origin:
            # a browser sends no Origin for <img src>, <script src> or no-cors GETs, but it does
            # send Fetch Metadata: another page's request is refused unless its site is allowed
            page = _origin_of(referer) if referer else None
            if page is None or not self.origin_ok(page, host):
                return await _refuse(send, f"requests made by other web pages ({page or 'a page'}) are "
                                           f"refused; start kg serve with --cors-origin ORIGIN to let a site "
                                           f"query this endpoint")
        return await self.app(scope, receive, send)


def _origin_of(url: str) -> str | None:
    """The ``scheme://host[:port]`` of a Referer URL.

    >>> _origin_of("http://127.0.0.1:7878/conference/x?y=1")
    'http://127.0.0.1:7878'
    """
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


async def _refuse(send, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
