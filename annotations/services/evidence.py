"""Evidence: the pages a claim is checked against, and what they said when cited.

A claim's evidence (``Evidence``) cites a document (``EvidenceDocument``, one per project and
normalised URL, so one page backs several claims). Adding evidence queues a capture: the
worker fetches the page through the SSRF guard (``annotations.fetch``), keeps its main text
(trafilatura), a sha256 of that text and the fetch time. A failed capture is recorded with
its reason; re-capturing is on demand, and the sweeper re-enqueues a capture left pending.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import trafilatura
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from annotations.fetch import FetchError, fetch_url
from annotations.models import (
    CaptureStatus,
    Claim,
    Evidence,
    EvidenceDocument,
    EvidenceStance,
    normalize_evidence_url,
)
from annotations.permissions import Action, can, require
from annotations.weburl import InvalidURLError, check_web_url, reason

log = logging.getLogger(__name__)

MAX_EVIDENCE_PER_MEMBER = 50  # links one member cites on one claim
MAX_NOTE_CHARS = 20000


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str = ""
    stance: str = EvidenceStance.CONTEXT
    note: str = ""


def _clean(item: EvidenceInput, *, label: str = "") -> EvidenceInput:
    """The input with its URL checked and its title and note tidied; ValidationError
    (keyed by field) for what cannot be stored."""
    prefix = f"{label}: " if label else ""
    url = item.url.strip()
    errors: dict[str, str] = {}
    if not url:
        errors["url"] = f"{prefix}Enter the link to the evidence."
    else:
        try:
            check_web_url(url)
        except InvalidURLError as exc:
            errors["url"] = prefix + reason(exc)
        if len(url) > 2000:
            errors["url"] = f"{prefix}At most 2,000 characters."
    if item.stance not in EvidenceStance.values:
        errors["stance"] = f"{prefix}Stance must be one of {', '.join(EvidenceStance.values)}."
    if len(item.note) > MAX_NOTE_CHARS:
        errors["note"] = f"{prefix}At most 20,000 characters."
    if errors:
        raise ValidationError(errors)
    return EvidenceInput(
        url=url, title=" ".join(item.title.split())[:500], stance=item.stance, note=item.note.strip()
    )


def _enqueue_capture(document_id: int) -> None:
    from annotations.tasks import capture_evidence_document

    # delay_on_commit comes from Celery's DjangoTask; celery-types does not know it yet.
    capture_evidence_document.delay_on_commit(document_id)  # type: ignore[attr-defined]


def _document_for(*, project_id: int, url: str) -> EvidenceDocument:
    """The project's document for this page, made (and its capture queued) when new."""
    key = normalize_evidence_url(url)
    document = EvidenceDocument.objects.filter(project_id=project_id, normalized_url=key).first()
    if document is not None:
        return document
    try:
        with transaction.atomic():
            document = EvidenceDocument.objects.create(
                project_id=project_id, url=url, normalized_url=key, capture_requested_at=timezone.now()
            )
    except IntegrityError:  # cited at the same moment by someone else: theirs it is
        return EvidenceDocument.objects.get(project_id=project_id, normalized_url=key)
    _enqueue_capture(document.pk)
    return document


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    user: User,
    url: str,
    title: str = "",
    stance: str = EvidenceStance.CONTEXT,
    note: str = "",
) -> Evidence:
    """Cite a page as evidence for the claim. Citing the same page again (the same URL once
    normalised) updates the title, stance and note of the user's citation instead of adding a
    second one. A page new to the project is captured by the worker."""
    project_id = claim.article.project_id
    require(user=user, project=project_id, action=Action.ANNOTATE)
    clean = _clean(EvidenceInput(url=url, title=title, stance=stance, note=note))
    document = _document_for(project_id=project_id, url=clean.url)
    evidence = (
        Evidence.objects.select_for_update().filter(claim=claim, document=document, added_by=user).first()
    )
    if evidence is None:
        if Evidence.objects.filter(claim=claim, added_by=user).count() >= MAX_EVIDENCE_PER_MEMBER:
            raise ValidationError(
                {"url": f"At most {MAX_EVIDENCE_PER_MEMBER} evidence links per claim each."}
            )
        evidence = Evidence(claim=claim, document=document, added_by=user)
    elif (evidence.title, evidence.stance, evidence.note) == (clean.title, clean.stance, clean.note):
        return evidence
    evidence.title = clean.title
    evidence.stance = clean.stance
    evidence.note = clean.note
    evidence._history_user = user  # type: ignore[attr-defined]
    evidence.save()
    return evidence


