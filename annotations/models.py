"""The desk's domain: projects and their members, articles split into sentences and
claims, the sources who make claims, and reviewers' annotations with evidence.

Character offsets (``start``/``end``) are Python str indices into ``Article.body``,
end-exclusive; the body is stored verbatim and never modified.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from annotations.scale import RatingScale
from annotations.similarity import similarity_keys


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"  # may approve verdicts
    REVIEWER = "reviewer", "Reviewer"  # annotates
    VIEWER = "viewer", "Viewer"  # reads and exports


class Verdict(models.TextChoices):
    """The default rating scale. ``Project.rating_scale`` maps each value to a
    ClaimReview numeric rating (best 5, worst 1); Unverifiable has no number."""

    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    HALF_TRUE = "half_true", "Half true"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


def default_rating_scale() -> list[dict[str, object]]:
    ratings: dict[str, int | None] = {
        Verdict.TRUE: 5,
        Verdict.MOSTLY_TRUE: 4,
        Verdict.HALF_TRUE: 3,
        Verdict.MOSTLY_FALSE: 2,
        Verdict.FALSE: 1,
        Verdict.UNVERIFIABLE: None,
    }
    return [
        {"value": str(value), "label": str(Verdict(value).label), "rating": rating}
        for value, rating in ratings.items()
    ]


class SourceReliability(models.TextChoices):
    """NATO Admiralty code: reliability of the source."""

    A = "A", "A — Completely reliable"
    B = "B", "B — Usually reliable"
    C = "C", "C — Fairly reliable"
    D = "D", "D — Not usually reliable"
    E = "E", "E — Unreliable"
    F = "F", "F — Reliability cannot be judged"


class InformationCredibility(models.IntegerChoices):
    """NATO Admiralty code: credibility of the information."""

    CONFIRMED = 1, "1 — Confirmed by other sources"
    PROBABLY_TRUE = 2, "2 — Probably true"
    POSSIBLY_TRUE = 3, "3 — Possibly true"
    DOUBTFUL = 4, "4 — Doubtful"
    IMPROBABLE = 5, "5 — Improbable"
    CANNOT_JUDGE = 6, "6 — Truth cannot be judged"


class Confidence(models.TextChoices):
    """ICD-203 analytic confidence."""

    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Project(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    # Shown as the ClaimReview `author` when the desk publishes its verdicts.
    publisher_name = models.CharField(max_length=200, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    rating_scale = models.JSONField(default=default_rating_scale)
    # Verification policy: a claim is verified once this many independent reviews
    # agree on its verdict, and (if set) an editor has approved it.
    required_agreeing_reviews = models.PositiveSmallIntegerField(default=2)
    requires_editor_approval = models.BooleanField(default=False)
    # The desk's guidelines in Markdown, written by owners and editors; shown rendered and
    # sanitised (annotations.markdown) in the desk's guidelines dialog.
    guidelines = models.TextField(blank=True)
    guidelines_updated_at = models.DateTimeField(null=True, blank=True)
    guidelines_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_agreeing_reviews__gte=1),
                name="project_required_reviews_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> RatingScale:
        """The rating scale as a value object (labels, choices, numbers)."""
        return RatingScale.from_json(self.rating_scale)

    def verdict_values(self) -> list[str]:
        return list(self.scale.values)


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REVIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} ({self.role})"


class Invitation(models.Model):
    """An owner's invitation to a project, addressed to a username or an email address as the
    owner typed it. Whether an account matched is never shown to the owner (the answer and the
    pending list are the same either way): `invitee` is the account that matched, if any, and
    only that account sees the invitation, to accept (it becomes a member) or decline it.
    Accepted, declined and withdrawn invitations are deleted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    who = models.CharField(max_length=254)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REVIEWER)
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.who} to {self.project} ({self.role})"


class SplitStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SPLITTING = "splitting", "Splitting"
    SPLIT = "split", "Split"
    FAILED = "failed", "Failed"


