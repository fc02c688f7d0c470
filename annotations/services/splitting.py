"""Articles → sentences and claims, run by the Celery workers.

A split is in three steps so the slow part holds no lock: mark the articles as
splitting (short transaction), run the engine (no transaction), then store each
article's sentences and claims in one transaction. Storing replaces what the engine
made before but keeps every claim an analyst touched, and never recreates a claim an
analyst removed (deleted, split or merged: ``ClaimTombstone`` remembers its span), so
running it twice (a redelivered task, a sweeper re-enqueue, a user's re-split) gives the
same result and an analyst's version never gets the engine's original back beside it.

Most splits are first splits of a bulk import: nothing is stored for the article yet, so
there is nothing to keep or replace. Those are stored for the whole batch at once
(``_store_new``: one transaction, sentences in one INSERT, claims by COPY, a handful of
statements for 16 articles); the rest (re-splits, a redelivered task that finds rows,
anything the batch insert refused) go through ``_store_split`` one article at a time.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.fields import Field
from django.utils import timezone
from psycopg.types.json import Jsonb

from annotations.engine import (
    ENGINE_VERSION,
    ClaimResult,
    DocumentResult,
    Engine,
    EngineOptions,
    Span,
    get_engine,
)
from annotations.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ClaimTombstone,
    ReplacedSpan,
    Sentence,
    SourceKind,
    SplitStatus,
    body_hash,
    normalize_source_name,
)
from annotations.permissions import Action, require
from annotations.services.sources import source_ids_resolve, sources_resolve
from annotations.similarity import similarity_keys, similarity_keys_many
from annotations.tasks import enqueue_split_batches, split_articles

logger = logging.getLogger(__name__)

# Engine failures are stored on the article for analysts; keep them readable.
_MAX_ERROR_CHARS = 2000


@cache
def engine() -> Engine:
    """The engine configured in settings, loaded once per process."""
    config = settings.CLAIMDESK_ENGINE
    backend = config["sentence_backend"]
    if backend not in ("pysbd", "sentencex"):
        raise ImproperlyConfigured(f"CLAIMDESK_SENTENCE_BACKEND must be pysbd or sentencex, not {backend!r}")
    return get_engine(
        EngineOptions(
            sentence_backend="sentencex" if backend == "sentencex" else "pysbd",
            spacy_model=config["spacy_model"],
        )
    )


def claim_speaker(c: ClaimResult) -> Span | None:
    """Who the desk files an engine claim under: the source its sentence names; for a pronoun
    ("he said") the named source the engine resolved it to (`source_ref`); for a sentence of a
    quotation that runs on from an earlier one, that quotation's speaker (`quote_source`). The
    span may lie in an earlier sentence: it is where the article names the speaker."""
    return c.source_ref or c.source or c.quote_source


def _engine_fields(c: ClaimResult) -> dict[str, Any]:
    """The claim columns that come from the engine's result, as both store paths write them."""
    speaker = claim_speaker(c)
    return {
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "origin": ClaimOrigin.EXTRACTED.value,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_text": speaker.text[:500] if speaker else "",
        "cue_start": c.cue.start if c.cue else None,
        "cue_end": c.cue.end if c.cue else None,
        "cue_text": c.cue.text[:200] if c.cue else "",
        "attribution_chain": [{"start": s.start, "end": s.end, "text": s.text} for s in c.source_chain],
        "is_direct_quote": c.is_quote,
        "stance": str(c.stance),
    }


@dataclass(frozen=True)
class _Job:
    article_id: int
    project_id: int
    body: str
    content_hash: str
    outlet: str


