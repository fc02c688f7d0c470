from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, Any

from rest_framework.parsers import JSONParser

from annotations.api.exceptions import PayloadTooLarge

# DRF reads the body stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not apply;
# this bounds what one request may make us hold in memory (a bulk import of a few thousand
# long articles fits).
MAX_BODY_BYTES = 64 * 1024 * 1024


class LimitedJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if str(declared).isdigit() and int(declared) > MAX_BODY_BYTES:
            raise PayloadTooLarge()
        data = stream.read(MAX_BODY_BYTES + 1)
        if len(data) > MAX_BODY_BYTES:
            raise PayloadTooLarge()
        return super().parse(io.BytesIO(data), media_type, parser_context)
