"""Turn article files (.txt, .md, .html/.htm, .jsonl, .csv) into article records.

Plain parsing with no Django: ``manage.py import_articles`` and the upload view call
:func:`read_articles` / :func:`parse_bytes` and store what comes back.

Contract:

* Bad content never raises. Each bad row becomes a :class:`RowError` with a
  ``"name:line"`` location (1-based; for CSV the physical line where the record
  starts), whole-file problems a :class:`RowError` located at ``"name"``; good rows
  still come through.
* The article body is stored verbatim because character offsets point into it: the
  only change made is ``\\r\\n`` -> ``\\n``. Nothing is silently truncated except
  a title *derived* from the first line of the text (cut to 300 characters).
* No network access: HTML is extracted from the given bytes by trafilatura, which is
  never handed a URL to fetch.
* Names (paths, upload names) are used only for the suffix and for messages; the only
  thing ever opened is the path given to :func:`read_articles`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from annotations.weburl import InvalidURLError, check_web_url

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ArticleRecord",
    "ImportLimits",
    "ParseResult",
    "RowError",
    "parse_bytes",
    "read_articles",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".jsonl", ".csv"})

# A title made from the first line of the text is cut here (a given title that is too
# long is an error instead: it was somebody's data).
DERIVED_TITLE_CHARS = 300

# Record fields read from CSV columns / JSON keys, and their accepted aliases.
_FIELDS = ("title", "text", "url", "outlet", "author", "published", "language")
_ALIASES = {"body": "text", "date": "published"}


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


class _BadRowError(Exception):
    """Internal: one row is bad; carries the readable message."""


# --- entry points


def read_articles(
    path: os.PathLike[str] | str,
    *,
    limits: ImportLimits = ImportLimits(),  # frozen, so a shared default is safe
    outlet_default: str = "",
) -> ParseResult:
    """Read one file from disk. Never raises for bad content or a bad path."""
    name = _display_name(os.fspath(path))
    try:
        # stat before anything else so a directory or a missing file gets a clear
        # message instead of an "unsupported suffix" one.
        st = os.stat(path)
    except FileNotFoundError:
        return _file_error(name, "file not found")
    except PermissionError:
        return _file_error(name, "cannot read file: permission denied")
    except OSError as exc:
        return _file_error(name, f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        return _file_error(name, "is a directory, not a file")
    suffix_error = _check_suffix(name)
    if suffix_error is not None:
        return suffix_error
    if not stat.S_ISREG(st.st_mode):
        # FIFOs and devices could block or never end.
        return _file_error(name, "not a regular file")
    if st.st_size > limits.max_file_bytes:
        return _file_error(name, _too_big_message(st.st_size, limits))
    try:
        data = _read_bounded(path, limits.max_file_bytes)
    except PermissionError:
        return _file_error(name, "cannot read file: permission denied")
    except OSError as exc:
        return _file_error(name, f"cannot read file: {exc.strerror or exc}")
    if data is None:
        return _file_error(name, _too_big_message(None, limits))
    return _parse(data, name=name, limits=limits, outlet_default=outlet_default)


def parse_bytes(
    data: bytes,
    *,
    name: str,
    limits: ImportLimits = ImportLimits(),  # frozen, so a shared default is safe
    outlet_default: str = "",
) -> ParseResult:
    """Parse uploaded bytes; ``name`` gives the suffix and the location prefix only."""
    display = _display_name(name)
    suffix_error = _check_suffix(display)
    if suffix_error is not None:
        return suffix_error
    if len(data) > limits.max_file_bytes:
        return _file_error(display, _too_big_message(len(data), limits))
    return _parse(data, name=display, limits=limits, outlet_default=outlet_default)


# --- file level


def _display_name(name: str) -> str:
    # Names only appear in messages: keep control characters (newlines in an upload
    # name, terminal escapes) out of logs and the UI.
    return "".join(ch if ch.isprintable() else "?" for ch in name) or "<unnamed>"


def _suffix(name: str) -> str:
    # Upload names may come from Windows; the suffix is all that matters here.
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _check_suffix(name: str) -> ParseResult | None:
    suffix = _suffix(name)
    if suffix in SUPPORTED_SUFFIXES:
        return None
    shown = f"'{suffix}'" if suffix else "none"
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return _file_error(name, f"unsupported file type (suffix {shown}); supported: {supported}")


def _too_big_message(size: int | None, limits: ImportLimits) -> str:
    got = f" ({size:,} bytes)" if size is not None else ""
    return f"file is larger than the limit of {limits.max_file_bytes:,} bytes{got}"


def _read_bounded(path: os.PathLike[str] | str, max_bytes: int) -> bytes | None:
    """Read at most ``max_bytes``; None if the file turns out to be larger.

    The size was checked with stat already, but the file can grow in between; reading
    one byte past the limit catches that without reading the whole thing.
    """
    # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open must not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError("not a regular file")
        data = fh.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _file_error(name: str, message: str) -> ParseResult:
    return ParseResult(records=[], errors=[RowError(location=name, message=message)])


def _decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); raises _BadRowError rather than guessing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _BadRowError("not UTF-8 text (looks like UTF-16; save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _BadRowError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} on line {line})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _BadRowError(f"not UTF-8 text (NUL byte on line {line}; binary file?)")
    return text


def _parse(data: bytes, *, name: str, limits: ImportLimits, outlet_default: str) -> ParseResult:
    if not data.strip():
        # Covers 0 bytes and whitespace-only files alike.
        return _file_error(name, "file is empty" if not data else "file contains only whitespace")
    try:
        content = _decode(data).replace("\r\n", "\n")
    except _BadRowError as exc:
        return _file_error(name, str(exc))
    if not content.strip():  # e.g. only a BOM
        return _file_error(name, "file contains only whitespace")

    parser = _PARSERS[_suffix(name)]
    result = parser(content, name, limits)
    records = result.records
    if outlet_default:
        default = outlet_default.strip()[: limits.max_outlet_chars]
        records = [r if r.outlet else replace(r, outlet=default) for r in records]
    if not records and not result.errors:
        return _file_error(name, "no articles found in file")
    return ParseResult(records=records, errors=result.errors)


# --- field checks


def _derive_title(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:DERIVED_TITLE_CHARS].rstrip()
    return ""


def _check_chars(value: str, label: str) -> None:
    # PostgreSQL text cannot hold NUL, and lone surrogates (possible via JSON "\ud800"
    # escapes) cannot be encoded: reject here, not as a crash at save time.
    if "\x00" in value:
        raise _BadRowError(f"field '{label}' contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _BadRowError(f"field '{label}' contains an invalid Unicode surrogate") from None


def _check_length(value: str, label: str, limit: int) -> None:
    if len(value) > limit:
        raise _BadRowError(f"field '{label}' is too long ({len(value):,} characters; limit {limit:,})")


def _check_url(url: str) -> str:
    if not url:
        return ""
    # http(s) with a valid host only (annotations/weburl.py): the URL is rendered as a link
    # in the UI and exported, so javascript:, data:, '"><script>' and the like stop here.
    try:
        return check_web_url(url)
    except InvalidURLError as exc:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise _BadRowError(f"invalid URL '{shown}' in 'url': {exc}") from None


_LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _check_language(language: str) -> str:
    if language and not _LANG_RE.fullmatch(language):
        raise _BadRowError(f"invalid language tag '{language[:40]}' in 'language'")
    return language


def _parse_date(value: str, label: str, *, allow_rfc2822: bool = False) -> datetime | None:
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
        raise _BadRowError(f"invalid date '{shown}' in '{label}'")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _build_record(
    fields: Mapping[str, str],
    *,
    location: str,
    limits: ImportLimits,
    text_label: str = "text",
    published_label: str = "published",
    allow_rfc2822: bool = False,
) -> ArticleRecord:
    """Validate one row's string fields into a record; raises _BadRowError."""
    raw_text = fields.get("text")
    if raw_text is None:
        raise _BadRowError(f"missing required field '{text_label}'")
    text = raw_text.replace("\r\n", "\n")
    if not text.strip():
        raise _BadRowError(f"field '{text_label}' is empty or whitespace only")
    _check_chars(text, text_label)
    _check_length(text, text_label, limits.max_text_chars)

    clean: dict[str, str] = {}
    for key in ("title", "url", "outlet", "author", "language"):
        # Metadata is trimmed; only the body is kept verbatim.
        value = fields.get(key, "").strip()
        _check_chars(value, key)
        _check_length(value, key, limits.max_field_chars[key])
        clean[key] = value

    title = clean["title"] or _derive_title(text)
    published = _parse_date(fields.get("published", ""), published_label, allow_rfc2822=allow_rfc2822)
    return ArticleRecord(
        title=title,
        text=text,
        url=_check_url(clean["url"]),
        outlet=clean["outlet"],
        author=clean["author"],
        published=published,
        language=_check_language(clean["language"]),
        location=location,
    )


