from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor as CursorPosition
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class Cursor(CursorPagination):
    """Cursor pagination on every list: stable under inserts, and O(page) at any depth.

    Lists order by id (unique, indexed) so the cursor is a plain position, never an offset.
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        """`page_size`: a whole number from 1 (default 50); above 500 it is capped at 500.
        Anything else (`null`, `abc`, `0`, `-5`, `2.5`, empty) answers 400: DRF would quietly
        use the default, and a client would never learn its parameter was ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        digits = raw.lstrip("0")
        if not (raw.isascii() and raw.isdigit() and digits):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {self.max_page_size} (default {self.page_size}; "
                        f"larger values are capped at {self.max_page_size}), not {raw[:40]!r}."
                    ]
                }
            )
        return self.max_page_size if len(digits) > 6 else min(int(digits), self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page (default {self.page_size}; above {self.max_page_size} it is capped "
                    f"at {self.max_page_size})."
                )
        return parameters

    def decode_cursor(self, request: Request) -> CursorPosition | None:
        cursor = super().decode_cursor(request)
        # DRF checks the cursor's offset but not its position; a forged "p=abc" would reach
        # the id filter and fail there (500). Every ordering here is on an integer id.
        if cursor is not None and cursor.position is not None:
            try:
                int(cursor.position)
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class CursorAscending(Cursor):
    ordering = "id"
