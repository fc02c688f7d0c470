"""The review queue's filters as stored on an ExportJob (JSON) and read back.

Keys are ClaimFilters' field names. A missing ``status`` means the default, verified
claims; an explicit empty ``status`` means any status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from annotations.models import ClaimStatus
from annotations.selectors import DISMISSED_CHOICES, ClaimFilters

DEFAULT_STATUS = ClaimStatus.VERIFIED
_TEXT = ("q", "status", "verdict", "outlet", "dismissed")
_INTS = ("source", "article", "waiting_for", "assigned_to")
_DATES = ("published_from", "published_to")
_BOOLS = ("unassigned",)


class FilterError(ValueError):
    """A filter that cannot be read; the message is shown to the user."""


def filters_from_json(data: dict[str, Any] | None) -> ClaimFilters:
    data = dict(data or {})
    unknown = set(data) - {*_TEXT, *_INTS, *_DATES, *_BOOLS}
    if unknown:
        raise FilterError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {"status": str(DEFAULT_STATUS)}
    for key in _TEXT:
        if key in data:
            if not isinstance(data[key], str):
                raise FilterError(f"filter {key!r} must be text")
            values[key] = data[key].strip()
    if values["status"] and values["status"] not in ClaimStatus.values:
        raise FilterError(f"status must be one of {', '.join(ClaimStatus.values)} (or empty for any)")
    dismissed_values = [value for value, _ in DISMISSED_CHOICES]
    if values.get("dismissed", "") not in dismissed_values:
        raise FilterError(f"dismissed must be one of {', '.join(repr(v) for v in dismissed_values)}")
    for key in _BOOLS:
        if key in data:
            if not isinstance(data[key], bool):
                raise FilterError(f"filter {key!r} must be true or false")
            values[key] = data[key]
    for key in _INTS:
        value = data.get(key)
        if value in (None, ""):
            continue
        # bool is an int in Python; a JSON true is not an id.
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            raise FilterError(f"filter {key!r} must be a whole number")
        values[key] = int(value)
    for key in _DATES:
        value = data.get(key)
        if value in (None, ""):
            continue
        try:
            values[key] = date.fromisoformat(str(value))
        except ValueError:
            raise FilterError(f"filter {key!r} must be a date (YYYY-MM-DD)") from None
    return ClaimFilters(**values)


def filters_to_json(filters: ClaimFilters) -> dict[str, Any]:
    """The filters that differ from "nothing chosen", JSON-ready (status always kept)."""
    out: dict[str, Any] = {"status": filters.status}
    for key in (*_TEXT, *_INTS, *_DATES, *_BOOLS):
        value = getattr(filters, key)
        if key != "status" and value not in (None, "", False):
            out[key] = value.isoformat() if isinstance(value, date) else value
    return out
