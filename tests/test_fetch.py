"""SSRF guard of the URL import: every hop is checked, addresses are pinned, sizes capped."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from annotations.fetch import FetchError, address_allowed, fetch_url

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/redirect?to="):  # a redirect to whatever the test asks
            from urllib.parse import unquote

            self.send_response(302)
            self.send_header("Location", unquote(self.path.split("=", 1)[1]))
            self.end_headers()
            return
        routes = {
            "/article": (
                200,
                "text/html",
                b"<html><head><title>Port</title></head><body><p>Officials said the port reopened.</p></body></html>",
            ),
            "/to-article": (302, "text/html", b""),
            "/to-metadata": (302, "text/html", b""),
            "/to-decimal": (302, "text/html", b""),
            "/big": (200, "text/html", b"x" * 300_000),
            "/image": (200, "image/png", b"\x89PNG"),
            "/missing": (404, "text/html", b"nope"),
            "/spaced%20page": (200, "text/plain", b"Officials said the spaced page loaded."),
            "/%D9%85%D9%82%D8%A7%D9%84": (200, "text/plain", b"Officials said the Arabic path loaded."),
        }
        status, ctype, body = routes.get(self.path, (404, "text/html", b""))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.path == "/to-article":
            self.send_header("Location", "/article")
        if self.path == "/to-metadata":
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        if self.path == "/to-decimal":
            self.send_header("Location", "http://2130706433/")

        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetches_a_page_and_follows_a_checked_redirect(server):
    page = fetch_url(f"{server}/to-article", allowed_networks=LOOPBACK)
    assert page.url.endswith("/article")
    assert b"port reopened" in page.body
    assert page.content_type == "text/html"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    # Numeric hosts other than a dotted quad are not valid hosts to begin with.
    with pytest.raises(FetchError, match="private or reserved|cannot resolve|not a valid|not a full host"):
        fetch_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://x/",
        "javascript:alert(1)",
        "http://user:pw@example.org/",
    ],
)
def test_only_plain_http_and_https_urls(url):
    with pytest.raises(FetchError):
        fetch_url(url)


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(server):
    # The first hop (our loopback test server) is allowed; where it redirects is not.
    with pytest.raises(FetchError, match="private or reserved"):
        fetch_url(f"{server}/to-metadata", allowed_networks=LOOPBACK)


def test_a_name_resolving_to_any_private_address_is_refused():
    def rebinding(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(FetchError, match="private"):
        fetch_url("http://news.example/a", resolver=rebinding)


def test_size_type_and_status_limits(server):
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(f"{server}/big", max_bytes=100_000, allowed_networks=LOOPBACK)
    with pytest.raises(FetchError, match="not a web page"):
        fetch_url(f"{server}/image", allowed_networks=LOOPBACK)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing", allowed_networks=LOOPBACK)


def test_address_rules():
    assert address_allowed(ipaddress.ip_address("93.184.216.34"))
    assert not address_allowed(ipaddress.ip_address("::ffff:10.0.0.1"))
    assert not address_allowed(ipaddress.ip_address("2002:7f00:1::"))  # 6to4 wrapping 127.0.0.1
    assert not address_allowed(ipaddress.ip_address("224.0.0.1"))


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://example.com:-1/",
        "http://example.com:8o/",
        "http://[::1/",
        "http://exa mple.com/",
        "http://a..b/",
        "http://" + "a" * 64 + ".com/",
        'http://example.com/"><script>',
        "http://\x00.example/",
        "http:///path-only",
    ],
)
def test_malformed_urls_raise_fetch_error_not_value_error(url):
    # Used to escape as ValueError (urlsplit's port check, the IDNA codec): a 500 on the import page.
    with pytest.raises(FetchError, match="not a valid URL"):
        fetch_url(url)


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:99999/",
        "http://127.0.0.1:0/",
        "http://[::1/",
        "http://" + "a" * 64 + ".example/",
        "http://a..b/",
        "http://exa%20mple.com/",
        "http://user:pw@127.0.0.1/",
        "ftp://127.0.0.1/",
    ],
)
def test_a_redirect_to_a_bad_port_or_malformed_host_is_a_fetch_error(server, location):
    from urllib.parse import quote

    with pytest.raises(FetchError, match="redirects to an invalid URL"):
        fetch_url(f"{server}/redirect?to={quote(location, safe='')}", allowed_networks=LOOPBACK)


def test_redirect_locations_and_paths_are_percent_encoded_like_a_browser_would(server):
    from urllib.parse import quote

    page = fetch_url(f"{server}/redirect?to={quote('/spaced page', safe='')}", allowed_networks=LOOPBACK)
    assert b"spaced page loaded" in page.body
    page = fetch_url(f"{server}/\u0645\u0642\u0627\u0644", allowed_networks=LOOPBACK)
    assert b"Arabic path loaded" in page.body
