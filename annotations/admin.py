from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from annotations.importers import ArticleRecord
from annotations.models import (
    Annotation,
    Article,
    Claim,
    Evidence,
    EvidenceDocument,
    Membership,
    Project,
    Sentence,
    Source,
    normalize_source_name,
)
from annotations.services.articles import ImportRequest, article_record_problems, import_run
from annotations.services.splitting import article_request_resplit


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


def _record(data: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        title=data.get("title") or "",
        text=data.get("body") or "",
        url=data.get("url") or "",
        outlet=data.get("outlet") or "",
        author=data.get("author") or "",
        published=data.get("published_at"),
        language=data.get("language") or "",
        location="admin",
    )


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

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form

        class AddArticleForm(form):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if data.get("project") and data.get("body"):
                    problems = article_record_problems(project=data["project"], record=_record(data))
                    if problems:
                        raise ValidationError(problems)
                return data

        return AddArticleForm

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change:  # only metadata: the body is read-only once the article exists
            super().save_model(request, obj, form, change)
            return
        # A new article goes through the import use case like every other door (validation,
        # duplicate check, queued for splitting after commit). The admin acts as the operator,
        # not as a project member, so no role is checked.
        outcome = import_run(
            project=obj.project, user=None, request=ImportRequest(records=[_record(form.cleaned_data)])
        )
        if not outcome.created:
            problems = [message for _, message in outcome.errors] or ["the project already has this text"]
            raise ValidationError("; ".join(problems))
        Article.objects.filter(pk=outcome.created[0]).update(created_by=request.user)
        obj.pk = outcome.created[0]
        obj.refresh_from_db()

    @admin.action(description="Split again with the current engine")
    def resplit(self, request: HttpRequest, queryset: Any) -> None:
        for article in queryset:
            article_request_resplit(article=article, user=None)


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


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ["claim", "added_by"]


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["url", "project", "capture_status", "fetched_at", "capture_attempts"]
    list_filter = ["capture_status", "project"]
    search_fields = ["url", "normalized_url"]
    readonly_fields = [
        "normalized_url",
        "capture_status",
        "capture_error",
        "capture_attempts",
        "capture_requested_at",
        "page_title",
        "final_url",
        "captured_text",
        "content_hash",
        "fetched_at",
    ]
    inlines = [EvidenceInline]


admin.site.register(Sentence)
