"""Allow-listed filters: each parameter maps to one fixed lookup; there is no way for a
client to name an ORM field or lookup. Unknown query parameters are ignored; a bad value
for a known one answers 400."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from annotations.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    Source,
    SourceKind,
    SplitStatus,
    Stance,
    normalize_source_name,
)


class UtcDateTimeField(IsoDateTimeField):
    """ISO 8601, converted to UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts."""

    def to_python(self, value: Any) -> datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Enter a date and time between years 1 and 9999.") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1})
class IdFilter(django_filters.NumberFilter):
    """An id: a whole number (NumberFilter's DecimalField takes 1.5 and is typed float)."""

    field_class = forms.IntegerField


class ArticleFilter(django_filters.FilterSet):
    split_status = django_filters.ChoiceFilter(choices=SplitStatus.choices)
    outlet = django_filters.CharFilter(field_name="outlet", lookup_expr="exact", max_length=200)
    language = django_filters.CharFilter(field_name="language", lookup_expr="exact", max_length=16)
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields: list[str] = []


def _queue(queryset: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
    """The review queue's filters are applied together by ``ClaimFilter.filter_queryset``."""
    return queryset


class ClaimFilter(django_filters.FilterSet):
    """The review queue's own filters (``selectors.ClaimFilters``, applied by
    ``selectors.claims_queue``: the queue's and exports' code path, with the no-anchoring rule
    on `verdict`), plus the API's own few (origin, stance, is_direct_quote, final_verdict,
    updated_after). The view says whose queue it is: ``queue_scope()`` gives the project, the
    caller's role and, for an article's claims, the article."""

    q = django_filters.CharFilter(
        method=_queue,
        max_length=500,
        label='Full-text search (web search syntax: words, "quoted phrase", -excluded, or).',
    )
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, method=_queue)
    verdict = django_filters.CharFilter(
        method=_queue,
        max_length=32,
        label="A verdict value: the claim's final verdict, or any reviewer's you may see (no anchoring).",
    )
    article = IdFilter(method=_queue, min_value=1, max_value=2**63 - 1)
    source = IdFilter(method=_queue, min_value=1, max_value=2**63 - 1)
    outlet = django_filters.CharFilter(method=_queue, max_length=200, label="The article's outlet (exact).")
    published_from = django_filters.DateFilter(
        method=_queue, label="Articles published on or after (YYYY-MM-DD)."
    )
    published_to = django_filters.DateFilter(
        method=_queue, label="Articles published on or before (YYYY-MM-DD)."
    )
    assigned = django_filters.CharFilter(
        method=_queue,
        max_length=150,
        label="`me`, `none` (nobody), or a member's username: claims assigned to them, one by one or "
        "with their article (the review queue's Assigned filter).",
    )
    dismissed = django_filters.ChoiceFilter(
        choices=[("false", "false"), ("true", "true"), ("any", "any")],
        method=_queue,
        label="Claims marked not check-worthy: `false` (the default) leaves them out, `true` lists only "
        "them, `any` both.",
    )
    origin = django_filters.ChoiceFilter(choices=ClaimOrigin.choices)
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    # A choice, not BooleanFilter: that one silently ignores a value it cannot read.
    is_direct_quote = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="quote"
    )
    final_verdict = django_filters.CharFilter(field_name="final_verdict", lookup_expr="exact", max_length=32)
    updated_after = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        from annotations.selectors import ClaimFilters, Reader, claims_queue

        project, role, article_id = self.request.parser_context["view"].queue_scope()
        user_id = int(self.request.user.pk or 0)
        d = self.form.cleaned_data
        assigned = d.get("assigned") or ""
        assignee: int | None = None
        if assigned == "me":
            assignee = user_id
        elif assigned and assigned != "none":
            # Assignments exist only for members: another name simply matches nothing.
            assignee = User.objects.filter(username=assigned).values_list("pk", flat=True).first() or 0
        filters = ClaimFilters(
            q=d.get("q") or "",
            status=d.get("status") or "",
            verdict=d.get("verdict") or "",
            source=d.get("source"),
            outlet=d.get("outlet") or "",
            article=article_id if article_id is not None else d.get("article"),
            published_from=d.get("published_from"),
            published_to=d.get("published_to"),
            assigned_to=assignee,
            unassigned=assigned == "none",
            dismissed={"true": "only", "any": "any"}.get(d.get("dismissed") or "", ""),
        )
        claims = claims_queue(project=project, filters=filters, reader=Reader(user_id=user_id, role=role))
        if article_id is not None and d.get("article") not in (None, article_id):
            claims = claims.none()  # ?article= naming another article than the path's
        return super().filter_queryset(claims)

    def quote(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(is_direct_quote=value == "true")


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    name = django_filters.CharFilter(
        method="by_name", max_length=300, label="Name or alias (normalised, exact)."
    )

    class Meta:
        model = Source
        fields: list[str] = []

    def by_name(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        from django.db.models import Q

        key = normalize_source_name(value)
        return queryset.filter(Q(normalized_name=key) | Q(aliases__contains=[key])) if key else queryset