def body_hash(body: str) -> str:
    """Content hash used to refuse importing the same text twice into a project.
    Whitespace is collapsed so a re-wrapped copy of the same article still matches."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


class Article(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=500)
    body = models.TextField()
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)  # body_hash(body), set by services
    split_status = models.CharField(max_length=16, choices=SplitStatus.choices, default=SplitStatus.PENDING)
    split_error = models.TextField(blank=True)
    split_attempts = models.PositiveIntegerField(default=0)
    split_started_at = models.DateTimeField(null=True, blank=True)
    split_finished_at = models.DateTimeField(null=True, blank=True)
    engine_version = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "content_hash"], name="article_unique_text_per_project"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Q(split_status__in=SplitStatus.values), name="article_split_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["split_status", "updated_at"], name="article_split_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Sentence(models.Model):
    # No index of its own: the unique (article, index) constraint's index serves every
    # lookup by article, and one index fewer is one less to update per stored sentence.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences", db_index=False)
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "index"]
        constraints = [
            models.UniqueConstraint(fields=["article", "index"], name="sentence_unique_index"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sentence_span_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.index} [{self.start}:{self.end}]"

    @property
    def text(self) -> str:
        return self.article.body[self.start : self.end]


class SourceKind(models.TextChoices):
    PERSON = "person", "Person"
    OUTLET = "outlet", "News outlet"
    GOVERNMENT = "government", "Government or official body"
    ORGANISATION = "organisation", "Organisation"
    GROUP = "group", "Armed or political group"
    UNKNOWN = "unknown", "Unknown"


def normalize_source_name(name: str) -> str:
    """How speaker spans are matched to Sources: case, punctuation, a leading article
    and spacing do not matter ("The Telegraph" == "telegraph")."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in name).split()
    if words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    # Capped at the column's length so every caller builds the same key (a speaker span
    # can be a whole clause).
    return " ".join(words)[:300].rstrip()


class Source(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300, editable=False)  # set by services
    # Other names the same source goes by, already normalised (see normalize_source_name).
    aliases = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.UNKNOWN)
    default_reliability = models.CharField(max_length=1, choices=SourceReliability.choices, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "normalized_name"], name="source_unique_name_per_project"
            ),
            models.CheckConstraint(condition=~Q(normalized_name=""), name="source_name_not_empty"),
            models.CheckConstraint(
                condition=Q(default_reliability="") | Q(default_reliability__in=SourceReliability.values),
                name="source_default_reliability_valid",
            ),
        ]
        indexes = [GinIndex(fields=["aliases"], name="source_aliases_gin")]

    def __str__(self) -> str:
        return self.name


class ClaimOrigin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted by the engine"
    EDITED = "edited", "Extracted, then edited"
    MANUAL = "manual", "Added by hand"


class Stance(models.TextChoices):
    ASSERTED = "asserted", "Asserted"
    DENIED = "denied", "Denied"  # the source rejects the proposition in the claim text


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    IN_REVIEW = "in_review", "In review"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


def speaker_chain(speaker_text: str, attribution_chain: list[Any]) -> str:
    """``Claim.speaker_chain`` from the two columns (exports read rows, not instances)."""
    if not speaker_text:
        return ""
    cited = [str(link.get("text", "")) for link in attribution_chain[1:] if isinstance(link, dict)]
    return ", citing ".join([speaker_text, *(text for text in cited if text)])


class ClaimManager(models.Manager["Claim"]):
    def get_queryset(self) -> models.QuerySet[Claim]:
        # The stored search document and similarity keys are for PostgreSQL's indexes, not
        # for Python: never fetch them.
        return super().get_queryset().defer("search_vector", "similarity_keys")