def articles_enqueue_split(*, article_ids: Sequence[int], force: bool = False, fan_out: bool = True) -> None:
    """Queue splitting after the current transaction commits, in engine-sized batches.

    A big import sends one message that a worker fans out into the batches (``fan_out``), so
    the request that imported 10,000 articles publishes one message, not 625."""
    size = max(1, settings.CLAIMDESK_SPLIT_BATCH_SIZE)
    ids = list(article_ids)
    # Like Celery's delay_on_commit, but robust: with the broker down the articles are
    # already committed as pending, so the import must not fail; Django logs the error
    # and the sweeper queues them once the broker is back.
    if fan_out and len(ids) > _FAN_OUT_BATCHES * size:
        transaction.on_commit(partial(enqueue_split_batches.delay, ids, force=force), robust=True)
        return
    for i in range(0, len(ids), size):
        transaction.on_commit(partial(split_articles.delay, ids[i : i + size], force=force), robust=True)


# More batches than this are fanned out by a worker (articles_enqueue_split).
_FAN_OUT_BATCHES = 4


def article_request_resplit(*, article: Article, user: User | None = None) -> None:
    """An analyst asks for the article to be split again (e.g. after an engine upgrade)."""
    if user is not None:
        require(user=user, project=article.project_id, action=Action.IMPORT)
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            split_status=SplitStatus.PENDING, split_error="", split_attempts=0, updated_at=timezone.now()
        )
        articles_enqueue_split(article_ids=[article.pk], force=True)


def _claim_jobs(*, article_ids: Sequence[int], force: bool) -> list[_Job]:
    """Mark the articles that still need splitting as `splitting` and return them (one
    statement: the lock, the check and the mark)."""
    # Already split by this engine version: nothing to do (a duplicate delivery).
    statuses = [SplitStatus.PENDING.value, SplitStatus.SPLITTING.value]
    if force:
        statuses += [SplitStatus.SPLIT.value, SplitStatus.FAILED.value]
    now = timezone.now()
    with connection.cursor() as cursor:
        # skip_locked: another worker claiming the same article right now will split it.
        cursor.execute(
            "WITH taken AS (SELECT id FROM annotations_article WHERE id = ANY(%(ids)s)"
            " AND (split_status = ANY(%(statuses)s) OR (split_status = %(split)s AND engine_version <> %(version)s))"
            " FOR UPDATE SKIP LOCKED)"
            " UPDATE annotations_article AS a SET split_status = %(splitting)s, split_started_at = %(now)s,"
            " split_attempts = a.split_attempts + 1, updated_at = %(now)s FROM taken WHERE a.id = taken.id"
            " RETURNING a.id, a.project_id, a.body, a.content_hash, a.outlet, a.created_at",
            {
                "ids": list(article_ids),
                "statuses": statuses,
                "split": SplitStatus.SPLIT.value,
                "version": ENGINE_VERSION,
                "splitting": SplitStatus.SPLITTING.value,
                "now": now,
            },
        )
        rows = cursor.fetchall()
    # In the articles' own order (newest first, Article.Meta.ordering), whatever order the
    # ids came in: the order they are stored in when the batch falls back to one by one.
    rows.sort(key=lambda row: (row[5], row[0]), reverse=True)
    return [_Job(*row[:5]) for row in rows]


def articles_split(*, article_ids: Sequence[int], force: bool = False) -> dict[int, str]:
    """Split the given articles; returns {article id: resulting status}.

    Engine errors fail only the article that caused them (stored with a readable
    message). Database errors propagate so the task is retried.
    """
    jobs = _claim_jobs(article_ids=article_ids, force=force)
    results: dict[int, str] = {}
    if not jobs:
        return results
    try:
        documents: list[DocumentResult | Exception] = list(engine().analyse_many([job.body for job in jobs]))
    except Exception:
        # One bad article must not fail its batch: redo them one by one to find it.
        logger.warning("batch split failed; retrying %d articles one by one", len(jobs), exc_info=True)
        documents = []
        for job in jobs:
            try:
                documents.append(engine().analyse(job.body))
            except Exception as exc:  # noqa: BLE001 - any engine error fails this article
                documents.append(exc)
    analysed: list[tuple[_Job, DocumentResult]] = []
    for job, document in zip(jobs, documents, strict=True):
        if isinstance(document, Exception):
            _store_failure(job=job, error=document)
            results[job.article_id] = SplitStatus.FAILED
        else:
            analysed.append((job, document))
    results.update(_store_new(analysed=analysed))
    for job, document in analysed:
        if job.article_id in results:
            continue
        try:
            results[job.article_id] = _store_split(job=job, document=document)
        except (OperationalError, InterfaceError):
            raise  # the database went away: the task retries the whole batch
        except DatabaseError as exc:
            # Data this article produced was refused (its transaction rolled back):
            # fail it alone, readably, and go on with its batch-mates.
            _store_failure(job=job, error=exc)
            results[job.article_id] = SplitStatus.FAILED
    tables_analyze_if_stale()
    return results


