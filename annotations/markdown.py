"""Markdown written by users (project guidelines) to HTML that is safe to put in a page.

Two steps: markdown-it-py renders CommonMark (with tables and strikethrough) and lets inline
HTML through, then nh3 (ammonia) keeps only an allow-list of tags and attributes. So
``<script>`` and ``<style>`` go with their content, event handlers and ``style`` attributes go
(our CSP refuses inline styles anyway), links keep only http(s) and mailto URLs (a
``javascript:`` link is left as text or loses its href), every link gets
``rel="noopener noreferrer nofollow"``, and images are not allowed at all (a guideline must
not load anything from elsewhere). Pure Python, no Django.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

MAX_MARKDOWN_CHARS = 50_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "del",
        "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr",
        "th", "td", "dl", "dt", "dd", "sub", "sup", "abbr",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text`` (Markdown); "" for blank text."""
    if not text.strip():
        return ""
    return nh3.clean(
        _md.render(text),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