class Claim(models.Model):
    # No index of its own: claim_article_start_idx (article, start) serves every lookup by
    # article, and one index fewer is one less to update per stored claim.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    # Kept when a re-split replaces sentences: the claim's offsets still ground it.
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    origin = models.CharField(max_length=16, choices=ClaimOrigin.choices, default=ClaimOrigin.EXTRACTED)
    # Attribution as the engine found it (spans into the article body).
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_text = models.CharField(max_length=500, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_text = models.CharField(max_length=200, blank=True)
    # Nested attribution, outermost first: [{"start", "end", "text"}, ...].
    attribution_chain = models.JSONField(default=list, blank=True)
    is_direct_quote = models.BooleanField(default=False)
    stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.ASSERTED)
    # The speaker linked by normalised name, or the outlet for the article's own claims.
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    engine_version = models.CharField(max_length=32, blank=True)
    # Derived from annotations by the project's verification policy (services).
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED)
    final_verdict = models.CharField(max_length=32, blank=True)
    final_note = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # "The same claim as": an analyst links a repeat to the claim checked first, so a claim
    # seen in several articles is checked once.
    same_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    # "Not check-worthy": an owner or editor dismissed the claim with a reason. It leaves the
    # queue, progress and reports (a filter still shows it) and can be restored; the claim's
    # history keeps who dismissed and restored it when.
    dismissed_reason = models.CharField(max_length=500, blank=True, default="")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    # Full-text search document, computed and stored by PostgreSQL (GIN-indexed below), so a
    # search reads the index instead of re-parsing every claim's text.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # MinHash band keys of the text (annotations.similarity), GIN-indexed: repeated claims
    # are found among the claims sharing a key instead of by scanning the project.
    similarity_keys = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = ClaimManager()
    # Derived columns are not history.
    history = HistoricalRecords(excluded_fields=["search_vector", "similarity_keys"])

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(
                condition=(Q(speaker_start__isnull=True) & Q(speaker_end__isnull=True))
                | (
                    # Explicit NOT NULLs: a CHECK that evaluates to NULL passes in SQL.
                    Q(speaker_start__isnull=False)
                    & Q(speaker_end__isnull=False)
                    & Q(speaker_end__gt=F("speaker_start"))
                ),
                name="claim_speaker_span_valid",
            ),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | (
                    # Explicit NOT NULLs: a CHECK that evaluates to NULL passes in SQL.
                    Q(cue_start__isnull=False) & Q(cue_end__isnull=False) & Q(cue_end__gt=F("cue_start"))
                ),
                name="claim_cue_span_valid",
            ),
            models.CheckConstraint(condition=Q(origin__in=ClaimOrigin.values), name="claim_origin_valid"),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="claim_stance_valid"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.VERIFIED) | ~Q(final_verdict=""),
                name="claim_verified_has_verdict",
            ),
            models.CheckConstraint(condition=~Q(same_as=F("id")), name="claim_not_same_as_itself"),
            # Dismissed means a time and a reason, both; restored means neither.
            models.CheckConstraint(
                condition=(Q(dismissed_at__isnull=True) & Q(dismissed_reason=""))
                | (Q(dismissed_at__isnull=False) & ~Q(dismissed_reason="")),
                name="claim_dismissed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="claim_article_start_idx"),
            models.Index(fields=["status"], name="claim_status_idx"),
            GinIndex(fields=["search_vector"], name="claim_search_vector_gin"),
            # Candidates for repeated claims across articles (`similarity_keys && ...`).
            GinIndex(fields=["similarity_keys"], name="claim_similarity_keys_gin"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The keys follow the text on every save path (bulk inserts set them themselves).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "text" in update_fields:
            self.similarity_keys = similarity_keys(self.text)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "similarity_keys"}
        super().save(*args, **kwargs)

    @property
    def speaker_chain(self) -> str:
        """The speaker with whom they cite, as the article gives it: "Arabic media, citing rebel
        sources" (empty when the engine found no speaker)."""
        return speaker_chain(self.speaker_text, self.attribution_chain)


class Assignment(models.Model):
    """An owner or editor gives a member a claim, or a whole article, to review.

    An article's assignment covers every claim the article has, including claims a later split
    or an analyst adds: "assigned to me" reads it at query time (``selectors.claims_queue``).
    Both kinds live in one table: exactly one of ``claim`` and ``article`` is set. The
    database keeps it inside the project: the assignee must be a member (a composite foreign
    key to Membership; removing the member deletes their assignments) and the claim or
    article must be the project's (a trigger), both added by migration 0013. History keeps
    who assigned and unassigned what, when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(article__isnull=True))
                | (Q(claim__isnull=True) & Q(article__isnull=False)),
                name="assignment_claim_or_article",
            ),
            models.UniqueConstraint(
                fields=["claim", "reviewer"],
                condition=Q(claim__isnull=False),
                name="assignment_unique_claim_reviewer",
            ),
            models.UniqueConstraint(
                fields=["article", "reviewer"],
                condition=Q(article__isnull=False),
                name="assignment_unique_article_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["project", "reviewer"], name="assignment_reviewer_idx")]

    def __str__(self) -> str:
        what = f"claim {self.claim_id}" if self.claim_id else f"article {self.article_id}"
        return f"{what} to {self.reviewer_id}"


class ReplacedSpan(models.TextChoices):
    EDITED = "edited", "Edited"
    DELETED = "deleted", "Deleted"
    SPLIT = "split", "Split"
    MERGED = "merged", "Merged"


class ClaimTombstone(models.Model):
    """A claim of the engine's that an analyst replaced: edited its text, split it, merged it
    into another or deleted it. Splitting the article again never recreates it, so the
    engine's original does not come back beside the analyst's version
    (``services.splitting._store_split`` matches the engine's claims against these and the
    claims analysts kept). ``start``/``end``/``text`` are the claim as the engine made it;
    the article body never changes, so they stay true."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tombstones")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    reason = models.CharField(max_length=16, choices=ReplacedSpan.choices)
    # The replaced claim's id (an edited claim keeps it) and who replaced it.
    claim_id_was = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="tombstone_span_valid"),
            models.CheckConstraint(
                condition=Q(reason__in=ReplacedSpan.values), name="tombstone_reason_valid"
            ),
        ]
        indexes = [models.Index(fields=["article", "start"], name="tombstone_article_start_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} [{self.start}:{self.end}] {self.reason}"


class Annotation(models.Model):
    """One reviewer's judgement of one claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="annotations")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    source_reliability = models.CharField(max_length=1, choices=SourceReliability.choices, blank=True)
    information_credibility = models.PositiveSmallIntegerField(
        choices=InformationCredibility.choices, null=True, blank=True
    )
    confidence = models.CharField(max_length=16, choices=Confidence.choices, blank=True)
    # A value of the project's rating scale (validated by the service against it).
    verdict = models.CharField(max_length=32, blank=True)
    rationale = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="annotation_one_per_reviewer"),
            models.CheckConstraint(
                condition=Q(source_reliability="") | Q(source_reliability__in=SourceReliability.values),
                name="annotation_reliability_valid",
            ),
            models.CheckConstraint(
                condition=Q(information_credibility__isnull=True)
                | Q(information_credibility__gte=1, information_credibility__lte=6),
                name="annotation_credibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence="") | Q(confidence__in=Confidence.values),
                name="annotation_confidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on claim {self.claim_id}: {self.verdict or '—'}"

    @property
    def reviewer_evidence(self) -> list[Evidence]:
        """The evidence this reviewer cited on the claim (prefetch ``claim__evidence`` with
        its documents to read it without a query per annotation)."""
        return [e for e in self.claim.evidence.all() if e.added_by_id == self.reviewer_id]


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class CaptureStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CAPTURED = "captured", "Captured"
    FAILED = "failed", "Failed"


def normalize_evidence_url(url: str) -> str:
    """The key one cited page is kept under in a project: scheme and host in lower case, no
    default port, no fragment, "/" for an empty path. Path and query are kept as typed (they
    are case-sensitive on most servers). ``url`` is an http(s) URL (annotations.weburl)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == {"http": 80, "https": 443}.get(scheme) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))[:2000]


