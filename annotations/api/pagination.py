from __future__ import annotations

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pagination on every list: stable under inserts, and O(page) at any depth.

    Lists order by id (unique, indexed) so the cursor is a plain position, never an offset.
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CursorAscending(Cursor):
    ordering = "id"
