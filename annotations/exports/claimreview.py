r"""ClaimReview JSON-LD (schema.org), one ClaimReview per verified claim.

Fields follow Google's fact-check structured-data guide: required ``claimReviewed``,
``reviewRating`` (its ``alternateName``, the textual verdict, is required) and ``url``;
recommended ``author`` (the desk), ``datePublished`` and ``itemReviewed`` (a Claim with
``author``, ``datePublished`` and ``appearance``); the Rating's recommended
``ratingValue``/``bestRating``/``worstRating`` come from the project's rating scale. A
verdict with no number on the scale (Unverifiable) carries its textual rating only.

``url``: a claim an editor published (``services.publishing``) has its own public page,
``CLAIMDESK_PUBLIC_BASE_URL`` + ``/fact-checks/<slug>/``, and that is its ``url`` (the page
embeds this same ClaimReview, with the address it was served at). Without that setting, and
for claims not published, the ``#claim-<id>`` anchor on ``project.publisher_url`` (the page
where the desk posts its report; the HTML report has those anchors). A project with no
publisher URL cannot publish ClaimReview, and the export says so.

The claim's ``author`` is the source the reviewers decided on (the merged assessment's
source: the one they chose, else the Source the engine linked; ``records`` explains the
rule): a Person for sources of kind person, an Organization for every other kind (outlets,
governments, groups and the unknown speakers the engine finds, which are mostly "state
media", "rebel sources"…); with no source at all, the quoted speaker, else the outlet.

The document is made to be pasted into a ``<script type="application/ld+json">`` element,
so ``<``, ``>`` and ``&`` are written as ``\u003c``, ``\u003e`` and ``\u0026`` (and the
line separators U+2028/U+2029 escaped too): article text holding ``</script>`` cannot
close the element. Any JSON parser reads the same strings back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from annotations.exports.links import safe_href
from annotations.exports.records import Record
from annotations.models import ClaimStatus, EvidenceStance, Project, SourceKind
from annotations.scale import RatingScale
from annotations.selectors import public_claim_urls

CONTEXT = "https://schema.org"


class ClaimReviewError(ValueError):
    """The project is not set up to publish ClaimReview; the message says what to set."""


def publisher(project: Project) -> dict[str, Any]:
    if not project.publisher_url:
        raise ClaimReviewError(
            "ClaimReview needs the project's publisher URL (the page where the desk publishes its "
            "fact checks); set it in the project settings first."
        )
    return {
        "@type": "Organization",
        "name": project.publisher_name or project.name,
        "url": project.publisher_url,
    }


def _date(iso: str | None) -> str | None:
    return iso[:10] if iso else None


# What a JSON string may hold that an HTML script element may not.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_safe_json(value: Any) -> str:
    """Compact JSON safe inside ``<script type="application/ld+json">``: the characters
    that could end the element or start markup appear only inside JSON strings, so they
    are written as ``\\uXXXX`` escapes there, which every JSON parser decodes to the same text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def _claim_author(record: Record) -> dict[str, Any] | None:
    source = record["assessment"]["source"]
    speaker = record["attribution"]["speaker"]
    outlet = record["article"]["outlet"]
    if source:
        kind = "Person" if source["kind"] == SourceKind.PERSON else "Organization"
        return {"@type": kind, "name": source["name"]}
    if speaker:
        return {"@type": "Organization", "name": speaker["text"]}
    if outlet:
        # Nobody is quoted: the claim is the outlet's own.
        return {"@type": "Organization", "name": outlet}
    return None


def claim_review(
    record: Record, *, author: dict[str, Any], scale: RatingScale, url: str | None = None
) -> dict[str, Any] | None:
    """The ClaimReview of one record, or None when the claim is not verified; ``url`` is the
    review's page (default: the claim's anchor on the publisher's page)."""
    verdict = record["verdict"]
    if record["status"] != ClaimStatus.VERIFIED or not verdict:
        return None
    article = record["article"]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict["label"], "name": verdict["label"]}
    if verdict["rating"] is not None and scale.best is not None and scale.worst is not None:
        rating.update(ratingValue=verdict["rating"], bestRating=scale.best, worstRating=scale.worst)
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article["title"]}
    if safe_href(article["url"]):
        appearance["url"] = article["url"]
    if article["published_at"]:
        appearance["datePublished"] = _date(article["published_at"])
    if article["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    if article["author"]:
        appearance["author"] = {"@type": "Person", "name": article["author"]}
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    claim_author = _claim_author(record)
    if claim_author:
        item["author"] = claim_author
    if article["published_at"]:
        item["datePublished"] = _date(article["published_at"])
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url or f"{author['url']}#claim-{record['id']}",
        "claimReviewed": record["text"],
        "itemReviewed": item,
        "author": author,
        "reviewRating": rating,
    }
    if record["verified_at"]:
        review["datePublished"] = _date(record["verified_at"])
    note = record["final_note"] or record["assessment"]["rationale"]
    if note:
        review["reviewBody"] = note
    citations = _citations(record)
    if citations:
        review["citation"] = citations
    return review


_CITED_AS = {
    EvidenceStance.SUPPORTS: "Supports the claim",
    EvidenceStance.REFUTES: "Refutes the claim",
    EvidenceStance.CONTEXT: "Context for the claim",
}


def _citations(record: Record) -> list[dict[str, Any]]:
    """The claim's evidence as schema.org ``citation``s (CreativeWork: the page, its title,
    the stance as the description), each page once; never who added it."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for evidence in record.get("evidence", []):
        url = evidence["url"]
        if url in seen or not safe_href(url):
            continue
        seen.add(url)
        citation: dict[str, Any] = {"@type": "CreativeWork", "url": url, "name": evidence["title"] or url}
        if evidence["stance"] in _CITED_AS:
            citation["description"] = _CITED_AS[evidence["stance"]]
        out.append(citation)
    return out


def write_claimreview(records: Iterable[Record], out: IO[str], *, project: Project) -> int:
    """A JSON-LD document whose ``@graph`` holds the ClaimReviews, streamed."""
    author = publisher(project)
    scale = project.scale
    pages = public_claim_urls(project=project)
    out.write(json.dumps({"@context": CONTEXT})[:-1] + ',"@graph":[')
    n = 0
    for record in records:
        review = claim_review(record, author=author, scale=scale, url=pages.get(record["id"]))
        if review is None:
            continue
        out.write(",\n" if n else "\n")
        out.write(script_safe_json(review))
        n += 1
    out.write("\n]}\n")
    return n