class EvidenceDocument(models.Model):
    """A web page cited as evidence, once per project and normalised URL, so one source
    document backs every claim that cites it. The worker captures what the page said when it
    was cited (``services.evidence.evidence_document_capture``): its main text (trafilatura),
    a sha256 of that text and the fetch time, so a report can quote the page after it
    changes. A failed capture keeps its reason; re-capturing replaces the snapshot (the
    history keeps the earlier ones)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence_documents")
    url = models.URLField(max_length=2000)  # as first cited
    normalized_url = models.CharField(max_length=2000, editable=False)  # normalize_evidence_url(url)
    capture_status = models.CharField(
        max_length=16, choices=CaptureStatus.choices, default=CaptureStatus.PENDING
    )
    capture_error = models.TextField(blank=True)
    capture_attempts = models.PositiveIntegerField(default=0)
    # When a capture was last asked for (the sweeper re-enqueues one left pending too long).
    capture_requested_at = models.DateTimeField(null=True, blank=True)
    page_title = models.CharField(max_length=500, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)  # after redirects
    captured_text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)  # sha256 of captured_text
    fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "normalized_url"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "normalized_url"], name="evidence_document_unique_url_per_project"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="evidence_document_url_http",
            ),
            models.CheckConstraint(
                condition=Q(capture_status__in=CaptureStatus.values),
                name="evidence_document_status_valid",
            ),
            # A capture always has its hash and fetch time; a failure always says why.
            models.CheckConstraint(
                condition=~Q(capture_status=CaptureStatus.CAPTURED)
                | (Q(fetched_at__isnull=False) & Q(content_hash__regex=r"^[0-9a-f]{64}$")),
                name="evidence_document_captured_has_hash",
            ),
            models.CheckConstraint(
                condition=~Q(capture_status=CaptureStatus.FAILED) | ~Q(capture_error=""),
                name="evidence_document_failed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["capture_status", "capture_requested_at"], name="evidence_doc_status_idx")
        ]

    def __str__(self) -> str:
        return self.url


class Evidence(models.Model):
    """A claim's evidence: a cited document with a title, the stance it takes on the claim
    and a note, by who added it and when. Other members see it when they may see the
    adder's review (the no-anchoring rule, ``selectors.evidence_for_claim``)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(EvidenceDocument, on_delete=models.RESTRICT, related_name="citations")
    title = models.CharField(max_length=500, blank=True)
    stance = models.CharField(max_length=16, choices=EvidenceStance.choices, default=EvidenceStance.CONTEXT)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values), name="evidence_stance_valid"
            ),
            # One citation of a page per claim per member (adding it again changes nothing).
            models.UniqueConstraint(
                fields=["claim", "document", "added_by"],
                name="evidence_unique_document_per_adder",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.document.url

    @property
    def url(self) -> str:
        return self.document.url


class ApiToken(models.Model):
    """A personal API token. Only a hash of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # First characters of the secret, to tell tokens apart in lists; not enough to use it.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an Idempotency-Key, replayed on retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    JSONL = "jsonl", "JSON Lines"
    CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD"
    HTML = "html", "HTML report"
    PDF = "pdf", "PDF report"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExportJob(models.Model):
    """A report of chosen claims, built by a worker and downloaded when ready."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="export_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="export_jobs"
    )
    format = models.CharField(max_length=16, choices=ExportFormat.choices)
    # The review-queue filters that choose the claims (default: verified claims).
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The sweeper's re-enqueues of a job the broker lost or a worker never finished.
    sweeps = models.PositiveSmallIntegerField(default=0)
    swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(format__in=ExportFormat.values), name="export_format_valid"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="export_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} export of {self.project} ({self.status})"


