"""The readable report, as HTML and as PDF: what an editor sends.

Page 1 is the summary (how many claims, articles and sources; claims by status; claims by
verdict on the project's scale with an inline SVG bar chart; the most important claims,
verified worst-rated first, then disputes; sources by reliability). Then each claim, headed
by its text as analysts left it, with its verdict label, the article (title, outlet, date and
its address, visible), who said it and the source chain, the sentence it was found in with the
claim marked, the grades with their meanings, evidence and the reviewers by display name; a
key to the grades closes the report. Everything users typed goes through Django's
autoescaping; a link is only made of an http(s) URL (anything else is shown as text).

HTML is streamed: one pass over the claims to count the summary (counters only), a
second to render each claim as it comes. The PDF needs the whole document at once
(WeasyPrint lays it out in memory), so it holds the claims and is capped at
``PDF_MAX_CLAIMS``. WeasyPrint gets a URL fetcher that refuses every URL: the report
loads nothing from the network or the file system (its styles are inline, its chart is
inline SVG).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.template.loader import get_template

from annotations.exports.links import safe_href
from annotations.exports.records import Record
from annotations.models import (
    ClaimStatus,
    Confidence,
    EvidenceStance,
    InformationCredibility,
    Project,
    SourceReliability,
    Stance,
)
from annotations.scale import RatingScale

# The PDF is laid out in memory: about 3 claims a page, ~40 pages a second.
PDF_MAX_CLAIMS = 2000
# Names listed per reliability grade in the summary (the counts cover all of them).
SOURCES_PER_GRADE = 12
# Claims page 1 lists as the most important (see ``importance``).
KEY_CLAIMS = 6

# What the ICD-203 confidence levels mean (the Admiralty grades carry theirs in their labels).
CONFIDENCE_MEANINGS = {
    Confidence.HIGH: "High — sound judgement on high-quality information from several sources",
    Confidence.MODERATE: "Moderate — credibly sourced and plausible, not corroborated enough for more",
    Confidence.LOW: "Low — scant, questionable or fragmented information; significant concerns",
}

_CHART_LABEL_WIDTH = 150
_CHART_BAR_WIDTH = 300
_CHART_ROW = 22
# Worst to best rating; grey for verdicts without a number, light grey for "no verdict yet".
_RATING_COLOURS = ("#a4161a", "#d9480f", "#e8a400", "#5c940d", "#1e6b34")
_UNRATED_COLOUR = "#5b6470"
_NO_VERDICT_COLOUR = "#adb5bd"


class ReportTooLargeError(ValueError):
    """Too many claims for a PDF; the message says how to get them."""


def _attributed_to(record: Record) -> str:
    # The source the reviewers decided on (their grades are about it), not the engine's guess.
    source = record["assessment"]["source"]
    speaker = record["attribution"]["speaker"]
    if source:
        return str(source["name"])
    if speaker:
        return str(speaker["text"])
    return str(record["article"]["outlet"] or "")


def importance(record: Record, scale: RatingScale) -> tuple[int, int, str, int] | None:
    """Where a claim ranks among page 1's most important claims (lower first), or None when
    it is not one: verified claims by their rating, worst first (False before Mostly false
    …); then disputed claims, which wait for an editor; then verified claims whose verdict has
    no rating (Unverifiable). Ties: the most recently verified first, then by id."""
    verdict = record["verdict"]
    verified_at = str(record["verified_at"] or "")
    # Newest first within a rank: invert the ISO text's characters.
    recent = "".join(chr(0x10FFFF - ord(ch)) for ch in verified_at)
    if record["status"] == ClaimStatus.VERIFIED and verdict:
        rating = scale.ratings.get(verdict["value"])
        if rating is not None:
            return (0, rating, recent, record["id"])
        return (2, 0, recent, record["id"])
    if record["status"] == ClaimStatus.DISPUTED:
        return (1, 0, "", record["id"])
    return None


@dataclass
class Summary:
    scale: RatingScale
    total: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    grade_sources: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    articles: set[int] = field(default_factory=set)
    # The most important claims so far, as (rank, what page 1 shows), at most KEY_CLAIMS.
    key: list[tuple[tuple[int, int, str, int], dict[str, Any]]] = field(default_factory=list)

    def add(self, record: Record) -> None:
        self.total += 1
        self.verdicts[record["verdict"]["value"] if record["verdict"] else ""] += 1
        self.statuses[record["status"]] += 1
        self.articles.add(record["article"]["id"])
        grade = record["assessment"]["source_reliability"]
        self.grades[grade] += 1
        self.grade_sources[grade][_attributed_to(record) or "(unattributed)"] += 1
        rank = importance(record, self.scale)
        if rank is not None:
            # Memory stays bounded over any number of claims: only the best KEY_CLAIMS stay.
            self.key.append((rank, self._key_claim(record)))
            if len(self.key) > KEY_CLAIMS:
                self.key.remove(max(self.key, key=lambda item: item[0]))

    def _key_claim(self, record: Record) -> dict[str, Any]:
        verdict = record["verdict"]
        article = record["article"]
        return {
            "id": record["id"],
            "text": record["text"],
            "verdict": verdict["label"] if verdict else "",
            "colour": self.colour(verdict["value"] if verdict else ""),
            "status": dict(ClaimStatus.choices).get(record["status"], record["status"]),
            "said_by": _attributed_to(record),
            "denied": record["stance"] == Stance.DENIED,
            "article": article["title"],
            "outlet": article["outlet"],
            "published": (article["published_at"] or "")[:10],
        }

    def key_claims(self) -> list[dict[str, Any]]:
        return [entry for _, entry in sorted(self.key, key=lambda item: item[0])]

    def status_rows(self) -> list[dict[str, Any]]:
        return [
            {"label": label, "n": self.statuses[value]}
            for value, label in ClaimStatus.choices
            if self.statuses.get(value)
        ]

    def verdict_rows(self) -> list[dict[str, Any]]:
        order = [
            *self.scale.labels,
            *sorted(v for v in self.verdicts if v and v not in self.scale.labels),
            "",
        ]
        top = max(self.verdicts.values(), default=0) or 1
        rows = []
        for i, value in enumerate(v for v in order if self.verdicts.get(v)):
            n = self.verdicts[value]
            rows.append(
                {
                    "label": self.scale.labels.get(value, value) if value else "No verdict yet",
                    "n": n,
                    "y": i * _CHART_ROW,
                    "text_y": i * _CHART_ROW + 15,
                    "width": max(1, round(_CHART_BAR_WIDTH * n / top)),
                    "count_x": _CHART_LABEL_WIDTH + max(1, round(_CHART_BAR_WIDTH * n / top)) + 6,
                    "colour": self.colour(value),
                }
            )
        return rows

    def colour(self, value: str) -> str:
        if not value:
            return _NO_VERDICT_COLOUR
        rating = self.scale.ratings.get(value)
        if rating is None or self.scale.best is None or self.scale.worst is None:
            return _UNRATED_COLOUR
        span = max(1, self.scale.best - self.scale.worst)
        return _RATING_COLOURS[round((rating - self.scale.worst) * (len(_RATING_COLOURS) - 1) / span)]

    def grade_rows(self) -> list[dict[str, Any]]:
        labels = dict(SourceReliability.choices)
        rows = []
        for grade in [*SourceReliability.values, ""]:
            if not self.grades.get(grade):
                continue
            names = self.grade_sources[grade]
            rows.append(
                {
                    "grade": grade or "—",
                    "label": labels.get(grade, "Not graded"),
                    "claims": self.grades[grade],
                    "sources": len(names),
                    "top": names.most_common(SOURCES_PER_GRADE),
                    "more": max(0, len(names) - SOURCES_PER_GRADE),
                }
            )
        return rows

    def context(self) -> dict[str, Any]:
        rows = self.verdict_rows()
        return {
            "total": self.total,
            "articles": len(self.articles),
            "sources": len(
                {name for names in self.grade_sources.values() for name in names} - {"(unattributed)"}
            ),
            "status_rows": self.status_rows(),
            "key_claims": self.key_claims(),
            "verdict_rows": rows,
            "chart": {
                "width": _CHART_LABEL_WIDTH + _CHART_BAR_WIDTH + 60,
                "height": max(1, len(rows)) * _CHART_ROW,
                "label_width": _CHART_LABEL_WIDTH,
                "label_x": _CHART_LABEL_WIDTH - 6,
            },
            "grade_rows": self.grade_rows(),
        }


def grade_key() -> dict[str, list[tuple[str, str]]]:
    """The meanings of the grades, for the report's key."""
    return {
        "reliability": [(str(v), str(label)) for v, label in SourceReliability.choices],
        "credibility": [(str(v), str(label)) for v, label in InformationCredibility.choices],
        "confidence": [(str(v), CONFIDENCE_MEANINGS[Confidence(v)]) for v in Confidence.values],
    }


