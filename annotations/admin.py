from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import (
    Annotation,
    Article,
    Claim,
    Evidence,
    Membership,
    Project,
    Sentence,
    Source,
    body_hash,
    normalize_source_name,
)
from annotations.services.splitting import articles_enqueue_split


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "required_agreeing_reviews", "requires_editor_approval", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "outlet", "split_status", "engine_version", "created_at"]
    list_filter = ["split_status", "project"]
    search_fields = ["title", "outlet", "url"]
    readonly_fields = ["content_hash", "split_status", "split_error", "split_attempts", "engine_version"]
    actions = ["resplit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list[str]:
        # The body is verbatim and claims point into it by offset: never edited in place.
        return [*self.readonly_fields, "body", "project"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        obj.content_hash = body_hash(obj.body)
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        if not change:
            articles_enqueue_split(article_ids=[obj.pk])

    @admin.action(description="Split again with the current engine")
    def resplit(self, request: HttpRequest, queryset: Any) -> None:
        articles_enqueue_split(article_ids=list(queryset.values_list("pk", flat=True)), force=True)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "article", "speaker_text", "cue_text", "stance", "status", "origin"]
    list_filter = ["status", "stance", "origin", "article__project"]
    search_fields = ["text", "speaker_text"]
    raw_id_fields = ["article", "sentence", "source", "verified_by"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "kind", "default_reliability"]
    list_filter = ["kind", "default_reliability", "project"]
    search_fields = ["name", "normalized_name"]

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        obj.normalized_name = normalize_source_name(obj.name)
        super().save_model(request, obj, form, change)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(Annotation)
class AnnotationAdmin(SimpleHistoryAdmin):
    list_display = [
        "claim",
        "reviewer",
        "verdict",
        "source_reliability",
        "information_credibility",
        "confidence",
    ]
    list_filter = ["verdict", "source_reliability", "confidence"]
    raw_id_fields = ["claim", "source"]
    inlines = [EvidenceInline]


admin.site.register(Sentence)