# Tables that bulk imports and splits grow fast. PostgreSQL's autovacuum re-analyses them
# only after its nap and threshold; until then the planner can think a table of 30,000
# claims holds 7 and pick a nested loop that turns a 5 ms claim list into 3 s (seen in
# bench/load.py). We re-analyse as soon as a table has grown by half (the planner is then
# never off by more than that), and the claims without their repeated-claim keys: 48 keys a
# row made half the cost of each ANALYZE, and the one query filtering on them finds its
# candidates through their GIN index whatever the statistics say (autovacuum refreshes them).
_GROWING_TABLES = ("annotations_article", "annotations_sentence", "annotations_claim")
_NOT_ANALYZED = {"annotations_claim": frozenset({"similarity_keys"})}


# Held while one worker re-analyses, so its peers splitting the same import go on splitting
# instead of queueing behind its ANALYZE and then repeating it.
_ANALYZE_LOCK = 7_318_001


def tables_analyze_if_stale() -> list[str]:
    """ANALYZE the fast-growing tables whose statistics lag behind; returns their names
    (none while another session is already at it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_ANALYZE_LOCK])
        if not cursor.fetchone()[0]:
            return []
        try:
            return _analyze_stale(cursor)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_ANALYZE_LOCK])


def _analyze_stale(cursor: Any) -> list[str]:
    # Against the row count the planner has (reltuples, which every ANALYZE updates), not
    # n_mod_since_analyze: an ANALYZE of some columns leaves that counter as it was (and so
    # autovacuum still analyses the whole table on its own schedule).
    cursor.execute(
        "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
        " WHERE s.relname = ANY(%s) AND s.n_live_tup > 1000 + 1.5 * GREATEST(c.reltuples, 0)",
        [list(_GROWING_TABLES)],
    )
    stale = [row[0] for row in cursor.fetchall()]
    for table in stale:
        cursor.execute(f"ANALYZE {_analyzed_columns(table)}")
    return stale


@cache
def _analyzed_columns(table: str) -> str:
    """`table` or `table (columns...)`: what the worker's ANALYZE reads (all but the columns
    in _NOT_ANALYZED)."""
    skip = _NOT_ANALYZED.get(table)
    quoted = connection.ops.quote_name(table)
    if not skip:
        return quoted
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    return f"{quoted} ({', '.join(connection.ops.quote_name(c) for c in columns if c not in skip)})"


def _store_failure(*, job: _Job, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:_MAX_ERROR_CHARS]
    logger.error("article %s failed to split: %s", job.article_id, message)
    Article.objects.filter(pk=job.article_id).update(
        split_status=SplitStatus.FAILED,
        split_error=message,
        split_finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def _not_taken(
    claims: Sequence[ClaimResult], kept: Sequence[Claim], tombstones: Sequence[ClaimTombstone]
) -> list[ClaimResult]:
    """The engine's claims the article does not have yet. Taken are those analysts kept
    (reviewed, annotated, edited, added by hand) and those they replaced
    (``ClaimTombstone``: edited, split, merged, deleted). Counted, not a set: the engine can
    find two claims at one span (one per item of a list), and replacing one must not drop
    the other. Each kept or replaced claim stands in for one engine claim: first one with
    its span and text; then (a newer engine reworded it) one with its span. An analyst's own
    claim (added by hand, split off, merged, or edited before edits were remembered) stands
    in for one engine claim at exactly its span, so the engine does not add it twice."""
    edited = {t.claim_id_was for t in tombstones if t.reason == ReplacedSpan.EDITED}
    exact: Counter[tuple[int, int, str]] = Counter(
        (c.start, c.end, c.text) for c in kept if c.origin == ClaimOrigin.EXTRACTED
    )
    exact.update((t.start, t.end, t.text) for t in tombstones)
    taken = [False] * len(claims)
    for i, c in enumerate(claims):
        if exact[(c.start, c.end, c.text)] > 0:
            exact[(c.start, c.end, c.text)] -= 1
            taken[i] = True
    by_span: Counter[tuple[int, int]] = Counter()
    for (start, end, _), n in exact.items():
        by_span[(start, end)] += n
    by_span.update((c.start, c.end) for c in kept if c.origin != ClaimOrigin.EXTRACTED and c.pk not in edited)
    for i, c in enumerate(claims):
        if not taken[i] and by_span[(c.start, c.end)] > 0:
            by_span[(c.start, c.end)] -= 1
            taken[i] = True
    return [c for c, was_taken in zip(claims, taken, strict=True) if not was_taken]


@cache
def _claim_copy_columns() -> tuple[tuple[str, ...], dict[str, object]]:
    """The claim table's columns for COPY (all but the id and the generated search
    document), and the stored value of each column's model default."""
    fields: list[Field[object, object]] = [
        f for f in Claim._meta.concrete_fields if not f.primary_key and not f.generated
    ]
    defaults: dict[str, object] = {
        str(f.column): f.get_db_prep_save(f.get_default(), connection) for f in fields
    }
    return tuple(defaults), defaults


