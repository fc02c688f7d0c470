"""Web pages (.html, .htm): the main text and metadata, extracted by trafilatura from the bytes given
(never fetched)."""

from __future__ import annotations

from datetime import UTC, datetime

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from annotations.importers.records import (
    LANG_RE,
    BadRowError,
    ImportLimits,
    ParseResult,
    build_record,
    file_error,
    parse_date,
)
from annotations.weburl import InvalidURLError, check_web_url

# HTML meta names that carry a full publication timestamp. htmldate (inside
# trafilatura) reduces RFC 2822 values to a bare date, so these are read directly
# first to keep the time and zone; trafilatura's date is the fallback.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)


def _html_extras(content: str) -> tuple[str, str]:
    """(raw published value, <html lang>) straight from the markup; best effort."""
    try:
        tree = lxml_html.document_fromstring(content.encode("utf-8"))
    except (etree.LxmlError, ValueError):  # junk markup: the extras are optional
        return "", ""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        value = (meta.get("content") or "").strip()
        if key.lower() in _PUBLISHED_META and value:
            found.setdefault(key.lower(), value)
    published = next((found[k] for k in _PUBLISHED_META if k in found), "")
    return published, (tree.get("lang") or "").strip()


def parse_html(content: str, name: str, limits: ImportLimits) -> ParseResult:
    try:
        doc = trafilatura.bare_extraction(
            content,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            date_extraction_params={
                "original_date": True,
                # Only dates the page states as metadata; guessing from body text
                # (extensive search) can pick up dates the article merely mentions.
                "extensive_search": False,
                "max_date": datetime.now(UTC).strftime("%Y-%m-%d"),
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    # A third-party extractor on untrusted markup: whatever it raises is bad content
    # to report, not a crash of the whole import.
    except Exception as exc:  # noqa: BLE001
        return file_error(name, f"could not extract text from HTML ({type(exc).__name__})")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return file_error(name, "no article text could be extracted from the HTML")

    raw_published, html_lang = _html_extras(content)
    published = ""
    if raw_published:
        try:
            if parse_date(raw_published, "published", allow_rfc2822=True):
                published = raw_published
        except BadRowError:
            published = ""  # unparseable meta: fall back to trafilatura's reading
    if not published:
        published = getattr(doc, "date", None) or ""

    def meta(attr: str) -> str:
        value = getattr(doc, attr, None)
        return value if isinstance(value, str) else ""

    page_url = meta("url").strip()
    try:
        check_web_url(page_url)
    except InvalidURLError:
        page_url = ""  # a page's own canonical link is metadata, not worth refusing the article for
    fields = {
        "text": text,
        "title": meta("title"),
        "author": meta("author"),
        "url": page_url,
        "outlet": meta("sitename"),
        "published": published,
        # A malformed lang attribute is boilerplate, not worth rejecting the article.
        "language": meta("language") or (html_lang if LANG_RE.fullmatch(html_lang) else ""),
    }
    try:
        record = build_record(fields, location=name, limits=limits, allow_rfc2822=True)
    except BadRowError as exc:
        return file_error(name, str(exc))
    return ParseResult(records=[record], errors=[])
