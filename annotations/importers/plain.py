"""Plain text (.txt) and Markdown (.md): one article per file, the title from the first line
(a Markdown heading without its marks)."""

from __future__ import annotations

import re

from annotations.importers.records import (
    DERIVED_TITLE_CHARS,
    BadRowError,
    ImportLimits,
    ParseResult,
    build_record,
    derive_title,
    file_error,
)


def _parse_plain(content: str, name: str, limits: ImportLimits, *, markdown: bool) -> ParseResult:
    title = _markdown_title(content) if markdown else derive_title(content)
    try:
        record = build_record({"text": content, "title": title}, location=name, limits=limits)
    except BadRowError as exc:
        return file_error(name, str(exc))
    return ParseResult(records=[record], errors=[])


def _markdown_title(content: str) -> str:
    lines = content.split("\n")
    # YAML front matter ("---" ... "---") is metadata, not the first line of the story.
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                for line in lines[1:end]:
                    key, sep, value = line.partition(":")
                    if sep and key.strip().lower() == "title" and value.strip():
                        return value.strip().strip("\"'")[:DERIVED_TITLE_CHARS].rstrip()
                lines = lines[end + 1 :]
                break
    for line in lines:
        if line.strip():
            # ATX heading: "# Title" or "## Title ##".
            title = re.sub(r"\s+#+\s*$", "", line.strip().lstrip("#")).strip()
            if title:
                return title[:DERIVED_TITLE_CHARS].rstrip()
    return ""


def parse_txt(content: str, name: str, limits: ImportLimits) -> ParseResult:
    return _parse_plain(content, name, limits, markdown=False)


def parse_md(content: str, name: str, limits: ImportLimits) -> ParseResult:
    return _parse_plain(content, name, limits, markdown=True)
