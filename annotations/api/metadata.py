"""OPTIONS answers: what the endpoint renders and parses, and (in the Allow header) its
methods. DRF's default also describes the input of each write method, which means running
the view's permission checks and get_object() for an OPTIONS request: that 500s on views
without a queryset (`OPTIONS /claims/{id}/annotation/`) and duplicates the schema, which is
the one description of the inputs (/api/v1/schema/)."""

from __future__ import annotations

from typing import Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request


class PlainMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": "/api/v1/schema/",
        }
