"""Allow-listed filters: each parameter maps to one fixed lookup; there is no way for a
client to name an ORM field or lookup. Unknown query parameters are ignored; a bad value
for a known one answers 400."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery
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


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=500,
        label='Full-text search (web search syntax: words, "quoted phrase", -excluded, or).',
    )
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    origin = django_filters.ChoiceFilter(choices=ClaimOrigin.choices)
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    article = IdFilter(field_name="article_id", min_value=1, max_value=2**63 - 1)
    source = IdFilter(field_name="source_id", min_value=1, max_value=2**63 - 1)
    # A choice, not BooleanFilter: that one silently ignores a value it cannot read.
    is_direct_quote = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="quote"
    )
    final_verdict = django_filters.CharFilter(field_name="final_verdict", lookup_expr="exact", max_length=32)
    updated_after = UtcDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    assigned = django_filters.CharFilter(
        method="by_assignee",
        max_length=150,
        label="`me`, `none` (nobody), or a member's username: claims assigned to them, one by one or "
        "with their article (the review queue's Assigned filter).",
    )
    dismissed = django_filters.ChoiceFilter(
        choices=[("false", "false"), ("true", "true"), ("any", "any")],
        method="by_dismissed",
        label="Claims marked not check-worthy: `false` (the default) leaves them out, `true` lists only "
        "them, `any` both.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        claims = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("dismissed"):
            # Like the review queue: dismissed claims only when asked for.
            claims = claims.filter(dismissed_at__isnull=True)
        return claims

    def by_dismissed(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if value == "true":
            return queryset.filter(dismissed_at__isnull=False)
        if value == "false":
            return queryset.filter(dismissed_at__isnull=True)
        return queryset

    def by_assignee(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        from annotations.selectors import assigned_to, nobody_assigned

        if value == "none":
            return queryset.filter(nobody_assigned())
        if value == "me":
            user_id = getattr(self.request, "user", None) and self.request.user.pk
        else:
            # Assignments exist only for members: another name simply matches nothing.
            user_id = User.objects.filter(username=value).values_list("pk", flat=True).first()
        return queryset.filter(assigned_to(user_id or 0))

    def quote(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(is_direct_quote=value == "true")

    def search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if not value.strip():
            return queryset
        # The stored, GIN-indexed search_vector column (same configuration as the query).
        return queryset.filter(search_vector=SearchQuery(value, config="english", search_type="websearch"))


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