def may_remove_evidence(*, evidence: Evidence, user: User, role: str | None) -> bool:
    """Whoever added it (while they may annotate), and owners and editors."""
    if can(role=role, action=Action.APPROVE):
        return True
    return can(role=role, action=Action.ANNOTATE) and evidence.added_by_id == user.pk


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: User) -> None:
    """Take the citation off its claim (the document and its capture stay for other claims;
    the history keeps the citation). Removing it twice is no error."""
    project_id = evidence.claim.article.project_id
    role = require(user=user, project=project_id, action=Action.ANNOTATE)
    if not may_remove_evidence(evidence=evidence, user=user, role=role):
        raise PermissionDenied("only whoever added evidence, an editor or an owner may remove it")
    current = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    if current is None:
        return
    current._history_user = user  # type: ignore[attr-defined]
    current.delete()


def evidence_replace_mine(*, claim: Claim, user: User, items: list[EvidenceInput]) -> list[Evidence]:
    """The user's evidence on the claim becomes exactly ``items`` (in that order): what is
    no longer listed is removed, the rest added or updated. Used by the API's annotation
    endpoint, which takes a reviewer's links with their review."""
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    if len(items) > MAX_EVIDENCE_PER_MEMBER:
        raise ValidationError(
            {"evidence": f"At most {MAX_EVIDENCE_PER_MEMBER} evidence links per claim each."}
        )
    clean = []
    for i, item in enumerate(items):
        try:
            clean.append(_clean(item, label=f"Link {i + 1}"))
        except ValidationError as exc:
            raise ValidationError(
                {"evidence": " ".join(m for ms in exc.message_dict.values() for m in ms)}
            ) from None
    with transaction.atomic():
        wanted = {normalize_evidence_url(item.url) for item in clean}
        for old in (
            Evidence.objects.select_for_update().filter(claim=claim, added_by=user).select_related("document")
        ):
            if old.document.normalized_url not in wanted:
                old._history_user = user  # type: ignore[attr-defined]
                old.delete()
        return [
            evidence_add(claim=claim, user=user, url=i.url, title=i.title, stance=i.stance, note=i.note)
            for i in clean
        ]


@transaction.atomic
def evidence_document_recapture(*, document: EvidenceDocument, user: User) -> EvidenceDocument:
    """Fetch the page again (it changed, or the last capture failed). The last snapshot stays
    until the new one replaces it. Asking twice while a capture is pending queues nothing more."""
    require(user=user, project=document.project_id, action=Action.ANNOTATE)
    current = EvidenceDocument.objects.select_for_update().get(pk=document.pk)
    if current.capture_status != CaptureStatus.PENDING:
        current.capture_status = CaptureStatus.PENDING
        current.capture_attempts = 0
        current.capture_requested_at = timezone.now()
        current._history_user = user  # type: ignore[attr-defined]
        current.save()
        _enqueue_capture(current.pk)
    return current


@dataclass(frozen=True)
class _Page:
    final_url: str
    title: str
    text: str