def live_has_snapshot(field: str, name: str) -> models.CheckConstraint:
    """A live page always has something to show; a withdrawn one keeps nothing."""
    return models.CheckConstraint(
        condition=(Q(live=True) & ~Q(**{field: {}})) | (Q(live=False) & Q(**{field: {}})), name=name
    )


class PublicPage(models.Model):
    """What every public page an editor publishes has: whether it is live, who published it
    last and when, and when it was unpublished. The page shows a snapshot taken when it was
    published (the subclass's JSON field), cleared when it is unpublished."""

    slug = models.SlugField(max_length=80, unique=True)
    live = models.BooleanField(default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    unpublished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.slug} ({'live' if self.live else 'withdrawn'})"


class Publication(PublicPage):
    """A verified claim published as a public, read-only fact-check page at
    ``/fact-checks/<slug>/``, with its ClaimReview JSON-LD.

    ``review`` is what the page shows, taken when an editor publishes (the ClaimReview of
    ``exports.claimreview`` without its ``url``, which is the page's own address): later
    edits in the desk do not reach the page until it is published again. Unpublishing keeps
    the row and its slug (publishing again brings the page back at the same address) but
    clears the snapshot; the page then answers 410 Gone."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="publication")
    review = models.JSONField(default=dict, blank=True)

    class Meta(PublicPage.Meta):
        constraints = [live_has_snapshot("review", "publication_live_has_review")]


class PublishedReport(PublicPage):
    """Verified claims an editor chose, published together as one public, read-only page at
    ``/fact-checks/reports/<slug>/`` with one ClaimReview JSON-LD per claim.

    ``claims`` is the editor's choice (kept while unpublished, so publishing again brings the
    same claims back); ``content`` is what the page shows, taken when an editor publishes
    (the publisher and, per claim, its ClaimReview without ``url``, its source chain and its
    evidence), so later edits in the desk reach the page only when it is published again.
    ``title`` and ``summary`` (the editor's Markdown, sanitised when shown) are the editor's.
    Unpublishing keeps the row, the slug and the choice, clears the snapshot; the page then
    answers 410."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="published_reports")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    claims = models.ManyToManyField(Claim, related_name="published_reports")
    content = models.JSONField(default=dict, blank=True)

    class Meta(PublicPage.Meta):
        constraints = [live_has_snapshot("content", "published_report_live_has_content")]

    def __str__(self) -> str:
        return f"{self.title} ({'live' if self.live else 'withdrawn'})"
