"""Articles: create one or many (split later by the workers), list, read, re-split, status."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from annotations import selectors
from annotations.api.filters import ArticleFilter, ClaimFilter
from annotations.api.idempotency import idempotent
from annotations.api.pagination import Cursor, CursorAscending
from annotations.api.schema import IDEMPOTENCY_KEY, responses
from annotations.api.serializers import (
    ArticleBulkInput,
    ArticleBulkResultSerializer,
    ArticleCreatedSerializer,
    ArticleDetailSerializer,
    ArticleInput,
    ArticleSerializer,
    ArticleStatusSerializer,
    ClaimAddInput,
    ClaimSerializer,
)
from annotations.api.views.base import ProjectScopedView, require_role
from annotations.importers import ArticleRecord
from annotations.models import Article, Claim, Project, body_hash
from annotations.permissions import Action
from annotations.services.articles import ImportRequest, article_create, import_run
from annotations.services.claims import claim_add
from annotations.services.splitting import article_request_resplit

TAGS = ["articles"]


def _record(index: int, fields: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        title=fields["title"],
        text=fields["body"],
        url=fields["url"],
        outlet=fields["outlet"],
        author=fields["author"],
        published=fields["published_at"],
        language=fields["language"],
        location=str(index),
    )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's articles (without bodies)",
        responses=responses({200: ArticleSerializer(many=True)}, 400, 404),
    ),
)
class ArticleListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = ArticleSerializer
    pagination_class = Cursor
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    throttle_scope = "import"

    def get_queryset(self) -> QuerySet[Article]:
        if self.is_schema:
            return Article.objects.none()
        return selectors.articles_for_project(project=self.membership.project).select_related("project")

    def get_throttles(self) -> list[BaseThrottle]:
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        summary="Add one article; it is split into sentences and claims in the background",
        description="Poll `GET /articles/{id}/status/` until `split_status` is `split` (or `failed`).",
        parameters=[IDEMPOTENCY_KEY],
        request=ArticleInput,
        responses=responses({201: ArticleCreatedSerializer}, 400, 403, 404, 413, 422, 429),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.IMPORT)

        def create() -> Response:
            data = ArticleInput(data=request.data)
            data.is_valid(raise_exception=True)
            fields = data.validated_data
            article = article_create(
                project=self.membership.project,
                title=fields["title"],
                body=fields["body"],
                url=fields["url"],
                outlet=fields["outlet"],
                author=fields["author"],
                published_at=fields["published_at"],
                language=fields["language"],
                created_by=request.user,  # type: ignore[arg-type]
            )
            return Response(ArticleCreatedSerializer(article).data, status=status.HTTP_201_CREATED)

        return idempotent(request, create)


class ArticleBulkCreate(ProjectScopedView):
    serializer_class = ArticleBulkResultSerializer
    throttle_scope = "import"

    @extend_schema(
        tags=TAGS,
        summary="Add up to 5,000 articles in one call",
        description=(
            "All articles are validated first: one invalid article refuses the whole call (400, "
            "errors by position). Text the project already has is skipped and listed in "
            "`duplicates`. Answers 202 at once; splitting happens in the background."
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=ArticleBulkInput,
        responses=responses({202: ArticleBulkResultSerializer}, 400, 403, 404, 413, 422, 429),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.IMPORT)

        def create() -> Response:
            data = ArticleBulkInput(data=request.data)
            data.is_valid(raise_exception=True)
            records = [_record(i, fields) for i, fields in enumerate(data.validated_data["articles"])]
            outcome = import_run(
                project=self.membership.project,
                user=request.user,  # type: ignore[arg-type]
                request=ImportRequest(records=records),
            )
            # Map ids back to request positions by content hash (the key the import dedupes on).
            ids = selectors.content_hashes(article_ids=outcome.created)
            created = []
            for i, record in enumerate(records):
                pk = ids.pop(body_hash(record.text), None)
                if pk is not None:
                    created.append({"index": i, "id": pk})
            body = {
                "created": created,
                "duplicates": [
                    {"index": i, "message": f"already in the project: {title}"}
                    for i, title in sorted((int(loc), title) for loc, title in outcome.duplicates)
                ],
                "errors": [
                    {"index": i, "message": message}
                    for i, message in sorted((int(loc), message) for loc, message in outcome.errors)
                ],
            }
            return Response(body, status=status.HTTP_202_ACCEPTED)

        return idempotent(request, create)


class ArticleDetail(generics.GenericAPIView):
    serializer_class = ArticleDetailSerializer

    @extend_schema(
        tags=TAGS,
        summary="Read an article with its sentences and claims",
        responses=responses({200: ArticleDetailSerializer}, 404),
    )
    def get(self, request: Request, article_id: int) -> Response:
        article = selectors.article_for_user(user=request.user, article_id=article_id, sentences=True)
        return Response(ArticleDetailSerializer(article).data)


class ArticleStatus(generics.GenericAPIView):
    serializer_class = ArticleStatusSerializer

    @extend_schema(
        tags=TAGS,
        summary="The article's split status (poll this after creating it)",
        responses=responses({200: ArticleStatusSerializer}, 404),
    )
    def get(self, request: Request, article_id: int) -> Response:
        article = selectors.article_status_for_user(user=request.user, article_id=article_id)
        return Response(ArticleStatusSerializer(article).data)


class ArticleResplit(generics.GenericAPIView):
    serializer_class = ArticleStatusSerializer
    throttle_scope = "import"

    @extend_schema(
        tags=TAGS,
        summary="Split the article again (keeps every claim an analyst touched)",
        request=None,
        responses=responses({202: ArticleStatusSerializer}, 403, 404, 429),
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = selectors.article_for_user(
            user=request.user, article_id=article_id, claims=False, body=False
        )
        require_role(article.my_role, Action.ANNOTATE)  # type: ignore[attr-defined]
        article_request_resplit(article=article, user=request.user)  # type: ignore[arg-type]
        article = selectors.article_status_for_user(user=request.user, article_id=article_id)
        return Response(ArticleStatusSerializer(article).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the article's claims (by id, i.e. extraction order)",
        responses=responses({200: ClaimSerializer(many=True)}, 400, 404),
    ),
)
class ArticleClaims(generics.ListAPIView):
    serializer_class = ClaimSerializer
    pagination_class = CursorAscending
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        if getattr(self, "swagger_fake_view", False):
            return Claim.objects.none()
        self.article = selectors.article_for_user(
            user=self.request.user, article_id=self.kwargs["article_id"], claims=False, body=False
        )
        return selectors.claims_for_article(article=self.article)

    def queue_scope(self) -> tuple[Project, str | None, int | None]:
        """Whose queue the filters run on (api/filters.ClaimFilter): the article's."""
        return self.article.project, self.article.my_role, self.article.pk  # type: ignore[attr-defined]

    @extend_schema(
        tags=["claims"],
        summary="Add a claim the engine missed, grounded in body[start:end]",
        request=ClaimAddInput,
        responses=responses({201: ClaimSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, article_id: int) -> Response:
        # claim_add slices the body, so load it here.
        article = selectors.article_for_user(user=request.user, article_id=article_id, claims=False)
        require_role(article.my_role, Action.ANNOTATE)  # type: ignore[attr-defined]
        data = ClaimAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_add(article=article, user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)
