"""The nested export record of a claim, streamed from the database in chunks.

Claims come from a server-side cursor (``QuerySet.iterator(chunk_size=…)`` over
``values_list``), one chunk in memory at a time. Each row already carries the claim's
annotations and its evidence, each built by PostgreSQL as one JSON array (a correlated
subquery, ``json_agg``), and its timestamps as ISO 8601 text: no model instances, no
per-chunk queries, no datetime parsing, which is what keeps a 100k-claim CSV within a
small factor of ``COPY``. Timestamps are UTC (the connection's time zone under USE_TZ).

Reviewer merge rule (one value per claim for the source, source reliability, information
credibility, confidence and rationale, used by CSV, ClaimReview and the report; JSON
keeps every annotation too):

1. Candidates are the annotations whose verdict equals the claim's final verdict; if the
   claim has no final verdict, or no annotation agrees with it (an editor overruled the
   reviewers), all annotations are candidates.
2. Candidates are taken most recently updated first (ties: the higher annotation id);
   each field is the first non-blank
   value among them (so a reviewer who agreed but left a grade blank does not blank it).
3. The source is the one the reviewers chose (``source_from`` "annotation"); when no
   candidate chose one, the Source the engine linked ("engine"), else none (""). The
   engine's own reading stays apart, in ``attribution`` (speaker, chain, linked source).
4. A reliability grade belongs to the source its reviewer chose (or, with none chosen, to
   the engine's): the merged grade is the first among candidates who graded the merged
   source, else that source's default reliability (``reliability_from``: "annotation",
   "source default" or "").

The no-anchoring rule: given a ``Reader`` (selectors), a claim's annotations and evidence
are only those the reader may see (``selectors.may_see_others_annotations``): a reviewer
who has not saved their own review of a claim gets no one else's review or evidence in an
export either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Substr

from annotations.models import Annotation, Claim, Evidence, EvidenceDocument, Project, Source, speaker_chain
from annotations.scale import RatingScale
from annotations.selectors import DECIDED_OR_DISPUTED, Reader
from annotations.services.accounts import display_name_sql

Record = dict[str, Any]

# Characters of the article shown around a claim when its sentence is unknown or long.
CONTEXT_CHARS = 400
DEFAULT_CHUNK_SIZE = 2000

_CLAIM_FIELDS = (
    "id",
    "text",
    "status",
    "stance",
    "origin",
    "is_direct_quote",
    "start",
    "end",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "cue_text",
    "cue_start",
    "cue_end",
    "x_chain",
    "final_verdict",
    "final_note",
    "x_verified_by",
    "x_verified_at",
    "same_as_id",
    "article_id",
    "article__title",
    "article__url",
    "article__outlet",
    "article__author",
    "x_published_at",
    "source_id",
    "source__name",
    "source__kind",
    "source__default_reliability",
    "x_annotations",
    "x_evidence",
)
_CONTEXT_FIELDS = ("ctx_start", "ctx_text")


class IsoText(Func):
    """A timestamp as ISO 8601 text, formatted by PostgreSQL (to_json's format)."""

    template = "(to_json(%(expressions)s) #>> '{}')"
    output_field = TextField()


def _visible_to(reader: Reader | None, author_column: str) -> tuple[str, tuple[Any, ...]]:
    """SQL (AND …) keeping the rows by ``author_column`` (a reviewer, or whoever added
    evidence) that the reader may see, and its parameters (see the module docstring)."""
    if reader is None or reader.sees_everything:
        return "", ()
    annotation = Annotation._meta.db_table
    claim = Claim._meta.db_table
    # Their own, and the others' once they have saved theirs (or, for editors and owners,
    # once the claim is disputed or decided).
    decided = ", ".join(f"'{status}'" for status in DECIDED_OR_DISPUTED)
    sql = f"""
         AND ({author_column} = %s
              OR EXISTS (SELECT 1 FROM {annotation} own
                          WHERE own.claim_id = {claim}.id AND own.reviewer_id = %s)
              {f"OR {claim}.status IN ({decided})" if reader.sees_decided else ""})"""  # noqa: S608 - our tables and statuses
    return sql, (reader.user_id, reader.user_id)


# The first characters of a captured page shown with its evidence (the rest is in the desk).
EXCERPT_CHARS = 300


def _evidence_sql(reader: Reader | None) -> tuple[str, tuple[Any, ...]]:
    """The claim's evidence, oldest first, as a JSON array (text), and the query's
    parameters: the cited page's URL, the citation's title, stance and note, who added it
    (display name) and when, and the page's capture (status, fetch time, sha256 of the
    captured text, its first EXCERPT_CHARS characters). With a reader, only the evidence
    the reader may see: what they added, and the others' as for annotations."""
    evidence = Evidence._meta.db_table
    document = EvidenceDocument._meta.db_table
    user = get_user_model()._meta.db_table
    claim = Claim._meta.db_table
    visible, params = _visible_to(reader, "e.added_by_id")
    sql = f"""(
      SELECT json_agg(json_build_object(
               'url', d.url, 'title', e.title, 'stance', e.stance, 'note', e.note,
               'added_by', (SELECT COALESCE(NULLIF(TRIM(CONCAT(u.first_name, ' ', u.last_name)), ''),
                                            u.username)
                              FROM {user} u WHERE u.id = e.added_by_id),
               'added_at', e.created_at,
               'capture', json_build_object(
                   'status', d.capture_status, 'fetched_at', d.fetched_at,
                   'content_hash', NULLIF(d.content_hash, ''),
                   'excerpt', LEFT(d.captured_text, {EXCERPT_CHARS}))
             ) ORDER BY e.created_at, e.id)::text
        FROM {evidence} e JOIN {document} d ON d.id = e.document_id
       WHERE e.claim_id = {claim}.id{visible}
    )"""  # noqa: S608 - table names from our own models; the user id is a parameter
    return sql, params


def _annotations_sql(reader: Reader | None) -> tuple[str, tuple[Any, ...]]:
    """The claim's annotations, oldest first, as a JSON array
    (text), and the query's parameters. Keys are built in the record's order; json (not
    jsonb) keeps that order. ``source`` is an object here ({id, name, kind,
    default_reliability}); ``_record`` turns it into the record's name and id. With a
    reader, only the annotations the reader may see (see the module docstring)."""
    annotation = Annotation._meta.db_table
    user = get_user_model()._meta.db_table
    source = Source._meta.db_table
    claim = Claim._meta.db_table
    visible, params = _visible_to(reader, "an.reviewer_id")
    # Names by primary-key lookups (not joins): a join made the planner scan the sources
    # table once per claim.
    sql = f"""(
      SELECT json_agg(json_build_object(
               'id', an.id,
               'reviewer', (SELECT COALESCE(NULLIF(TRIM(CONCAT(u.first_name, ' ', u.last_name)), ''),
                                            u.username)
                              FROM {user} u WHERE u.id = an.reviewer_id),
               'source', (SELECT json_build_object('id', s.id, 'name', s.name, 'kind', s.kind,
                                                   'default_reliability', s.default_reliability)
                            FROM {source} s WHERE s.id = an.source_id),
               'source_reliability', an.source_reliability,
               'information_credibility', an.information_credibility,
               'confidence', an.confidence, 'verdict', an.verdict, 'rationale', an.rationale,
               'created_at', an.created_at, 'updated_at', an.updated_at
             ) ORDER BY an.created_at, an.id)::text
        FROM {annotation} an
       WHERE an.claim_id = {claim}.id{visible}
    )"""  # noqa: S608 - table names and statuses from our own models; the user id is a parameter
    return sql, params


def _span(text: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    """A speaker or cue: its text and offsets; an analyst's one the article does not say
    has text and no offsets (null start and end)."""
    if start is None or end is None:
        return {"text": text, "start": None, "end": None} if text else None
    return {"text": text, "start": start, "end": end}


def with_context(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate the claim's sentence (or a window around it) cut from the article body in
    SQL, so the body itself (up to megabytes) never leaves the database."""
    window_start = Greatest(F("start") - CONTEXT_CHARS, Value(0), output_field=IntegerField())
    window_end = F("end") + CONTEXT_CHARS
    # The sentence, clipped to the window, and always covering the claim itself.
    ctx_start = Least(
        Greatest(Coalesce("sentence__start", window_start), window_start),
        F("start"),
        output_field=IntegerField(),
    )
    ctx_end = Greatest(
        Least(Coalesce("sentence__end", window_end), window_end), F("end"), output_field=IntegerField()
    )
    return claims.annotate(
        ctx_start=ctx_start, ctx_text=Substr("article__body", ctx_start + 1, ctx_end - ctx_start)
    )


_MERGED_FIELDS = ("information_credibility", "confidence", "rationale")


def merge_annotations(annotations: list[Record], final_verdict: str, engine_source: Record | None) -> Record:
    """One assessment from several reviewers' annotations (see the module docstring).
    ``annotations`` as ``annotations_of`` gives them (``source`` an object or None);
    ``engine_source`` is the Source the engine linked ({id, name, kind,
    default_reliability}) or None."""
    if len(annotations) > 1:
        # ISO 8601 UTC strings from one formatter sort like the times they stand for.
        newest_first = sorted(annotations, key=lambda a: (a["updated_at"], a["id"]), reverse=True)
        agreeing = [a for a in newest_first if final_verdict and a["verdict"] == final_verdict]
        candidates = agreeing or newest_first
    else:
        candidates = annotations
    merged: Record = dict.fromkeys(_MERGED_FIELDS)
    for field in _MERGED_FIELDS:
        for annotation in candidates:
            value = annotation[field]
            if value not in ("", None):
                merged[field] = value
                break
    chosen = next((a["source"] for a in candidates if a["source"]), None)
    source, source_from = (
        (chosen, "annotation") if chosen else (engine_source, "engine" if engine_source else "")
    )
    source_id = source["id"] if source else None
    # A grade is about the source its reviewer chose, or the engine's when they chose none.
    reliability = next(
        (
            a["source_reliability"]
            for a in candidates
            if a["source_reliability"]
            and (a["source"]["id"] if a["source"] else (engine_source or {}).get("id")) == source_id
        ),
        "",
    )
    reliability_from = "annotation" if reliability else ""
    if not reliability and source and source["default_reliability"]:
        reliability, reliability_from = source["default_reliability"], "source default"
    return {
        "source": None
        if source is None
        else {"id": source["id"], "name": source["name"], "kind": source["kind"]},
        "source_from": source_from,
        "source_reliability": reliability,
        "reliability_from": reliability_from,
        "information_credibility": merged["information_credibility"],
        "confidence": merged["confidence"] or "",
        "rationale": merged["rationale"] or "",
        "annotation_id": candidates[0]["id"] if candidates else None,
    }


def engine_source_of(
    source_id: int | None, name: str | None, kind: str | None, default_reliability: str | None
) -> Record | None:
    """The Source the engine linked to the claim, in the shape ``merge_annotations`` reads."""
    if source_id is None:
        return None
    return {"id": source_id, "name": name, "kind": kind, "default_reliability": default_reliability or ""}


def _published_annotation(annotation: Record) -> Record:
    """An annotation as the record publishes it: the reviewer's source by name and id."""
    out = dict(annotation)
    source = annotation["source"]
    out["source"] = source["name"] if source else None
    out["source_id"] = source["id"] if source else None
    return out


def _record(row: tuple[Any, ...], scale: RatingScale, context: bool) -> Record:
    (
        pk,
        text,
        status,
        stance,
        origin,
        is_quote,
        start,
        end,
        speaker_text,
        speaker_start,
        speaker_end,
        cue_text,
        cue_start,
        cue_end,
        chain,
        final_verdict,
        final_note,
        verified_by,
        verified_at,
        same_as,
        article_id,
        title,
        url,
        outlet,
        author,
        published_at,
        source_id,
        source_name,
        source_kind,
        source_default,
        _annotations_json,
        _evidence_json,
    ) = row[: len(_CLAIM_FIELDS)]
    annotations = annotations_of(row)
    engine_source = engine_source_of(source_id, source_name, source_kind, source_default)
    chain_links = json.loads(chain) if chain and chain != "[]" else []
    record: Record = {
        "id": pk,
        "text": text,
        "status": status,
        "stance": stance,
        "origin": origin,
        "is_direct_quote": is_quote,
        "span": {"start": start, "end": end},
        "article": {
            "id": article_id,
            "title": title,
            "url": url,
            "outlet": outlet,
            "author": author,
            "published_at": published_at,
        },
        "attribution": {
            "speaker": _span(speaker_text, speaker_start, speaker_end),
            "cue": _span(cue_text, cue_start, cue_end),
            "chain": chain_links,
            # The speaker with whom they cite: "Arabic media, citing rebel sources".
            "speaker_chain": speaker_chain(speaker_text, chain_links),
            "source": None
            if source_id is None
            else {
                "id": source_id,
                "name": source_name,
                "kind": source_kind,
                "default_reliability": source_default,
            },
        },
        "verdict": scale.verdict(final_verdict),
        "final_note": final_note,
        "verified_by": verified_by,
        "verified_at": verified_at,
        "same_as": same_as,
        "assessment": merge_annotations(annotations, final_verdict, engine_source),
        "reviewers": [a["reviewer"] for a in annotations],
        "annotations": [_published_annotation(a) for a in annotations],
        "evidence": evidence_of(row),
    }
    if context:
        ctx_start, ctx_text = row[len(_CLAIM_FIELDS) :]
        record["context"] = {"text": ctx_text, "start": ctx_start, "end": ctx_start + len(ctx_text)}
    return record


# Where each field sits in a row from iter_rows (the CSV writer reads rows directly).
COL = {name: i for i, name in enumerate((*_CLAIM_FIELDS, *_CONTEXT_FIELDS))}


def iter_rows(
    claims: QuerySet[Claim],
    *,
    reader: Reader | None = None,
    context: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The claims as flat rows (fields in ``COL`` order; annotations as JSON text), read
    from a server-side cursor a chunk at a time; ``progress(n)`` after every chunk. With a
    ``reader``, each claim carries only the annotations that reader may see."""
    annotations_sql, params = _annotations_sql(reader)
    evidence_sql, evidence_params = _evidence_sql(reader)
    claims = claims.annotate(
        x_chain=Cast("attribution_chain", TextField()),
        x_verified_at=IsoText("verified_at"),
        x_verified_by=display_name_sql("verified_by__"),  # display names, as the desk shows them
        x_published_at=IsoText("article__published_at"),
        # Static SQL (our table names only); the reader's id is a parameter.
        x_annotations=RawSQL(annotations_sql, params, output_field=TextField()),  # noqa: S611
        x_evidence=RawSQL(evidence_sql, evidence_params, output_field=TextField()),  # noqa: S611
    )
    fields: tuple[str, ...] = _CLAIM_FIELDS
    if context:
        claims = with_context(claims)
        fields = (*fields, *_CONTEXT_FIELDS)
    done = 0
    with _export_session():
        for row in claims.values_list(*fields).iterator(chunk_size=chunk_size):
            yield row
            done += 1
            if progress is not None and done % chunk_size == 0:
                progress(done)
    if progress is not None and done % chunk_size:
        progress(done)


def annotations_of(row: tuple[Any, ...]) -> list[Record]:
    text = row[COL["x_annotations"]]
    return json.loads(text) if text else []


def evidence_of(row: tuple[Any, ...]) -> list[Record]:
    text = row[COL["x_evidence"]]
    return json.loads(text) if text else []


def iter_records(
    claims: QuerySet[Claim],
    *,
    project: Project,
    reader: Reader | None = None,
    context: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Yield one nested record per claim, in the queryset's order, a chunk at a time;
    ``context`` adds the sentence around the claim; ``reader`` as for ``iter_rows``."""
    scale = project.scale
    for row in iter_rows(claims, reader=reader, context=context, chunk_size=chunk_size, progress=progress):
        yield _record(row, scale, context)


# Memory PostgreSQL may use to sort the claims before spilling to disk (per sort).
EXPORT_WORK_MEM = "64MB"


@contextmanager
def _export_session() -> Iterator[None]:
    """Session settings for the export query, then back to the server's own.

    JIT off: PostgreSQL judges the query (a correlated subquery per claim) expensive enough
    to compile, and spends longer compiling it than running it (5.7 s of LLVM for a 3 s
    query at 100k claims). A larger work_mem: the claims are sorted in memory instead of
    in temporary files."""
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
        cursor.execute("SELECT set_config('work_mem', %s, false)", [EXPORT_WORK_MEM])
    try:
        yield
    finally:
        if connection.is_usable():
            with connection.cursor() as cursor:
                cursor.execute("RESET jit")
                cursor.execute("RESET work_mem")