def _fingerprint(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _store_new(*, analysed: Sequence[tuple[_Job, DocumentResult]]) -> dict[int, str]:
    """Store the batch's first splits together; returns {article id: status} for those.

    An article qualifies when its text is still the text the engine read and nothing is
    stored for it (no sentences, claims or tombstones): then there is nothing an analyst
    made to keep, and the engine's claims go in as they are. Everything else is left to
    ``_store_split``, and so is the whole batch when the database refuses part of it
    (``_store_split`` then fails the one article at fault). Safe to repeat: a second run
    finds the rows and leaves the article to ``_store_split``.
    """
    if not analysed:
        return {}
    by_id = {job.article_id: (job, document) for job, document in analysed}
    try:
        # In a short transaction of their own: a new source's row is then locked for one
        # statement, not for the whole store (a peer filing a claim under the same new
        # source waited for this batch's COPY and commit). A source made for a batch that
        # then fails is made again, the same, by its retry.
        with transaction.atomic():
            source_ids = _source_ids(analysed=analysed)
        with transaction.atomic(), connection.cursor() as cursor:
            # Not waiting for the WAL flush at commit: a PostgreSQL crash can lose the last
            # moments of stores, and then their articles are left `splitting` (marked in a
            # transaction of its own, committed durably) for the sweeper to split again.
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                "SELECT id, content_hash, md5(body) FROM annotations_article"
                " WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [sorted(by_id)],
            )
            unchanged = [
                pk
                for pk, content_hash, fingerprint in cursor.fetchall()
                if content_hash == by_id[pk][0].content_hash
                and body_hash(by_id[pk][0].body) == content_hash
                and fingerprint == _fingerprint(by_id[pk][0].body)
            ]
            if not unchanged:
                return {}
            # A statement of its own, after the locks: it sees what a concurrent split of
            # the same article committed while this one waited.
            cursor.execute(
                "SELECT article_id FROM annotations_sentence WHERE article_id = ANY(%(ids)s)"
                " UNION SELECT article_id FROM annotations_claim WHERE article_id = ANY(%(ids)s)"
                " UNION SELECT article_id FROM annotations_claimtombstone WHERE article_id = ANY(%(ids)s)",
                {"ids": unchanged},
            )
            has_rows = {row[0] for row in cursor.fetchall()}
            new = [by_id[pk] for pk in unchanged if pk not in has_rows]
            if not new:
                return {}
            _insert_new(cursor=cursor, analysed=new, source_ids=source_ids)
            now = timezone.now()
            versions: dict[str, list[int]] = defaultdict(list)
            for job, document in new:
                versions[document.engine_version].append(job.article_id)
            for version, ids in versions.items():
                Article.objects.filter(pk__in=ids).update(
                    split_status=SplitStatus.SPLIT,
                    split_error="",
                    engine_version=version,
                    split_finished_at=now,
                    updated_at=now,
                )
    except (OperationalError, InterfaceError):
        raise  # the database went away: the task retries the whole batch
    except DatabaseError:
        logger.warning(
            "storing %d articles together failed; storing them one by one", len(by_id), exc_info=True
        )
        return {}
    return {job.article_id: SplitStatus.SPLIT for job, _ in new}


