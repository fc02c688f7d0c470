from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from annotations.importers import ArticleRecord
from annotations.models import Article, Project, SplitStatus, body_hash
from annotations.permissions import Action, require

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass
class ImportOutcome:
    created: list[int] = field(default_factory=list)
    # (location, title) of records whose text the project already has.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # (location, message) of records refused by validation.
    errors: list[tuple[str, str]] = field(default_factory=list)


def _title_from(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return "Untitled"


def _article_from_record(*, project: Project, record: ArticleRecord, created_by: User | None) -> Article:
    """Validate one record into an unsaved Article, or raise ValidationError."""
    body = record.text
    if not body.strip():
        raise ValidationError("the article text is empty")
    max_chars = settings.CLAIMDESK_MAX_ARTICLE_CHARS
    if len(body) > max_chars:
        raise ValidationError(f"the article text is {len(body):,} characters; the limit is {max_chars:,}")
    if "\x00" in body:
        raise ValidationError("the article text contains NUL characters (binary data?)")
    if record.url:
        try:
            _url_validator(record.url)
        except ValidationError:
            raise ValidationError(f"not an http(s) URL: {record.url[:200]!r}") from None
    article = Article(
        project=project,
        title=(record.title.strip() or _title_from(body))[:500],
        body=body,
        url=record.url,
        outlet=record.outlet.strip(),
        author=record.author.strip(),
        published_at=record.published,
        language=record.language,
        content_hash=body_hash(body),
        created_by=created_by,
    )
    article.full_clean(
        exclude=["project", "created_by", "content_hash"], validate_unique=False, validate_constraints=False
    )
    return article


def articles_import(
    *,
    project: Project,
    records: Sequence[ArticleRecord],
    created_by: User | None = None,
) -> ImportOutcome:
    """Create the valid, new articles in one transaction and queue them for splitting.

    Invalid records are reported, not raised; text the project already has (by content
    hash) is reported as a duplicate. Running it twice imports nothing the second time.
    """
    if created_by is not None:
        # Scripts and commands pass no user; a person needs a role that may import.
        require(user=created_by, project=project, action=Action.IMPORT)
    outcome = ImportOutcome()
    candidates: dict[str, tuple[str, Article]] = {}
    for record in records:
        try:
            article = _article_from_record(project=project, record=record, created_by=created_by)
        except ValidationError as exc:
            outcome.errors.append((record.location, "; ".join(_messages(exc))))
            continue
        if article.content_hash in candidates:
            outcome.duplicates.append((record.location, article.title))
            continue
        candidates[article.content_hash] = (record.location, article)

    with transaction.atomic():
        existing = set(
            Article.objects.filter(project=project, content_hash__in=list(candidates)).values_list(
                "content_hash", flat=True
            )
        )
        new = []
        for content_hash, (location, article) in candidates.items():
            if content_hash in existing:
                outcome.duplicates.append((location, article.title))
            else:
                new.append(article)
        # A concurrent import of the same text loses the race quietly; it is then
        # simply not among the ids read back below.
        Article.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        created = dict(
            Article.objects.filter(
                project=project,
                content_hash__in=[a.content_hash for a in new],
                split_status=SplitStatus.PENDING,
            ).values_list("content_hash", "id")
        )
        outcome.created = [created[a.content_hash] for a in new if a.content_hash in created]
        from annotations.services.splitting import articles_enqueue_split

        articles_enqueue_split(article_ids=outcome.created)
    if len(outcome.created) >= 100:
        from annotations.services.splitting import tables_analyze_if_stale

        tables_analyze_if_stale()
    return outcome


def article_create(
    *,
    project: Project,
    title: str,
    body: str,
    url: str = "",
    outlet: str = "",
    author: str = "",
    published_at: datetime | None = None,
    language: str = "",
    created_by: User | None = None,
) -> Article:
    """Create one article and queue it for splitting; refuses text the project has."""
    record = ArticleRecord(
        title=title,
        text=body,
        url=url,
        outlet=outlet,
        author=author,
        published=published_at,
        language=language,
        location="article",
    )
    outcome = articles_import(project=project, records=[record], created_by=created_by)
    if outcome.errors:
        raise ValidationError(outcome.errors[0][1])
    if outcome.duplicates:
        raise ValidationError("this project already has an article with the same text")
    return Article.objects.get(pk=outcome.created[0])


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()]
    return list(exc.messages)
