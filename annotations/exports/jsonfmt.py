"""JSON (one document with a ``claims`` array) and JSON Lines (one record per line).

Both carry the full nested record (``records.py``). The JSON document is written piece by
piece, so it is never held in memory either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from annotations.exports.records import Record

FORMAT_NAME = "claimdesk.claims"
FORMAT_VERSION = 1


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(_dump(record))
        out.write("\n")
        n += 1
    return n


def write_json(records: Iterable[Record], out: IO[str], *, header: dict[str, Any]) -> int:
    head = _dump({"format": FORMAT_NAME, "version": FORMAT_VERSION, **header})
    # Open the object, then stream the array into it.
    out.write(head[:-1] + ',"claims":[')
    n = 0
    for record in records:
        out.write(",\n" if n else "\n")
        out.write(_dump(record))
        n += 1
    out.write("\n]}\n")
    return n