def _source_ids(*, analysed: Sequence[tuple[_Job, DocumentResult]]) -> dict[tuple[int, str], int]:
    """{(project id, normalised name): Source id} of every speaker and outlet the batch's
    claims are filed under, found or created (``sources.source_ids_resolve``)."""
    by_project: dict[int, list[tuple[str, SourceKind]]] = defaultdict(list)
    for job, document in analysed:
        names = by_project[job.project_id]
        names.extend(
            (sp.text, SourceKind.UNKNOWN) for c in document.claims if (sp := claim_speaker(c)) is not None
        )
        if job.outlet:
            names.append((job.outlet, SourceKind.OUTLET))
    return {
        (project_id, key): pk
        for project_id, names in by_project.items()
        for key, pk in source_ids_resolve(project_id=project_id, names=names).items()
    }


def _insert_new(
    *, cursor: Any, analysed: Sequence[tuple[_Job, DocumentResult]], source_ids: dict[tuple[int, str], int]
) -> None:
    """Insert the sentences and claims of articles that have none (see ``_store_new``)."""
    sentences = [
        (job.article_id, s.index, s.start, s.end)
        for job, document in analysed
        for s in document.sentences
        if s.end > s.start
    ]
    sentence_ids: dict[tuple[int, int], int] = {}
    if sentences:
        cursor.execute(
            'INSERT INTO annotations_sentence (article_id, "index", start, "end")'
            " SELECT * FROM unnest(%s::bigint[], %s::integer[], %s::integer[], %s::integer[])"
            ' RETURNING article_id, "index", id',
            [list(column) for column in zip(*sentences, strict=True)],
        )
        sentence_ids = {(article_id, index): pk for article_id, index, pk in cursor.fetchall()}

    rows: list[dict[str, object]] = []
    texts: list[str] = []
    now = timezone.now()
    for job, document in analysed:
        outlet_source = (
            source_ids.get((job.project_id, normalize_source_name(job.outlet))) if job.outlet else None
        )
        for c in document.claims:
            if c.end <= c.start or not c.text.strip():
                continue
            speaker = claim_speaker(c)
            row = _engine_fields(c)
            row.update(
                article_id=job.article_id,
                sentence_id=sentence_ids.get((job.article_id, c.sentence_index)),
                attribution_chain=Jsonb(row["attribution_chain"]),
                source_id=(
                    source_ids.get((job.project_id, normalize_source_name(speaker.text)))
                    if speaker
                    else outlet_source
                ),
                engine_version=document.engine_version,
                created_at=now,
                updated_at=now,
            )
            rows.append(row)
            texts.append(c.text)
    if not rows:
        return
    for row, keys in zip(rows, similarity_keys_many(texts), strict=True):
        # The array's text form: psycopg adapts a list element by element in Python.
        row["similarity_keys"] = "{" + ",".join(map(str, keys)) + "}"
    columns, defaults = _claim_copy_columns()
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    # Django wraps execute()'s errors in its own classes, not copy()'s: do it here.
    with (
        connection.wrap_database_errors,
        cursor.copy(f"COPY annotations_claim ({quoted}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[column] if column in row else defaults[column] for column in columns])


@transaction.atomic
def _store_split(*, job: _Job, document: DocumentResult) -> str:
    article = Article.objects.select_for_update().filter(pk=job.article_id).first()
    if article is None:
        return "deleted"
    if article.content_hash != job.content_hash or body_hash(article.body) != job.content_hash:
        # The text changed while we were splitting; the change queued its own split.
        return str(article.split_status)

    Sentence.objects.filter(article=article).delete()
    # Analysts' work survives: edited, hand-added, reviewed or annotated claims stay.
    Claim.objects.filter(
        article=article, origin=ClaimOrigin.EXTRACTED, status=ClaimStatus.UNREVIEWED, annotations__isnull=True
    ).delete()
    kept = list(Claim.objects.filter(article=article))
    tombstones = list(ClaimTombstone.objects.filter(article=article))

    sentences = Sentence.objects.bulk_create(
        [
            Sentence(article=article, index=s.index, start=s.start, end=s.end)
            for s in document.sentences
            if s.end > s.start
        ]
    )
    by_index = {s.index: s for s in sentences}

    names: list[tuple[str, SourceKind]] = [
        (sp.text, SourceKind.UNKNOWN) for c in document.claims if (sp := claim_speaker(c)) is not None
    ]
    if job.outlet:
        names.append((job.outlet, SourceKind.OUTLET))
    sources = sources_resolve(project_id=job.project_id, names=names)
    outlet_source = sources.get(normalize_source_name(job.outlet)) if job.outlet else None

    claims = []
    for c in _not_taken(document.claims, kept, tombstones):
        if c.end <= c.start or not c.text.strip():
            continue
        speaker = claim_speaker(c)
        source = sources.get(normalize_source_name(speaker.text)) if speaker else outlet_source
        claims.append(
            Claim(
                **_engine_fields(c),
                article=article,
                sentence=by_index.get(c.sentence_index),
                source=source,
                engine_version=document.engine_version,
                similarity_keys=similarity_keys(c.text),  # bulk_create skips save()
            )
        )
    Claim.objects.bulk_create(claims, batch_size=1000)

    # Kept claims point at the new sentence that contains them.
    for claim in kept:
        sentence = next((s for s in sentences if s.start <= claim.start < s.end), None)
        if claim.sentence_id != (sentence.pk if sentence else None):
            Claim.objects.filter(pk=claim.pk).update(sentence=sentence)

    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        split_status=SplitStatus.SPLIT,
        split_error="",
        engine_version=document.engine_version,
        split_finished_at=now,
        updated_at=now,
    )
    return SplitStatus.SPLIT


def articles_sweep_stuck(*, now: datetime | None = None) -> list[int]:
    """Re-enqueue articles left pending or splitting too long (a lost message, a worker
    killed mid-task, the broker down at import time); give up after too many tries."""
    now = now or timezone.now()
    cutoff = now - settings.CLAIMDESK_STUCK_AFTER
    stuck = Q(split_status=SplitStatus.PENDING, updated_at__lt=cutoff) | Q(
        split_status=SplitStatus.SPLITTING, split_started_at__lt=cutoff
    )
    with transaction.atomic():
        rows = list(
            Article.objects.select_for_update(skip_locked=True)
            .filter(stuck)
            .values_list("id", "split_attempts")
        )
        give_up = [pk for pk, attempts in rows if attempts >= settings.CLAIMDESK_MAX_SPLIT_ATTEMPTS]
        retry = [pk for pk, attempts in rows if attempts < settings.CLAIMDESK_MAX_SPLIT_ATTEMPTS]
        if give_up:
            Article.objects.filter(pk__in=give_up).update(
                split_status=SplitStatus.FAILED,
                split_error=(
                    f"gave up after {settings.CLAIMDESK_MAX_SPLIT_ATTEMPTS} attempts: the last one did not finish "
                    "(worker lost, timed out or the task failed; see the worker log)"
                ),
                updated_at=now,
            )
        if retry:
            # Touch updated_at so the next sweep does not enqueue them again at once.
            Article.objects.filter(pk__in=retry).update(updated_at=now, split_started_at=now)
            articles_enqueue_split(article_ids=retry)
    if rows:
        logger.info("sweeper: re-enqueued %d articles, gave up on %d", len(retry), len(give_up))
    return retry
