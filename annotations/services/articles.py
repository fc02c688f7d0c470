from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import timezone

from annotations.fetch import FetchError, fetch_url
from annotations.importers import ArticleRecord, ImportLimits, parse_bytes, read_articles
from annotations.models import Article, Project, SplitStatus, body_hash
from annotations.permissions import Action, require
from annotations.services.splitting import articles_enqueue_split

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass
class ImportOutcome:
    created: list[int] = field(default_factory=list)
    # (location, title) of records whose text the project already has.
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # (location, message) of records refused by validation.
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """An uploaded file: read only when its size is within the limit."""

    name: str
    size: int
    read: Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What one import brings, from any door: records already parsed (a paste, the API's JSON),
    uploaded files, one web page, or files on the server (the management command only)."""

    records: Sequence[ArticleRecord] = ()
    files: Sequence[UploadedFile] = ()
    url: str = ""
    paths: Sequence[os.PathLike[str] | str] = ()
    # For records that name no outlet.
    outlet_default: str = ""


def import_limits() -> ImportLimits:
    """The importers' limits, from settings: an article over the cap is refused while parsing."""
    return ImportLimits(
        max_file_bytes=settings.CLAIMDESK_MAX_UPLOAD_BYTES,
        max_text_chars=settings.CLAIMDESK_MAX_ARTICLE_CHARS,
    )


def import_run(*, project: Project, user: User | None, request: ImportRequest) -> ImportOutcome:
    """The one import use case behind the page, the API, the command and the admin: parse
    what was sent, then ``articles_import``. Problems with the input (a file too big, a row
    that does not parse, a page that cannot be fetched) come back in ``errors`` with where
    they are, never raised; the valid articles still import."""
    if user is not None:
        require(user=user, project=project, action=Action.IMPORT)
    limits = import_limits()
    errors: list[tuple[str, str]] = []
    records = [_with_outlet(r, request.outlet_default) for r in request.records]
    for upload in request.files:
        if upload.size > limits.max_file_bytes:
            errors.append((upload.name, f"larger than {limits.max_file_bytes // (1024 * 1024)} MB"))
            continue
        parsed = parse_bytes(upload.read(), name=upload.name or "upload", limits=limits)
        errors += [(e.location, e.message) for e in parsed.errors]
        records += [_with_outlet(r, request.outlet_default) for r in parsed.records]
    for path in request.paths:
        parsed = read_articles(path, limits=limits, outlet_default=request.outlet_default)
        errors += [(e.location, e.message) for e in parsed.errors]
        records += parsed.records
    if request.url:
        try:
            page = fetch_url(request.url)
        except FetchError as exc:
            errors.append((request.url[:200], str(exc)))
        else:
            name = "page.txt" if page.content_type == "text/plain" else "page.html"
            parsed = parse_bytes(page.body, name=name, limits=limits)
            errors += [(page.url, e.message) for e in parsed.errors]
            records += [replace(r, url=r.url or page.url) for r in parsed.records]
    outcome = (
        articles_import(project=project, records=records, created_by=user) if records else ImportOutcome()
    )
    outcome.errors[:0] = errors
    return outcome


def article_record_problems(*, project: Project, record: ArticleRecord) -> list[str]:
    """Why ``articles_import`` would refuse this record (empty when it would import it): for
    forms that must show the reason before saving (the admin)."""
    try:
        article = _article_from_record(project=project, record=record, created_by=None)
    except ValidationError as exc:
        return _messages(exc)
    if Article.objects.filter(project=project, content_hash=article.content_hash).exists():
        return ["this project already has an article with the same text"]
    return []


def _with_outlet(record: ArticleRecord, outlet: str) -> ArticleRecord:
    return replace(record, outlet=record.outlet or outlet)


def _title_from(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return "Untitled"


# Character limits of the text columns a record fills (the title is cut to fit instead).
_MAX_CHARS: dict[str, int] = {
    name: int(getattr(Article._meta.get_field(name), "max_length", 0) or 0)
    for name in ("url", "outlet", "author", "language")
}


@dataclass(frozen=True, slots=True)
class _NewArticle:
    """A validated record, ready to insert (plain values: a model instance per row costs more
    than the insert)."""

    project_id: int
    title: str
    body: str
    url: str
    outlet: str
    author: str
    published_at: datetime | None
    language: str
    content_hash: str
    created_by_id: int | None


def _article_from_record(*, project: Project, record: ArticleRecord, created_by: User | None) -> _NewArticle:
    """Validate one record into a row to insert, or raise ValidationError."""
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
    article = _NewArticle(
        project_id=project.pk,
        title=(record.title.strip() or _title_from(body))[:500],
        body=body,
        url=record.url,
        outlet=record.outlet.strip(),
        author=record.author.strip(),
        published_at=record.published,
        language=record.language,
        content_hash=body_hash(body),
        created_by_id=created_by.pk if created_by is not None else None,
    )
    # What full_clean() would check here, for the fields a record sets, without its per-field
    # machinery (it was most of a bulk import's validation time).
    problems = {
        name: [f"Ensure this value has at most {limit} characters (it has {len(value)})."]
        for name, limit in _MAX_CHARS.items()
        if len(value := getattr(article, name)) > limit
    }
    if problems:
        raise ValidationError(problems)
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
    candidates: dict[str, tuple[str, _NewArticle]] = {}
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
        created = _insert_new(new)
        outcome.created = [created[a.content_hash] for a in new if a.content_hash in created]
        articles_enqueue_split(article_ids=outcome.created)
    return outcome


# Columns an import fills; the rest keep their database defaults.
_INSERT_COLUMNS = (
    "project_id",
    "title",
    "body",
    "url",
    "outlet",
    "author",
    "published_at",
    "language",
    "content_hash",
    "split_status",
    "split_error",
    "split_attempts",
    "engine_version",
    "created_by_id",
    "created_at",
    "updated_at",
)


def _insert_new(articles: Sequence[_NewArticle]) -> dict[str, int]:
    """Insert the articles; returns {content hash: id} of those inserted. COPY into a temporary
    table, then one INSERT ... ON CONFLICT DO NOTHING: a text a concurrent import stored first
    is skipped quietly (it is then not in the result). Must run inside a transaction."""
    if not articles:
        return {}
    now = timezone.now()
    columns = ", ".join(_INSERT_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute("DROP TABLE IF EXISTS claimdesk_import")
        cursor.execute(
            f"CREATE TEMPORARY TABLE claimdesk_import ON COMMIT DROP AS SELECT {columns} "  # noqa: S608 - fixed names
            "FROM annotations_article WITH NO DATA"
        )
        with cursor.copy(f"COPY claimdesk_import ({columns}) FROM STDIN") as copy:
            for a in articles:
                copy.write_row(
                    (
                        a.project_id,
                        a.title,
                        a.body,
                        a.url,
                        a.outlet,
                        a.author,
                        a.published_at,
                        a.language,
                        a.content_hash,
                        SplitStatus.PENDING.value,
                        "",
                        0,
                        "",
                        a.created_by_id,
                        now,
                        now,
                    )
                )
        cursor.execute(
            f"INSERT INTO annotations_article ({columns}) SELECT {columns} FROM claimdesk_import "  # noqa: S608
            "ON CONFLICT (project_id, content_hash) DO NOTHING RETURNING content_hash, id"
        )
        return dict(cursor.fetchall())


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
