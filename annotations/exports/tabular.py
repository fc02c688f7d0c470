"""CSV: one row per claim, flattened from the nested record, safe to open in a spreadsheet.

Formula neutralising (OWASP "CSV injection"): a cell of user text that starts with ``= + - @``, a tab,
a carriage return or a line feed, or with those after leading spaces, gets a leading
single quote, so Excel, LibreOffice and Google Sheets show it as text instead of running
it. A cell that already starts with a quote gets one too, which makes the rule
reversible: a reader strips exactly one leading quote from any cell that has one
(``unneutralise``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from annotations.exports.records import (
    COL,
    annotations_of,
    engine_source_of,
    evidence_of,
    merge_annotations,
)
from annotations.models import speaker_chain
from annotations.scale import RatingScale

COLUMNS = (
    "claim_id",
    "claim",
    "status",
    "stance",
    "article_title",
    "article_url",
    "article_outlet",
    "article_published_at",
    "source",
    "source_from",
    "engine_speaker",
    "cue",
    "source_reliability",
    "information_credibility",
    "confidence",
    "verdict",
    "verdict_label",
    "rationale",
    "final_note",
    "evidence_urls",
    "reviewers",
    "verified_by",
    "verified_at",
)
# Evidence URLs (http/https, never containing spaces) are joined by a space; reviewers'
# display names (usernames when they set none) by a comma and a space.
URL_SEPARATOR = " "
REVIEWER_SEPARATOR = ", "

_TRIGGERS = frozenset("=+-@\t\r\n")
# First characters that need a closer look: the triggers, the quote, and a space.
_SUSPECT = _TRIGGERS | {"'", " "}


def neutralise(value: str) -> str:
    # value[:1] is "" for an empty cell, which is in neither set.
    if value[:1] in _SUSPECT and (value[0] != " " or value.lstrip(" ")[:1] in _TRIGGERS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def write_csv(rows: Iterable[tuple[Any, ...]], out: IO[str], *, scale: RatingScale) -> int:
    """Write ``records.iter_rows`` rows as CSV. Built straight from the flat rows (not the
    nested records the other formats use): this is the format exported by the hundred
    thousand, and skipping the nested dicts is a third of its Python time. The fields are
    the records' (same merge rule, same evidence order); tests compare both with the
    database."""
    # The BOM makes Excel read UTF-8 (names in Arabic, Cyrillic…) instead of guessing a code page.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    (
        i_id, i_text, i_status, i_stance, i_title, i_url, i_outlet, i_published, i_source_id,
        i_source_name, i_source_kind, i_speaker, i_chain, i_cue, i_default, i_verdict, i_note,
        i_verified_by, i_verified_at,
    ) = (
        COL[name]
        for name in (
            "id", "text", "status", "stance", "article__title", "article__url", "article__outlet",
            "x_published_at", "source_id", "source__name", "source__kind", "speaker_text", "x_chain",
            "cue_text", "source__default_reliability", "final_verdict", "final_note",
            "x_verified_by", "x_verified_at",
        )
    )  # fmt: skip
    labels = scale.labels
    n = 0
    for row in rows:
        annotations = annotations_of(row)
        verdict = row[i_verdict]
        engine_source = engine_source_of(
            row[i_source_id], row[i_source_name], row[i_source_kind], row[i_default]
        )
        assessment = merge_annotations(annotations, verdict, engine_source)
        urls = dict.fromkeys(e["url"] for e in evidence_of(row))
        credibility = assessment["information_credibility"]
        chain = row[i_chain]
        speaker = speaker_chain(row[i_speaker], json.loads(chain) if chain and chain != "[]" else [])
        source = assessment["source"]
        writer.writerow(
            [
                str(row[i_id]),
                neutralise(row[i_text]),
                row[i_status],  # the choices of ClaimStatus / Stance: never a trigger
                row[i_stance],
                neutralise(row[i_title]),
                neutralise(row[i_url]),
                neutralise(row[i_outlet]),
                row[i_published] or "",  # ISO 8601 from PostgreSQL: starts with a digit
                neutralise(source["name"] if source else ""),
                assessment["source_from"],  # annotation / engine / empty
                neutralise(speaker),
                neutralise(row[i_cue]),
                assessment["source_reliability"],  # A–F
                "" if credibility is None else str(credibility),  # 1–6
                assessment["confidence"],  # low / moderate / high
                neutralise(verdict),
                neutralise(labels.get(verdict, verdict)),
                neutralise(assessment["rationale"]),
                neutralise(row[i_note]),
                neutralise(URL_SEPARATOR.join(urls)),
                neutralise(REVIEWER_SEPARATOR.join(a["reviewer"] for a in annotations)),
                neutralise(row[i_verified_by] or ""),
                row[i_verified_at] or "",
            ]
        )
        n += 1
    return n
