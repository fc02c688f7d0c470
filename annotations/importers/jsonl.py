"""JSON Lines (.jsonl): one article per line, an object with the record fields (or aliases)."""

from __future__ import annotations

import json
from typing import Any

from annotations.importers.records import (
    ALIASES,
    FIELDS,
    ArticleRecord,
    BadRowError,
    ImportLimits,
    ParseResult,
    RowError,
    build_record,
    resolve_aliases,
    row_limit_error,
)


def parse_jsonl(content: str, name: str, limits: ImportLimits) -> ParseResult:
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
            errors.append(row_limit_error(location, limits))
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
        except BadRowError as exc:
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
        canonical = ALIASES.get(norm, norm)
        if canonical not in FIELDS:
            continue
        if norm in normalised:
            raise BadRowError(f"key '{norm}' appears more than once")
        normalised[norm] = value
    mapping, conflict = resolve_aliases(list(normalised))
    if conflict:
        raise BadRowError(conflict)
    fields: dict[str, str] = {}
    for canonical, key in mapping.items():
        value = normalised[key]
        if value is None:
            continue  # null means "not given"
        if not isinstance(value, str):
            raise BadRowError(f"field '{key}' must be a string, got {_json_type(value)}")
        fields[canonical] = value
    return build_record(
        fields,
        location=location,
        limits=limits,
        text_label=mapping.get("text", "text"),
        published_label=mapping.get("published", "published"),
    )
