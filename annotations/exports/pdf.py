"""HTML to PDF with WeasyPrint, fetching nothing.

The report is self-contained (inline styles, inline SVG), so the URL fetcher refuses
every URL: a stray ``<img src="file:///etc/passwd">`` or ``http://`` stylesheet that
somehow got into the document loads nothing from the disk or the network.
"""

from __future__ import annotations

import logging
from typing import IO

# WeasyPrint logs every layout step at INFO (some at import time); not worth the noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402 - after quieting its import-time log
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402


class NoFetch(URLFetcher):
    """Refuses every URL (http, file, data, anything) and remembers what was asked."""

    def __init__(self) -> None:
        # No protocol allowed either: even the base class's fetch() would refuse.
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.refused.append(url)
        raise ValueError(f"the report fetches nothing; refused {url[:200]!r}")


def html_to_pdf(html: str, out: IO[bytes]) -> NoFetch:
    """Lay out ``html`` as PDF into ``out`` with nothing fetched; returns the fetcher (for
    its ``refused`` list)."""
    fetcher = NoFetch()
    HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(target=out)
    return fetcher
