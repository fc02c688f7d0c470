"""The nested export record of a claim, streamed from the database in chunks.

Claims come from a server-side cursor (``QuerySet.iterator(chunk_size=…)`` over
``values_list``), one chunk in memory at a time. Each row already carries the claim's
annotations with their evidence, built by PostgreSQL as one JSON array (a correlated
subquery, ``json_agg``), and its timestamps as ISO 8601 text: no model instances, no
per-chunk queries, no datetime parsing, which is what keeps a 100k-claim CSV within a
small factor of ``COPY``. Timestamps are UTC (the connection's time zone under USE_TZ).

Reviewer merge rule (one value per claim for source reliability, information
credibility, confidence and rationale, used by CSV, ClaimReview and the report; JSON
keeps every annotation too):

1. Candidates are the annotations whose verdict equals the claim's final verdict; if the
   claim has no final verdict, or no annotation agrees with it (an editor overruled the
   reviewers), all annotations are candidates.
2. Candidates are taken most recently updated first (ties: the higher annotation id);
   each field is the first non-blank
   value among them (so a reviewer who agreed but left a grade blank does not blank it).
3. Source reliability with no graded candidate falls back to the linked Source's default
   reliability (``reliability_from`` says which: "annotation", "source default" or "").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Substr

from annotations.models import Annotation, Claim, Evidence, Project, Source

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
    "verified_by__username",
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
)
_CONTEXT_FIELDS = ("ctx_start", "ctx_text")


class IsoText(Func):
    """A timestamp as ISO 8601 text, formatted by PostgreSQL (to_json's format)."""

    template = "(to_json(%(expressions)s) #>> '{}')"
    output_field = TextField()


def _annotations_sql() -> str:
    """The claim's annotations, oldest first, each with its evidence, as a JSON array
    (text). Keys are built in the record's order; json (not jsonb) keeps that order."""
    annotation = Annotation._meta.db_table
    evidence = Evidence._meta.db_table
    user = get_user_model()._meta.db_table
    source = Source._meta.db_table
    claim = Claim._meta.db_table
    # Names by primary-key lookups (not joins): a join made the planner scan the sources
    # table once per claim.
    return f"""(
      SELECT json_agg(json_build_object(
               'id', an.id,
               'reviewer', (SELECT u.username FROM {user} u WHERE u.id = an.reviewer_id),
               'source', (SELECT s.name FROM {source} s WHERE s.id = an.source_id),
               'source_reliability', an.source_reliability,
               'information_credibility', an.information_credibility,
               'confidence', an.confidence, 'verdict', an.verdict, 'rationale', an.rationale,
               'created_at', an.created_at, 'updated_at', an.updated_at,
               'evidence', COALESCE((
                   SELECT json_agg(json_build_object('url', e.url, 'title', e.title, 'stance', e.stance)
                                   ORDER BY e.created_at, e.id)
                     FROM {evidence} e WHERE e.annotation_id = an.id), '[]'::json)
             ) ORDER BY an.created_at, an.id)::text
        FROM {annotation} an
       WHERE an.claim_id = {claim}.id
    )"""  # noqa: S608 - table names from our own models; no user input


@dataclass(frozen=True)
class Scale:
    """The project's rating scale, looked up by verdict value."""

    labels: dict[str, str]
    ratings: dict[str, int | None]
    best: int | None
    worst: int | None

    @classmethod
    def of(cls, project: Project) -> Scale:
        labels = {str(v["value"]): str(v["label"]) for v in project.rating_scale}
        ratings: dict[str, int | None] = {}
        for v in project.rating_scale:
            rating = v.get("rating")
            ratings[str(v["value"])] = int(rating) if isinstance(rating, int | float) else None
        numbers = [r for r in ratings.values() if r is not None]
        return cls(labels, ratings, max(numbers, default=None), min(numbers, default=None))

    def verdict(self, value: str) -> dict[str, Any] | None:
        if not value:
            return None
        return {"value": value, "label": self.labels.get(value, value), "rating": self.ratings.get(value)}


def _span(text: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
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


_MERGED_FIELDS = ("source_reliability", "information_credibility", "confidence", "rationale")


def merge_annotations(annotations: list[Record], final_verdict: str, source_default: str) -> Record:
    """One assessment from several reviewers' annotations (see the module docstring)."""
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
    reliability_from = "annotation" if merged["source_reliability"] else ""
    if not reliability_from and source_default:
        merged["source_reliability"], reliability_from = source_default, "source default"
    return {
        "source_reliability": merged["source_reliability"] or "",
        "reliability_from": reliability_from,
        "information_credibility": merged["information_credibility"],
        "confidence": merged["confidence"] or "",
        "rationale": merged["rationale"] or "",
        "annotation_id": candidates[0]["id"] if candidates else None,
    }


def _record(row: tuple[Any, ...], scale: Scale, context: bool) -> Record:
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
    ) = row[: len(_CLAIM_FIELDS)]
    annotations = annotations_of(row)
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
            "chain": json.loads(chain) if chain and chain != "[]" else [],
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
        "assessment": merge_annotations(annotations, final_verdict, source_default or ""),
        "reviewers": [a["reviewer"] for a in annotations],
        "annotations": annotations,
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
    context: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The claims as flat rows (fields in ``COL`` order; annotations as JSON text), read
    from a server-side cursor a chunk at a time; ``progress(n)`` after every chunk."""
    claims = claims.annotate(
        x_chain=Cast("attribution_chain", TextField()),
        x_verified_at=IsoText("verified_at"),
        x_published_at=IsoText("article__published_at"),
        # Static SQL (our table names only), no parameters: nothing user-supplied reaches it.
        x_annotations=RawSQL(_annotations_sql(), (), output_field=TextField()),  # noqa: S611
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


def iter_records(
    claims: QuerySet[Claim],
    *,
    project: Project,
    context: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Yield one nested record per claim, in the queryset's order, a chunk at a time;
    ``context`` adds the sentence around the claim."""
    scale = Scale.of(project)
    for row in iter_rows(claims, context=context, chunk_size=chunk_size, progress=progress):
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
