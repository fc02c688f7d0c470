"""Server-rendered pages: thin, they call selectors and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.models import Article, Project


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = selectors.projects_for_user(user=request.user)
    return render(request, "annotations/project_list.html", {"projects": projects})


@login_required
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        project = selectors.project_for_user(user=request.user, slug=slug)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    return render(
        request,
        "annotations/project_detail.html",
        {
            "project": project,
            "articles": selectors.articles_for_project(project=project)[:200],
            "split_counts": selectors.article_split_counts(project=project),
        },
    )


@login_required
@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = selectors.article_for_user(user=request.user, article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    sentences = list(article.sentences.all())
    claims = list(article.claims.all())
    rows = [
        {
            "sentence": s,
            "text": article.body[s.start : s.end],
            "claims": [c for c in claims if s.start <= c.start < s.end],
        }
        for s in sentences
    ]
    return render(
        request,
        "annotations/article_detail.html",
        {"article": article, "project": article.project, "rows": rows, "claim_count": len(claims)},
    )