def _resolve_aliases(keys: list[str]) -> tuple[dict[str, str], str | None]:
    """Map canonical field -> source key; second item is a readable conflict, if any."""
    mapping: dict[str, str] = {}
    for key in keys:
        canonical = _ALIASES.get(key, key)
        if canonical not in _FIELDS:
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


def _parse_plain(content: str, name: str, limits: ImportLimits, *, markdown: bool) -> ParseResult:
    title = _markdown_title(content) if markdown else _derive_title(content)
    try:
        record = _build_record({"text": content, "title": title}, location=name, limits=limits)
    except _BadRowError as exc:
        return _file_error(name, str(exc))
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


def _parse_txt(content: str, name: str, limits: ImportLimits) -> ParseResult:
    return _parse_plain(content, name, limits, markdown=False)


def _parse_md(content: str, name: str, limits: ImportLimits) -> ParseResult:
    return _parse_plain(content, name, limits, markdown=True)


def _parse_jsonl(content: str, name: str, limits: ImportLimits) -> ParseResult:
    records: list[ArticleRecord] = []
    errors: list[RowError] = []
    rows = 0
    # split("\n"), not splitlines(): U+2028 and friends are legal inside JSON strings.
    for lineno, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        location = f"{name}:{lineno}"
        rows += 1
        if rows > limits.max_rows:
            errors.append(_row_limit_error(location, limits))
            break
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(RowError(location, f"malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        except (ValueError, RecursionError):
            # Huge integers and absurd nesting are bad content too, not crashes.
            errors.append(RowError(location, "malformed JSON: value too large or too deeply nested"))
            continue
        if not isinstance(obj, dict):
            errors.append(RowError(location, f"expected a JSON object, got {_json_type(obj)}"))
            continue
        try:
            records.append(_record_from_json(obj, location, limits))
        except _BadRowError as exc:
            errors.append(RowError(location, str(exc)))
    return ParseResult(records=records, errors=errors)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _record_from_json(obj: dict[str, Any], location: str, limits: ImportLimits) -> ArticleRecord:
    # Keys are matched like CSV headers (case-insensitive, trimmed) so the two formats
    # accept the same files; non-string keys cannot occur in JSON.
    normalised: dict[str, Any] = {}
    for key, value in obj.items():
        norm = key.strip().lower()
        canonical = _ALIASES.get(norm, norm)
        if canonical not in _FIELDS:
            continue
        if norm in normalised:
            raise _BadRowError(f"key '{norm}' appears more than once")
        normalised[norm] = value
    mapping, conflict = _resolve_aliases(list(normalised))
    if conflict:
        raise _BadRowError(conflict)
    fields: dict[str, str] = {}
    for canonical, key in mapping.items():
        value = normalised[key]
        if value is None:
            continue  # null means "not given"
        if not isinstance(value, str):
            raise _BadRowError(f"field '{key}' must be a string, got {_json_type(value)}")
        fields[canonical] = value
    return _build_record(
        fields,
        location=location,
        limits=limits,
        text_label=mapping.get("text", "text"),
        published_label=mapping.get("published", "published"),
    )


def _row_limit_error(location: str, limits: ImportLimits) -> RowError:
    return RowError(
        location,
        f"more than {limits.max_rows:,} rows; this row and the rest were not read",
    )


def _ensure_csv_field_limit(limits: ImportLimits) -> None:
    # The csv module's default field limit (128 KiB) is far below a long article.
    # Raise it (process-wide, never lowered) to what a file within the limits can hold,
    # so csv never raises on size and our own per-field checks give the message.
    wanted = min(max(limits.max_text_chars, limits.max_file_bytes) + 1, sys.maxsize)
    wanted = min(wanted, 2**31 - 1)  # C long on Windows
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _parse_csv(content: str, name: str, limits: ImportLimits) -> ParseResult:
    _ensure_csv_field_limit(limits)
    # newline="": the csv module handles line breaks inside quoted fields itself.
    # strict: a stray quote is reported on its row instead of being merged silently,
    # and an unterminated quote does not swallow the rest of the file unnoticed.
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    rows = _csv_rows(reader)

    header: list[str] | None = None
    header_line = 0
    records: list[ArticleRecord] = []
    errors: list[RowError] = []
    for start, row_or_error in rows:
        if isinstance(row_or_error, str):
            if header is None:
                return _file_error(name, f"CSV header on line {start}: {row_or_error}")
            errors.append(RowError(f"{name}:{start}", row_or_error))
            continue
        header, header_line = [cell.strip().lower() for cell in row_or_error], start
        break
    if header is None:
        return _file_error(name, "no CSV header row")

    mapping, conflict = _resolve_aliases(header)
    if conflict:
        return _file_error(name, f"CSV header on line {header_line}: {conflict}")
    if "text" not in mapping:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " (the file looks semicolon- or tab-separated; use commas)"
        return _file_error(
            name,
            f"CSV header has no 'text' (or 'body') column; found: {_shown_header(header)}{hint}",
        )
    index = {canonical: header.index(key) for canonical, key in mapping.items()}

    count = 0
    for start, row_or_error in rows:
        location = f"{name}:{start}"
        count += 1
        if count > limits.max_rows:
            errors.append(_row_limit_error(location, limits))
            break
        if isinstance(row_or_error, str):
            errors.append(RowError(location, row_or_error))
            continue
        row = row_or_error
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            # Usually an unquoted comma: columns would be shifted, so don't guess.
            errors.append(
                RowError(
                    location,
                    f"row has {len(row)} fields but the header has {len(header)}",
                )
            )
            continue
        fields = {canonical: row[i] if i < len(row) else "" for canonical, i in index.items()}
        try:
            records.append(
                _build_record(
                    fields,
                    location=location,
                    limits=limits,
                    text_label=mapping["text"],
                    published_label=mapping.get("published", "published"),
                )
            )
        except _BadRowError as exc:
            errors.append(RowError(location, str(exc)))
    return ParseResult(records=records, errors=errors)


def _shown_header(header: list[str]) -> str:
    shown = ", ".join(f"'{h[:40]}'" for h in header[:10])
    return shown + (", ..." if len(header) > 10 else "")


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str] | str]]:
    """Yield (start line, row) or (start line, error message); blank lines skipped.

    The start line is one past where the previous record ended, which is where this
    record begins physically, even when quoted fields span several lines.
    """
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "unterminated quoted field (a '\"' is never closed)"
            yield before + 1, f"malformed CSV: {message}"
            if reader.line_num == before:
                return  # no progress: stop rather than loop forever
            continue
        if not row or all(not cell.strip() for cell in row):
            continue
        yield before + 1, row


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


def _parse_html(content: str, name: str, limits: ImportLimits) -> ParseResult:
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
        return _file_error(name, f"could not extract text from HTML ({type(exc).__name__})")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return _file_error(name, "no article text could be extracted from the HTML")

    raw_published, html_lang = _html_extras(content)
    published = ""
    if raw_published:
        try:
            if _parse_date(raw_published, "published", allow_rfc2822=True):
                published = raw_published
        except _BadRowError:
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
        "language": meta("language") or (html_lang if _LANG_RE.fullmatch(html_lang) else ""),
    }
    try:
        record = _build_record(fields, location=name, limits=limits, allow_rfc2822=True)
    except _BadRowError as exc:
        return _file_error(name, str(exc))
    return ParseResult(records=[record], errors=[])


_PARSERS: dict[str, Callable[[str, str, ImportLimits], ParseResult]] = {
    ".txt": _parse_txt,
    ".md": _parse_md,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".jsonl": _parse_jsonl,
    ".csv": _parse_csv,
}
