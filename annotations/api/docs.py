"""Swagger UI under our CSP (script-src and style-src 'self', no inline anything)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template import engines
from django.template.backends.django import Template
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.renderers import TemplateHTMLRenderer

# drf-spectacular's page minus its inline <style> (three cosmetic rules the CSP would block);
# the split view already loads the init script from a URL instead of inline.
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>{{ title }}</title>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  {% if favicon_href %}<link rel="icon" href="{{ favicon_href }}">{% endif %}
  <link rel="stylesheet" href="{{ swagger_ui_css }}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{{ swagger_ui_bundle }}"></script>
  <script src="{{ swagger_ui_standalone }}"></script>
  <script src="{{ script_url }}"></script>
</body>
</html>
"""


class _Renderer(TemplateHTMLRenderer):
    def resolve_template(self, template_names: Iterable[str]) -> Template:
        template_names = list(template_names)
        if SwaggerDocs.template_name in template_names:
            return engines["django"].from_string(_PAGE)  # type: ignore[return-value]
        return super().resolve_template(template_names)


class SwaggerDocs(SpectacularSwaggerSplitView):
    renderer_classes = [_Renderer]
