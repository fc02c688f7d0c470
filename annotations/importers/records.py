"""Article records, the import limits, and the field checks every format shares."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import MappingProxyType

from annotations.weburl import InvalidURLError, check_web_url

# A title made from the first line of the text is cut here (a given title that is too
# long is an error instead: it was somebody's data).
DERIVED_TITLE_CHARS = 300

# Record fields read from CSV columns / JSON keys, and their accepted aliases.
FIELDS = ("title", "text", "url", "outlet", "author", "published", "language")
ALIASES = {"body": "text", "date": "published"}


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    title: str
    text: str
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: datetime | None = None  # timezone-aware; naive input taken as UTC
    language: str = ""
    location: str = ""  # "file.csv:12": where it came from, for messages


@dataclass(frozen=True, slots=True)
class RowError:
    location: str  # "path:line" (1-based) or "path" for whole-file errors
    message: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    records: list[ArticleRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportLimits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 5_000_000
    max_title_chars: int = 500
    max_url_chars: int = 2000
    max_outlet_chars: int = 200
    max_author_chars: int = 300
    max_language_chars: int = 35  # longest BCP 47 tags in practical use
    max_rows: int = 100_000

    @property
    def max_field_chars(self) -> Mapping[str, int]:
        """Per-field character limits, keyed by record field name."""
        return MappingProxyType(
            {
                "title": self.max_title_chars,
                "text": self.max_text_chars,
                "url": self.max_url_chars,
                "outlet": self.max_outlet_chars,
                "author": self.max_author_chars,
                "language": self.max_language_chars,
            }
        )


class BadRowError(Exception):
    """Internal: one row is bad; carries the readable message."""


# --- entry points


def derive_title(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:DERIVED_TITLE_CHARS].rstrip()
    return ""


def check_chars(value: str, label: str) -> None:
    # PostgreSQL text cannot hold NUL, and lone surrogates (possible via JSON "\ud800"
    # escapes) cannot be encoded: reject here, not as a crash at save time.
    if "\x00" in value:
        raise BadRowError(f"field '{label}' contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRowError(f"field '{label}' contains an invalid Unicode surrogate") from None


def check_length(value: str, label: str, limit: int) -> None:
    if len(value) > limit:
        raise BadRowError(f"field '{label}' is too long ({len(value):,} characters; limit {limit:,})")


def check_url(url: str) -> str:
    if not url:
        return ""
    # http(s) with a valid host only (annotations/weburl.py): the URL is rendered as a link
    # in the UI and exported, so javascript:, data:, '"><script>' and the like stop here.
    try:
        return check_web_url(url)
    except InvalidURLError as exc:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise BadRowError(f"invalid URL '{shown}' in 'url': {exc}") from None


LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def check_language(language: str) -> str:
    if language and not LANG_RE.fullmatch(language):
        raise BadRowError(f"invalid language tag '{language[:40]}' in 'language'")
    return language


def parse_date(value: str, label: str, *, allow_rfc2822: bool = False) -> datetime | None:
    """ISO 8601 date or datetime (RFC 2822 too where allowed); naive → UTC."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None = None
    try:
        # 3.11+ fromisoformat takes the common ISO 8601 forms: date only, 'T' or space,
        # 'Z', ±HH:MM and ±HHMM offsets, fractions.
        parsed = datetime.fromisoformat(value)
    except ValueError:
        if allow_rfc2822:
            try:
                parsed = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                parsed = None
    if parsed is None:
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise BadRowError(f"invalid date '{shown}' in '{label}'")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def build_record(
    fields: Mapping[str, str],
    *,
    location: str,
    limits: ImportLimits,
    text_label: str = "text",
    published_label: str = "published",
    allow_rfc2822: bool = False,
) -> ArticleRecord:
    """Validate one row's string fields into a record; raises BadRowError."""
    raw_text = fields.get("text")
    if raw_text is None:
        raise BadRowError(f"missing required field '{text_label}'")
    text = raw_text.replace("\r\n", "\n")
    if not text.strip():
        raise BadRowError(f"field '{text_label}' is empty or whitespace only")
    check_chars(text, text_label)
    check_length(text, text_label, limits.max_text_chars)

    clean: dict[str, str] = {}
    for key in ("title", "url", "outlet", "author", "language"):
        # Metadata is trimmed; only the body is kept verbatim.
        value = fields.get(key, "").strip()
        check_chars(value, key)
        check_length(value, key, limits.max_field_chars[key])
        clean[key] = value

    title = clean["title"] or derive_title(text)
    published = parse_date(fields.get("published", ""), published_label, allow_rfc2822=allow_rfc2822)
    return ArticleRecord(
        title=title,
        text=text,
        url=check_url(clean["url"]),
        outlet=clean["outlet"],
        author=clean["author"],
        published=published,
        language=check_language(clean["language"]),
        location=location,
    )


def resolve_aliases(keys: list[str]) -> tuple[dict[str, str], str | None]:
    """Map canonical field -> source key; second item is a readable conflict, if any."""
    mapping: dict[str, str] = {}
    for key in keys:
        canonical = ALIASES.get(key, key)
        if canonical not in FIELDS:
            continue  # unknown columns/keys are ignored
        if canonical in mapping:
            other = mapping[canonical]
            if other == key:
                return mapping, f"column '{key}' appears more than once"
            return (
                mapping,
                f"both '{other}' and '{key}' given (they are the same field)",
            )
        mapping[canonical] = key
    return mapping, None


# --- formats


def row_limit_error(location: str, limits: ImportLimits) -> RowError:
    return RowError(
        location,
        f"more than {limits.max_rows:,} rows; this row and the rest were not read",
    )


def file_error(name: str, message: str) -> ParseResult:
    return ParseResult(records=[], errors=[RowError(location=name, message=message)])