def claim_view(record: Record, scale: RatingScale) -> dict[str, Any]:
    """What the claim template shows: the record with labels, safe links and the context
    sentence cut around the claim."""
    reliability = dict(SourceReliability.choices)
    credibility = {str(k): v for k, v in InformationCredibility.choices}
    assessment = record["assessment"]
    context = record.get("context")
    parts = None
    if context:
        text, start = context["text"], context["start"]
        a = max(0, record["span"]["start"] - start)
        b = max(a, record["span"]["end"] - start)
        parts = {"before": text[:a], "claim": text[a:b], "after": text[b:]}
    article = dict(record["article"], href=safe_href(record["article"]["url"]))
    annotations = [
        dict(
            a,
            verdict_label=scale.labels.get(a["verdict"], a["verdict"]),
            reliability_label=reliability.get(a["source_reliability"], ""),
            credibility_label=credibility.get(str(a["information_credibility"]), ""),
        )
        for a in record["annotations"]
    ]
    stances = dict(EvidenceStance.choices)
    evidence = [
        dict(e, href=safe_href(e["url"]), stance_label=stances.get(e["stance"], e["stance"]))
        for e in record["evidence"]
    ]
    return {
        "c": record,
        "article": article,
        "attributed_to": _attributed_to(record),
        "engine_speaker": record["attribution"]["speaker_chain"],
        "confidence_label": CONFIDENCE_MEANINGS.get(assessment["confidence"], ""),
        "denied": record["stance"] == Stance.DENIED,
        "status_label": dict(ClaimStatus.choices).get(record["status"], record["status"]),
        "reliability_label": reliability.get(assessment["source_reliability"], ""),
        "credibility_label": credibility.get(str(assessment["information_credibility"]), ""),
        "parts": parts,
        "annotations": annotations,
        "evidence": evidence,
    }


