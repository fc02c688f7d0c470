"""The one rule for a web address a person or a file gives us: an article's URL, the desk's
publisher URL, an evidence link, a page to import.

Accepted: `http://` or `https://`, a real host (a DNS name, a dotted IPv4 address or a
bracketed IPv6 address; `localhost`), an optional port 1–65535, then any path, query and
fragment. Refused: other schemes, a missing or malformed host, a user name or password in the
address, and characters no URL contains (whitespace, control and bidi-control characters,
quotes, angle brackets, backslash, backtick, braces, `|`, `^`: a browser percent-encodes them).
So `"><script>` is refused at the door, wherever it is typed. The URL is returned unchanged
(non-ASCII letters in a path, as browsers show them, are fine).

Pure Python, no Django: the importers and the fetcher use it too.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

__all__ = ["InvalidURLError", "check_web_url", "host_ascii", "reason", "validate_web_url"]

# Characters RFC 3986 never allows unencoded (besides whitespace and controls, checked apart).
_NEVER_IN_URL = frozenset('"<>\\^`{|}')
_NETLOC = re.compile(r"(?P<host>\[[^\]]*\]|[^:\[\]]*)(?::(?P<port>[^:]*))?")
# A label after IDNA encoding: letters, digits, hyphens inside (underscores are common in
# real sub-domains and browsers accept them).
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


class InvalidURLError(ValueError):
    """The address is not an http(s) URL with a valid host. The message says why, in words
    that follow "Invalid URL: " (it does not repeat the URL unless it names a part)."""


def reason(exc: InvalidURLError) -> str:
    """The message as a sentence on its own (for form and API errors)."""
    text = str(exc)
    return f"Enter an http(s) URL with a valid host: {text}."


def _shown(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


def host_ascii(host: str) -> str:
    """The host as it goes on the wire: IDNA-encoded, lower case, no trailing dot. Raises
    InvalidURLError for anything that is not a valid host name or IP address."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            raise InvalidURLError("the IPv6 address in brackets is not valid") from None
    name = host.rstrip(".") if host.endswith(".") and not host.endswith("..") else host
    if not name:
        raise InvalidURLError("it has no host")
    if re.fullmatch(r"[0-9.]+", name):
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            raise InvalidURLError(f"'{_shown(host)}' is not a valid IP address") from None
    try:
        encoded = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidURLError(f"'{_shown(host)}' is not a valid host name") from None
    labels = encoded.split(".")
    if len(encoded) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidURLError(f"'{_shown(host)}' is not a valid host name")
    if len(labels) == 1 and encoded != "localhost":
        raise InvalidURLError(f"'{_shown(host)}' is not a full host name (like example.com)")
    if labels[-1].isdigit():
        raise InvalidURLError(f"'{_shown(host)}' is not a valid host name")
    return encoded


def check_web_url(url: str) -> str:
    """Return `url` unchanged if it is an acceptable http(s) URL; raise InvalidURLError
    (a ValueError) with a readable message if not."""
    for ch in url:
        if ch in _NEVER_IN_URL or ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
            raise InvalidURLError(
                f"it contains a character a URL cannot have ({ch!r}; percent-encode spaces, quotes "
                "and angle brackets)"
            )
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in {"http", "https"}:
        raise InvalidURLError("it must start with http:// or https://")
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in netloc:
        raise InvalidURLError("it must not contain a user name or password")
    match = _NETLOC.fullmatch(netloc)
    if match is None:
        raise InvalidURLError("its host is malformed")
    host_ascii(match["host"])
    port = match["port"]
    # "example.com:" (an empty port) is valid and means the default.
    if port and not (port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535):
        raise InvalidURLError(f"the port '{_shown(port)}' is not a number from 1 to 65535")
    return url


def validate_web_url(value: str) -> None:
    """The same rule as a Django validator (forms, DRF serializers); empty values are left to
    the field's `required`."""
    from django.core.exceptions import ValidationError

    if not value:
        return
    try:
        check_web_url(value)
    except InvalidURLError as exc:
        raise ValidationError(reason(exc), code="invalid_url") from None
