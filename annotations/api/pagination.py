from __future__ import annotations

from rest_framework.exceptions import NotFound
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