def _head(project: Project, summary: Summary, *, generated_at: datetime, filters: str) -> dict[str, Any]:
    return {
        "project": project,
        "summary": summary.context(),
        "scale": [
            {"label": label, "colour": summary.colour(value)} for value, label in summary.scale.labels.items()
        ],
        "generated_at": generated_at,
        "filters": filters,
    }


def write_html(
    summary_records: Iterable[Record],
    records: Iterable[Record],
    out: IO[str],
    *,
    project: Project,
    generated_at: datetime,
    filters: str,
) -> int:
    """Stream the report: the summary is counted from ``summary_records``, then each of
    ``records`` (the same claims, read again) is rendered as it comes."""
    summary = Summary(project.scale)
    for record in summary_records:
        summary.add(record)
    start = get_template("annotations/exports/report_start.html")
    claim = get_template("annotations/exports/report_claim.html")
    end = get_template("annotations/exports/report_end.html")
    out.write(start.render(_head(project, summary, generated_at=generated_at, filters=filters)))
    n = 0
    for record in records:
        out.write(claim.render(claim_view(record, summary.scale)))
        n += 1
    out.write(end.render({"n": n, "key": grade_key()}))
    return n


def write_pdf(
    records: Iterable[Record],
    out: IO[bytes],
    *,
    project: Project,
    generated_at: datetime,
    filters: str,
) -> int:
    held: list[Record] = []
    summary = Summary(project.scale)
    for record in records:
        if len(held) >= PDF_MAX_CLAIMS:
            raise ReportTooLargeError(
                f"a PDF report holds at most {PDF_MAX_CLAIMS} claims; narrow the filters, "
                "or export the HTML report or CSV, which have no limit"
            )
        summary.add(record)
        held.append(record)
    pieces = [
        get_template("annotations/exports/report_start.html").render(
            _head(project, summary, generated_at=generated_at, filters=filters)
        )
    ]
    claim = get_template("annotations/exports/report_claim.html")
    pieces.extend(claim.render(claim_view(record, summary.scale)) for record in held)
    pieces.append(
        get_template("annotations/exports/report_end.html").render({"n": len(held), "key": grade_key()})
    )
    # Imported here: WeasyPrint is heavy, and only the PDF needs it.
    from annotations.exports.pdf import html_to_pdf

    html_to_pdf("".join(pieces), out)
    return len(held)