def _extract(*, body: bytes, content_type: str) -> tuple[str, str]:
    """(title, main text) of a fetched page; FetchError when it has no text to keep."""
    if content_type == "text/plain":
        text = body.decode("utf-8", errors="replace")
        return "", text.strip()
    html = body.decode("utf-8", errors="replace")
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    # A third-party extractor on untrusted markup: whatever it raises is the page's fault.
    except Exception as exc:  # noqa: BLE001
        raise FetchError(f"could not extract the page's text ({type(exc).__name__})") from exc
    main = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(main, str) or not main.strip():
        raise FetchError("no main text could be extracted from the page")
    title = getattr(doc, "title", None)
    return (title if isinstance(title, str) else ""), main.strip()


def _fetch(url: str) -> _Page:
    page = fetch_url(
        url,
        max_bytes=settings.CLAIMDESK_CAPTURE_MAX_BYTES,
        timeout=settings.CLAIMDESK_CAPTURE_TIMEOUT_SECONDS,
        allowed_networks=settings.CLAIMDESK_FETCH_ALLOW_NETWORKS,
    )
    title, text = _extract(body=page.body, content_type=page.content_type)
    return _Page(final_url=page.url, title=" ".join(title.split())[:500], text=text)


def evidence_document_capture(*, document_id: int) -> str:
    """The worker's capture of a pending document: fetch, extract, store the text with its
    sha256 and the fetch time, or record why not. A document no longer pending (a duplicate
    delivery) is left alone. Returns the status it ends in."""
    with transaction.atomic():
        document = EvidenceDocument.objects.select_for_update(skip_locked=True).filter(pk=document_id).first()
        if document is None or document.capture_status != CaptureStatus.PENDING:
            return document.capture_status if document is not None else "gone"
        EvidenceDocument.objects.filter(pk=document_id).update(capture_attempts=F("capture_attempts") + 1)
        url = document.url
    # The network, outside any transaction.
    try:
        page: _Page | None = _fetch(url)
        error = ""
    except FetchError as exc:
        page, error = None, str(exc)
    with transaction.atomic():
        document = EvidenceDocument.objects.select_for_update().get(pk=document_id)
        if document.capture_status != CaptureStatus.PENDING:
            return document.capture_status
        if page is None:
            document.capture_status = CaptureStatus.FAILED
            document.capture_error = error[:2000] or "the page could not be fetched"
        else:
            text = page.text[: settings.CLAIMDESK_CAPTURE_MAX_CHARS]
            document.capture_status = CaptureStatus.CAPTURED
            document.capture_error = ""
            document.page_title = page.title
            document.final_url = page.final_url if len(page.final_url) <= 2000 else ""
            document.captured_text = text
            document.content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
            document.fetched_at = timezone.now()
        document.save()
        log.info("evidence document %s: %s %s", document_id, document.capture_status, error)
        return str(document.capture_status)


def evidence_documents_sweep_pending() -> list[int]:
    """Re-enqueue captures left pending longer than CLAIMDESK_CAPTURE_STUCK_AFTER (a lost
    message, a killed worker, documents cited before captures existed); fail those that have
    had CLAIMDESK_MAX_CAPTURE_ATTEMPTS, with the reason. Returns the ids re-enqueued."""
    now = timezone.now()
    stale = Q(capture_requested_at__isnull=True) | Q(
        capture_requested_at__lt=now - settings.CLAIMDESK_CAPTURE_STUCK_AFTER
    )
    requeued: list[int] = []
    with transaction.atomic():
        rows = list(
            EvidenceDocument.objects.select_for_update(skip_locked=True)
            .filter(stale, capture_status=CaptureStatus.PENDING)
            .order_by("id")[:500]
        )
        for document in rows:
            if document.capture_attempts >= settings.CLAIMDESK_MAX_CAPTURE_ATTEMPTS:
                document.capture_status = CaptureStatus.FAILED
                document.capture_error = (
                    f"no capture after {document.capture_attempts} attempts (the worker did not finish); "
                    "re-capture to try again"
                )
            else:
                document.capture_requested_at = now
                requeued.append(document.pk)
            document.save()
        for pk in requeued:
            _enqueue_capture(pk)
    return requeued
