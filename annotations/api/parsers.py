"""The API's one request parser: JSON, bounded in size and in nesting depth.

Size: DRF (>= 3.16) reads a JSONParser's body through Django's `request.body`, which applies
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB, meant for HTML forms) and answers an HTML 400 above it;
a 3,000-article bulk call is 3 MB. This parser is therefore not a JSONParser subclass: DRF
hands it the request stream and it reads at most `settings.CLAIMDESK_API_MAX_BODY_BYTES`
itself (413 `{"detail": ...}` above; the body is refused from Content-Length before anything
is read when that is declared). The request is authenticated before its body is read, so an
anonymous client cannot make us buffer anything.

Depth: the json module recurses once per nesting level; 100,000 `[` would raise
RecursionError (a 500). No request of this API nests deeper than a few levels, so anything
deeper than MAX_DEPTH is refused as a 400.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

from annotations.api.exceptions import PayloadTooLarge

MAX_DEPTH = 32


def body_limit() -> int:
    return int(settings.CLAIMDESK_API_MAX_BODY_BYTES)


def too_large(size: int | None = None) -> PayloadTooLarge:
    limit = body_limit()
    what = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes"
    return PayloadTooLarge(
        f"The request body is {what}; the limit is {limit:,} bytes ({limit / 2**20:g} MiB). "
        "Send fewer articles per call."
    )


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True if containers nest deeper than `limit` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class LimitedJSONParser(BaseParser):
    media_type = "application/json"

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        context = parser_context or {}
        request = context.get("request")
        limit = body_limit()
        declared = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if str(declared).isdigit() and int(declared) > limit:
            raise too_large(int(declared))
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise too_large()
        encoding = context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(data, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - the body is not valid {encoding}: {exc}") from None
        try:
            parsed = json.loads(
                text, parse_constant=drf_json.strict_constant if api_settings.STRICT_JSON else None
            )
        except RecursionError:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if _depth_exceeds(parsed, MAX_DEPTH):
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        return parsed
