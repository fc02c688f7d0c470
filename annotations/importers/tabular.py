"""CSV (.csv): one article per row under a header naming the record fields (or aliases)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import Any

from annotations.importers.records import (
    ArticleRecord,
    BadRowError,
    ImportLimits,
    ParseResult,
    RowError,
    build_record,
    file_error,
    resolve_aliases,
    row_limit_error,
)


def _ensure_csv_field_limit(limits: ImportLimits) -> None:
    # The csv module's default field limit (128 KiB) is far below a long article.
    # Raise it (process-wide, never lowered) to what a file within the limits can hold,
    # so csv never raises on size and our own per-field checks give the message.
    wanted = min(max(limits.max_text_chars, limits.max_file_bytes) + 1, sys.maxsize)
    wanted = min(wanted, 2**31 - 1)  # C long on Windows
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def parse_csv(content: str, name: str, limits: ImportLimits) -> ParseResult:
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
                return file_error(name, f"CSV header on line {start}: {row_or_error}")
            errors.append(RowError(f"{name}:{start}", row_or_error))
            continue
        header, header_line = [cell.strip().lower() for cell in row_or_error], start
        break
    if header is None:
        return file_error(name, "no CSV header row")

    mapping, conflict = resolve_aliases(header)
    if conflict:
        return file_error(name, f"CSV header on line {header_line}: {conflict}")
    if "text" not in mapping:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " (the file looks semicolon- or tab-separated; use commas)"
        return file_error(
            name,
            f"CSV header has no 'text' (or 'body') column; found: {_shown_header(header)}{hint}",
        )
    index = {canonical: header.index(key) for canonical, key in mapping.items()}

    count = 0
    for start, row_or_error in rows:
        location = f"{name}:{start}"
        count += 1
        if count > limits.max_rows:
            errors.append(row_limit_error(location, limits))
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
                build_record(
                    fields,
                    location=location,
                    limits=limits,
                    text_label=mapping["text"],
                    published_label=mapping.get("published", "published"),
                )
            )
        except BadRowError as exc:
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
