"""Which URLs may become links in what we publish."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_href(url: str) -> str | None:
    """The URL if it is an http(s) link, else None (javascript:, data:, file: … stay text)."""
    candidate = (url or "").strip()
    try:
        scheme = urlsplit(candidate).scheme.lower()
    except ValueError:
        return None
    # urlsplit ignores leading control characters a browser would also ignore; refuse them.
    if scheme not in ("http", "https") or candidate != "".join(ch for ch in candidate if ch.isprintable()):
        return None
    return candidate
