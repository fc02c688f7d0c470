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

import os
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from annotations.importers import jsonl, pages, plain, tabular
from annotations.importers.records import (
    ArticleRecord,
    BadRowError,
    ImportLimits,
    ParseResult,
    RowError,
    file_error,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ArticleRecord",
    "ImportLimits",
    "ParseResult",
    "RowError",
    "parse_bytes",
    "read_articles",
]

# One parser per format, by file suffix: adding a format is a module and a line here.
PARSERS: dict[str, Callable[[str, str, ImportLimits], ParseResult]] = {
    ".txt": plain.parse_txt,
    ".md": plain.parse_md,
    ".html": pages.parse_html,
    ".htm": pages.parse_html,
    ".jsonl": jsonl.parse_jsonl,
    ".csv": tabular.parse_csv,
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(PARSERS)
# Frozen, so one shared default is safe.
DEFAULT_LIMITS = ImportLimits()


def read_articles(
    path: os.PathLike[str] | str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    outlet_default: str = "",
) -> ParseResult:
    """Read one file from disk. Never raises for bad content or a bad path."""
    name = _display_name(os.fspath(path))
    try:
        # stat before anything else so a directory or a missing file gets a clear
        # message instead of an "unsupported suffix" one.
        st = os.stat(path)
    except FileNotFoundError:
        return file_error(name, "file not found")
    except PermissionError:
        return file_error(name, "cannot read file: permission denied")
    except OSError as exc:
        return file_error(name, f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        return file_error(name, "is a directory, not a file")
    suffix_error = _check_suffix(name)
    if suffix_error is not None:
        return suffix_error
    if not stat.S_ISREG(st.st_mode):
        # FIFOs and devices could block or never end.
        return file_error(name, "not a regular file")
    if st.st_size > limits.max_file_bytes:
        return file_error(name, _too_big_message(st.st_size, limits))
    try:
        data = _read_bounded(path, limits.max_file_bytes)
    except PermissionError:
        return file_error(name, "cannot read file: permission denied")
    except OSError as exc:
        return file_error(name, f"cannot read file: {exc.strerror or exc}")
    if data is None:
        return file_error(name, _too_big_message(None, limits))
    return _parse(data, name=name, limits=limits, outlet_default=outlet_default)


def parse_bytes(
    data: bytes,
    *,
    name: str,
    limits: ImportLimits = DEFAULT_LIMITS,
    outlet_default: str = "",
) -> ParseResult:
    """Parse uploaded bytes; ``name`` gives the suffix and the location prefix only."""
    display = _display_name(name)
    suffix_error = _check_suffix(display)
    if suffix_error is not None:
        return suffix_error
    if len(data) > limits.max_file_bytes:
        return file_error(display, _too_big_message(len(data), limits))
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
    return file_error(name, f"unsupported file type (suffix {shown}); supported: {supported}")


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


def _decode(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); raises BadRowError rather than guessing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadRowError("not UTF-8 text (looks like UTF-16; save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadRowError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} on line {line})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BadRowError(f"not UTF-8 text (NUL byte on line {line}; binary file?)")
    return text


def _parse(data: bytes, *, name: str, limits: ImportLimits, outlet_default: str) -> ParseResult:
    if not data.strip():
        # Covers 0 bytes and whitespace-only files alike.
        return file_error(name, "file is empty" if not data else "file contains only whitespace")
    try:
        content = _decode(data).replace("\r\n", "\n")
    except BadRowError as exc:
        return file_error(name, str(exc))
    if not content.strip():  # e.g. only a BOM
        return file_error(name, "file contains only whitespace")

    parser = PARSERS[_suffix(name)]
    result = parser(content, name, limits)
    records = result.records
    if outlet_default:
        default = outlet_default.strip()[: limits.max_outlet_chars]
        records = [r if r.outlet else replace(r, outlet=default) for r in records]
    if not records and not result.errors:
        return file_error(name, "no articles found in file")
    return ParseResult(records=records, errors=result.errors)


# --- field checks
