"""Fetch an article page server-side without becoming a proxy into our own network (SSRF).

Every hop (the URL and each redirect) is checked: http/https only, the host resolved once
and EVERY address it resolves to must be public; we then connect to that checked address
(so a second DNS answer cannot swap in a private one) while TLS still verifies the name.
Size and time are capped. No Django import: the view and tests call it directly. A URL, or a redirect, that
is not an http(s) URL with a valid host and port raises FetchError, never anything else.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import urllib3

from annotations.weburl import InvalidURLError, check_web_url, host_ascii

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(Exception):
    """A URL we refuse or could not fetch; the message is shown to the analyst."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    content_type: str
    body: bytes


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host!r}") from exc
    return sorted({str(info[4][0]) for info in infos})


def address_allowed(ip: IPAddress, allowed: Sequence[IPNetwork] = ()) -> bool:
    if any(ip in net for net in allowed):
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return address_allowed(mapped, allowed)
        if ip.teredo:
            return False
    # is_global excludes private, loopback, link-local (cloud metadata), CGNAT, reserved...
    return ip.is_global and not ip.is_multicast


def _check_url(url: str) -> tuple[urllib.parse.SplitResult, str, int]:
    """The URL's parts, its host as sent on the wire (IDNA) and its port; FetchError for
    anything but an http(s) URL with a valid host and port (annotations/weburl.py)."""
    try:
        check_web_url(url)
        parts = urllib.parse.urlsplit(url)
        host = host_ascii(parts.hostname or "")
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except InvalidURLError as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    except ValueError:  # urlsplit's own complaints (a bad port or bracketed host)
        raise FetchError(f"not a valid URL: {url[:80]!r}") from None
    return parts, host, port


# Sent as-is in the request line: printable ASCII but what must be percent-encoded.
_SAFE_IN_TARGET = "".join(chr(c) for c in range(33, 127) if chr(c) not in '"<>\\^`{|}')


def _request_target(parts: urllib.parse.SplitResult) -> str:
    """Path and query for the request line, non-ASCII and unsafe characters percent-encoded."""
    return urllib.parse.quote(
        urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")), safe=_SAFE_IN_TARGET
    )


def _redirect_target(base: str, location: str) -> str:
    """Where a redirect leads. Servers send Locations with raw spaces or quotes, which a
    browser would percent-encode; so do we, before the target is checked like the first URL."""
    try:
        joined = urllib.parse.urljoin(base, location.strip())
    except ValueError:
        raise FetchError(f"the page redirects to an invalid URL: {location[:80]!r}") from None
    scheme, sep, rest = joined.partition("://")
    netloc, slash, tail = rest.partition("/")
    if sep and slash:
        joined = f"{scheme}{sep}{netloc}/{urllib.parse.quote(tail, safe=_SAFE_IN_TARGET)}"
    return joined


def fetch_url(
    url: str,
    *,
    max_bytes: int = 5 * 1024 * 1024,
    timeout: float = 10.0,
    max_redirects: int = 5,
    resolver: Resolver = system_resolver,
    allowed_networks: Sequence[IPNetwork] = (),
) -> FetchResult:
    """GET `url` following at most `max_redirects` checked redirects. `allowed_networks`
    exempts networks from the public-address rule (tests serving from loopback)."""
    deadline = time.monotonic() + timeout
    url = url.strip()
    for _hop in range(max_redirects + 1):
        try:
            parts, host, port = _check_url(url)
        except FetchError as exc:
            if _hop:
                raise FetchError(f"the page redirects to an invalid URL ({exc})") from None
            raise
        addresses = resolver(host, port)
        if not addresses:
            raise FetchError(f"cannot resolve {host!r}")
        for address in addresses:
            if not address_allowed(ipaddress.ip_address(address.split("%")[0]), allowed_networks):
                raise FetchError(f"{host!r} points to a private or reserved address; not fetched")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        pool_timeout = urllib3.Timeout(connect=min(5.0, remaining), read=remaining)
        pool: urllib3.HTTPConnectionPool
        if parts.scheme.lower() == "https":
            pool = urllib3.HTTPSConnectionPool(
                addresses[0],
                port,
                timeout=pool_timeout,
                retries=False,
                server_hostname=host,
                assert_hostname=host,
                cert_reqs="CERT_REQUIRED",
            )
        else:
            pool = urllib3.HTTPConnectionPool(addresses[0], port, timeout=pool_timeout, retries=False)
        path = _request_target(parts)
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
        try:
            response = pool.urlopen(
                "GET",
                path,
                redirect=False,
                preload_content=False,
                retries=False,
                headers={
                    "Host": host_header,
                    "User-Agent": "Claimdesk/1 (article import)",
                    "Accept": "text/html, text/plain;q=0.9",
                },
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"could not fetch the page: {type(exc).__name__}") from exc
        try:
            if response.status in {301, 302, 303, 307, 308}:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError("redirect without a Location")
                url = _redirect_target(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"the server answered HTTP {response.status}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"the page is larger than {max_bytes // 1024} KiB")
            chunks, size = [], 0
            for chunk in response.stream(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"the page is larger than {max_bytes // 1024} KiB")
                if time.monotonic() > deadline:
                    raise FetchError("timed out")
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in {"text/html", "application/xhtml+xml", "text/plain"}:
                raise FetchError(f"not a web page ({content_type or 'no content type'})")
            return FetchResult(url=url, content_type=content_type, body=b"".join(chunks))
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"could not read the page: {type(exc).__name__}") from exc
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {max_redirects} redirects")
