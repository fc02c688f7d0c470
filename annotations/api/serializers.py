"""Input serializers validate what a client sends (then the view calls a service); output
serializers say what the API returns. Kept apart so the schema shows both exactly."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from annotations.models import (
    Annotation,
    ApiToken,
    Article,
    Assignment,
    CaptureStatus,
    Claim,
    ClaimStatus,
    Confidence,
    Evidence,
    EvidenceDocument,
    EvidenceStance,
    ExportFormat,
    ExportJob,
    InformationCredibility,
    Invitation,
    JobStatus,
    Membership,
    Project,
    Role,
    Sentence,
    Source,
    SourceKind,
    SourceReliability,
    Stance,
)
from annotations.services.accounts import display_name
from annotations.weburl import validate_web_url

# http(s) with a valid host, nothing a URL cannot contain (annotations/weburl.py): the same
# rule as the page forms and the file importers.
_http_url = validate_web_url
MAX_BULK_ARTICLES = 5000


_SURROGATE = re.compile("[\ud800-\udfff]")


class NoSurrogates(ProhibitSurrogateCharactersValidator):
    """DRF's check, same message, with a regular expression instead of a Python loop over
    every character (that loop was most of a 10,000-article bulk import's time)."""

    def __call__(self, value: Any) -> None:
        found = _SURROGATE.search(str(value))
        if found:
            raise ValidationError(self.message.format(code_point=ord(found.group())), code=self.code)


class Text(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into strings."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            NoSurrogates() if type(v) is ProhibitSurrogateCharactersValidator else v for v in self.validators
        ]

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


MAX_INT = 2_147_483_647  # PostgreSQL integer columns


# --- tokens


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]


class TokenCreatedSerializer(TokenSerializer):
    secret = serializers.CharField(help_text="The token. Shown this once only: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "secret"]


class TokenCreateInput(serializers.Serializer):
    name = Text(max_length=100)


# --- projects and members


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="my_role", help_text="Your role in the project.")

    class Meta:
        model = Project
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "publisher_name",
            "publisher_url",
            "rating_scale",
            "required_agreeing_reviews",
            "requires_editor_approval",
            "created_at",
            "role",
        ]


class ProjectCreateInput(serializers.Serializer):
    name = Text(max_length=200)
    slug = serializers.SlugField(max_length=100, required=False, allow_blank=True, default="")
    description = Text(max_length=20000, required=False, allow_blank=True, default="")


class ProjectPolicyInput(serializers.Serializer):
    """PATCH: only the fields sent change."""

    required_agreeing_reviews = serializers.IntegerField(min_value=1, max_value=20)
    requires_editor_approval = serializers.BooleanField()
    publisher_name = Text(max_length=200, allow_blank=True)
    publisher_url = Text(max_length=2000, allow_blank=True, validators=[_http_url])


class GuidelinesSerializer(serializers.Serializer):
    markdown = serializers.CharField(help_text="The guidelines as written (Markdown).")
    html = serializers.CharField(
        help_text="Rendered and sanitised (allow-listed tags; no scripts, styles or images; links "
        'http(s)/mailto only, with rel="noopener noreferrer nofollow"); safe to show as it is.'
    )
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(help_text="Display name of whoever saved them last; empty before.")


class GuidelinesInput(serializers.Serializer):
    markdown = Text(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown, at most 50,000 characters; empty removes the guidelines.",
    )


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    display_name = serializers.SerializerMethodField(
        help_text="How the desk, reports and exports name the member (their username when they set none)."
    )
    user_id = serializers.IntegerField()

    class Meta:
        model = Membership
        fields = ["user_id", "username", "display_name", "role", "created_at"]

    def get_display_name(self, membership: Membership) -> str:
        return display_name(membership.user)


class MembershipCreateInput(serializers.Serializer):
    who = Text(
        max_length=254,
        required=False,
        help_text="A username or an email address. The answer is the same whether or not an account has it.",
    )
    username = Text(max_length=254, required=False, help_text="The same as `who` (older name of the field).")
    role = serializers.ChoiceField(choices=Role.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        who = attrs.pop("who", None) or attrs.pop("username", None)
        attrs.pop("username", None)
        if not who or not who.strip():
            raise serializers.ValidationError({"who": ["Give a username or an email address."]})
        attrs["who"] = who.strip()
        return attrs


class InviteAnswerSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PendingInvitationSerializer(serializers.ModelSerializer):
    """An invitation as its project's owners see it: as typed, never whom it matched."""

    invited_by = serializers.CharField(source="invited_by.username", allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "who", "role", "invited_by", "created_at"]


class ProjectBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["slug", "name"]


class MyInvitationSerializer(serializers.ModelSerializer):
    """An invitation addressed to you."""

    project = ProjectBriefSerializer()
    invited_by = serializers.CharField(source="invited_by.username", allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "project", "role", "invited_by", "created_at"]


class MembershipUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


# --- articles


class ArticleInput(serializers.Serializer):
    title = Text(max_length=500, required=False, allow_blank=True, default="")
    # Offsets point into the body: it is stored verbatim, never trimmed. NUL characters and
    # lone surrogates are refused by CharField's own validators.
    body = Text(trim_whitespace=False)
    url = Text(max_length=2000, required=False, allow_blank=True, default="", validators=[_http_url])
    outlet = Text(max_length=200, required=False, allow_blank=True, default="")
    author = Text(max_length=300, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    language = Text(max_length=16, required=False, allow_blank=True, default="")

    def validate_body(self, body: str) -> str:
        if not body.strip():
            raise serializers.ValidationError("The article text is empty.")
        limit = settings.CLAIMDESK_MAX_ARTICLE_CHARS
        if len(body) > limit:
            raise serializers.ValidationError(
                f"The article text is {len(body):,} characters; the limit is {limit:,}."
            )
        return body


_BULK_COUNT = f"Send between 1 and {MAX_BULK_ARTICLES:,} articles in one call."


class ArticleBulkInput(serializers.Serializer):
    articles: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=ArticleInput(),
        allow_empty=False,
        max_length=MAX_BULK_ARTICLES,
        error_messages={"empty": _BULK_COUNT, "max_length": _BULK_COUNT},
        # Never reached (the two checks above come first); they put minItems / maxItems in the schema.
        validators=[MinLengthValidator(1), MaxLengthValidator(MAX_BULK_ARTICLES)],
    )


class BulkCreatedSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the request's `articles`.")
    id = serializers.IntegerField()


class BulkSkippedSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    message = serializers.CharField()


class ArticleBulkResultSerializer(serializers.Serializer):
    created = BulkCreatedSerializer(many=True)
    duplicates = BulkSkippedSerializer(many=True, help_text="Text the project already has; not imported.")
    errors = BulkSkippedSerializer(many=True)  # type: ignore[assignment]  # a field, not Serializer.errors


_ARTICLE_STATUS_FIELDS = [
    "split_status",
    "split_error",
    "split_attempts",
    "split_started_at",
    "split_finished_at",
    "engine_version",
]


class ArticleSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.slug", help_text="The project's slug.")
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "title",
            "url",
            "outlet",
            "author",
            "published_at",
            "language",
            *_ARTICLE_STATUS_FIELDS,
            "created_at",
            "updated_at",
            "claim_count",
        ]


class ArticleCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "author",
            "published_at",
            "language",
            "split_status",
            "created_at",
        ]


class ArticleStatusSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", *_ARTICLE_STATUS_FIELDS, "updated_at", "claim_count"]


class SentenceSerializer(serializers.ModelSerializer):
    text = serializers.CharField()

    class Meta:
        model = Sentence
        fields = ["id", "index", "start", "end", "text"]


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind"]


_DATETIME = serializers.DateTimeField()  # renders like every other datetime of the API


class ClaimSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id")
    sentence = serializers.IntegerField(source="sentence_id", allow_null=True)
    source = SourceBriefSerializer(allow_null=True)  # type: ignore[assignment]  # a field, not Field.source
    verified_by = serializers.IntegerField(source="verified_by_id", allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "sentence",
            "start",
            "end",
            "text",
            "origin",
            "speaker_start",
            "speaker_end",
            "speaker_text",
            "cue_start",
            "cue_end",
            "cue_text",
            "attribution_chain",
            "is_direct_quote",
            "stance",
            "source",
            "engine_version",
            "status",
            "final_verdict",
            "final_note",
            "verified_by",
            "verified_at",
            "dismissed_reason",
            "dismissed_at",
            "created_at",
            "updated_at",
        ]

    # Lists render 50 claims a page (and an article, hundreds): DRF's per-field machinery cost
    # ~0.3 ms a claim, most of the claim list's time. This builds the same dict directly;
    # tests/api/test_claims.py::test_fast_claim_rendering_matches_drf checks it field by field.
    _PLAIN = (
        "id",
        "start",
        "end",
        "text",
        "origin",
        "speaker_start",
        "speaker_end",
        "speaker_text",
        "cue_start",
        "cue_end",
        "cue_text",
        "attribution_chain",
        "is_direct_quote",
        "stance",
        "engine_version",
        "status",
        "final_verdict",
        "final_note",
        "dismissed_reason",
    )

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(instance, name) for name in self._PLAIN}
        out["article"] = instance.article_id
        out["sentence"] = instance.sentence_id
        source = instance.source
        out["source"] = (
            None if source is None else {"id": source.pk, "name": source.name, "kind": source.kind}
        )
        out["verified_by"] = instance.verified_by_id
        for name in ("verified_at", "dismissed_at", "created_at", "updated_at"):
            value = getattr(instance, name)
            out[name] = None if value is None else _DATETIME.to_representation(value)
        return {name: out[name] for name in self.Meta.fields}


class ArticleDetailSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.slug", help_text="The project's slug.")
    sentences = SentenceSerializer(many=True)
    claims = ClaimSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "title",
            "body",
            "url",
            "outlet",
            "author",
            "published_at",
            "language",
            *_ARTICLE_STATUS_FIELDS,
            "created_at",
            "updated_at",
            "sentences",
            "claims",
        ]


class SplitCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    splitting = serializers.IntegerField()
    split = serializers.IntegerField()
    failed = serializers.IntegerField()
    total = serializers.IntegerField()


# --- claims


class ClaimEditInput(serializers.Serializer):
    text = Text(max_length=5000, help_text="The claim as a standalone proposition.")
    speaker = Text(
        max_length=500,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Who makes the claim, as the analyst reads it; empty clears it (the outlet's own claim). "
        "Found in the article near the claim, it gets offsets (`speaker_start`/`speaker_end`); otherwise "
        "it is kept as text only. The claim's `source` follows it; the engine's chain is replaced.",
    )
    cue = Text(
        max_length=200,
        allow_blank=True,
        trim_whitespace=False,
        help_text='The attribution cue ("said", "denied"); empty clears it. Offsets as for `speaker`.',
    )
    stance = serializers.ChoiceField(
        choices=Stance.choices, help_text="Whether the speaker asserts or denies the claim."
    )


class ClaimAddInput(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    end = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    text = Text(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The claim as a standalone proposition; defaults to the selected text.",
    )


class ClaimSplitInput(serializers.Serializer):
    at = serializers.IntegerField(min_value=0, max_value=MAX_INT, help_text="Body offset to split at.")


class ClaimSplitResultSerializer(serializers.Serializer):
    claims = ClaimSerializer(many=True)


class ClaimMergeInput(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=2, max_length=100
    )


class ClaimApproveInput(serializers.Serializer):
    verdict = Text(max_length=32, help_text="A value of the project's rating scale.")
    note = Text(max_length=20000, required=False, allow_blank=True, default="")


# --- annotations and evidence


class EvidenceSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True)
    url = serializers.CharField(source="document.url", read_only=True)
    added_by = serializers.CharField(
        source="added_by.username", read_only=True, allow_null=True, default=None
    )
    capture_status = serializers.ChoiceField(
        source="document.capture_status", choices=CaptureStatus.choices, read_only=True
    )
    capture_error = serializers.CharField(source="document.capture_error", read_only=True)
    fetched_at = serializers.DateTimeField(source="document.fetched_at", read_only=True, allow_null=True)
    content_hash = serializers.CharField(
        source="document.content_hash", read_only=True, help_text="sha256 of the captured text"
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "document",
            "url",
            "title",
            "stance",
            "note",
            "added_by",
            "created_at",
            "capture_status",
            "capture_error",
            "fetched_at",
            "content_hash",
        ]


class AnnotationSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id")
    reviewer = serializers.CharField(source="reviewer.username")
    source = serializers.IntegerField(source="source_id", allow_null=True)  # type: ignore[assignment]
    evidence = EvidenceSerializer(
        many=True, source="reviewer_evidence", help_text="The evidence this reviewer cited on the claim."
    )

    class Meta:
        model = Annotation
        fields = [
            "id",
            "claim",
            "reviewer",
            "source",
            "source_reliability",
            "information_credibility",
            "confidence",
            "verdict",
            "rationale",
            "evidence",
            "created_at",
            "updated_at",
        ]


class EvidenceAddInput(serializers.Serializer):
    url = Text(max_length=2000, validators=[_http_url])
    title = Text(max_length=500, required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(choices=EvidenceStance.choices, default=EvidenceStance.CONTEXT)
    note = Text(max_length=20000, required=False, allow_blank=True, default="")


class EvidenceCaptureSerializer(serializers.ModelSerializer):
    """What a cited page said when it was captured."""

    document = serializers.IntegerField(source="pk", read_only=True)

    class Meta:
        model = EvidenceDocument
        fields = [
            "document",
            "url",
            "final_url",
            "page_title",
            "capture_status",
            "capture_error",
            "fetched_at",
            "content_hash",
            "captured_text",
        ]


class EvidenceInput(serializers.Serializer):
    url = Text(max_length=2000, validators=[_http_url])
    title = Text(max_length=500, required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(choices=EvidenceStance.choices, default=EvidenceStance.CONTEXT)


class AnnotationInput(serializers.Serializer):
    source = serializers.IntegerField(  # type: ignore[assignment]  # a field, not Field.source
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Id of a source of this project.",
    )
    source_reliability = serializers.ChoiceField(
        choices=SourceReliability.choices, required=False, allow_blank=True, default=""
    )
    information_credibility = serializers.ChoiceField(
        choices=InformationCredibility.choices, required=False, allow_null=True, default=None
    )
    confidence = serializers.ChoiceField(
        choices=Confidence.choices, required=False, allow_blank=True, default=""
    )
    verdict = Text(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="A value of the project's rating scale.",
    )
    rationale = Text(max_length=20000, required=False, allow_blank=True, default="")
    evidence = EvidenceInput(  # type: ignore[call-arg]  # max_length: see ArticleBulkInput
        many=True, required=False, max_length=50, help_text="Replaces the links; leave it out to keep them."
    )


# --- sources


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "normalized_name",
            "aliases",
            "kind",
            "default_reliability",
            "description",
            "url",
            "created_at",
        ]


class SourceCreateInput(serializers.Serializer):
    name = Text(max_length=300)
    kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.UNKNOWN)
    default_reliability = serializers.ChoiceField(
        choices=SourceReliability.choices, required=False, allow_blank=True, default=""
    )
    aliases = serializers.ListField(child=Text(max_length=300), required=False, default=list, max_length=50)


class ExportFiltersInput(serializers.Serializer):
    """The review queue's filters (all optional; default: verified claims)."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=500)
    status = serializers.ChoiceField(
        choices=[("", "any"), *ClaimStatus.choices], required=False, allow_blank=True
    )
    verdict = serializers.CharField(required=False, allow_blank=True, max_length=32)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    source = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)  # type: ignore[assignment]  # a field, not Field.source
    article = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    published_from = serializers.DateField(required=False, allow_null=True)
    published_to = serializers.DateField(required=False, allow_null=True)


class ExportCreateInput(serializers.Serializer):
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    filters = ExportFiltersInput(required=False)


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "filters",
            "status",
            "rows_done",
            "rows_total",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != JobStatus.DONE or not job.file:
            return None
        return f"/api/v1/projects/{job.project.slug}/exports/{job.pk}/download/"


# --- assignments, bulk actions and progress

MAX_BULK_ITEMS = 500


def _id() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class AssignmentSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text="`claim` or `article` (then every claim it has).")
    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    article = serializers.IntegerField(source="article_id", allow_null=True)
    reviewer = serializers.CharField(source="reviewer.username")
    reviewer_name = serializers.SerializerMethodField()
    assigned_by = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "kind", "claim", "article", "reviewer", "reviewer_name", "assigned_by", "created_at"]

    def get_kind(self, obj: Assignment) -> str:
        return "claim" if obj.claim_id else "article"

    def get_reviewer_name(self, obj: Assignment) -> str:
        return display_name(obj.reviewer)

    def get_assigned_by(self, obj: Assignment) -> str | None:
        return obj.assigned_by.username if obj.assigned_by else None


class AssignInput(serializers.Serializer):
    reviewers = serializers.ListField(
        child=Text(max_length=150),
        max_length=200,
        required=False,
        default=list,
        help_text="Usernames of members who review. Round-robin without any deals over the project's reviewers.",
    )
    claims = serializers.ListField(child=_id(), max_length=MAX_BULK_ITEMS, required=False, default=list)
    articles = serializers.ListField(
        child=_id(),
        max_length=MAX_BULK_ITEMS,
        required=False,
        default=list,
        help_text="An article's assignment covers every claim it has, including claims added later.",
    )
    mode = serializers.ChoiceField(
        choices=["each", "round_robin"],
        default="each",
        help_text="`each`: every reviewer gets every item; `round_robin`: items dealt in turn.",
    )
    per_item = serializers.IntegerField(
        min_value=1, max_value=10, default=1, help_text="Round-robin: reviewers per item."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["claims"] and not attrs["articles"]:
            raise serializers.ValidationError("Name some claims or articles.")
        if len(attrs["claims"]) + len(attrs["articles"]) > MAX_BULK_ITEMS:
            raise serializers.ValidationError(f"At most {MAX_BULK_ITEMS} claims and articles at a time.")
        return attrs


class UnassignInput(serializers.Serializer):
    reviewers = serializers.ListField(
        child=Text(max_length=150),
        max_length=200,
        required=False,
        help_text="Usernames; leave out to unassign the items from everyone.",
    )
    claims = serializers.ListField(child=_id(), max_length=MAX_BULK_ITEMS, required=False, default=list)
    articles = serializers.ListField(child=_id(), max_length=MAX_BULK_ITEMS, required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["claims"] and not attrs["articles"]:
            raise serializers.ValidationError("Name some claims or articles.")
        if len(attrs["claims"]) + len(attrs["articles"]) > MAX_BULK_ITEMS:
            raise serializers.ValidationError(f"At most {MAX_BULK_ITEMS} claims and articles at a time.")
        return attrs


class ClaimBulkInput(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["assign", "unassign", "dismiss", "restore", "approve"],
        help_text="`dismiss` marks the claims not check-worthy (needs `reason`); `approve` approves "
        "each claim with the verdict its reviewers agree on (refused per claim otherwise).",
    )
    claims = serializers.ListField(child=_id(), min_length=1, max_length=MAX_BULK_ITEMS)
    reviewers = serializers.ListField(child=Text(max_length=150), max_length=200, required=False)
    mode = serializers.ChoiceField(choices=["each", "round_robin"], default="each")
    per_item = serializers.IntegerField(min_value=1, max_value=10, default=1)
    reason = Text(max_length=500, required=False, allow_blank=True, default="")


class ItemResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "article"])
    id = serializers.IntegerField()
    ok = serializers.BooleanField(help_text="False: refused, and `detail` says why; nothing changed.")
    detail = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    results = ItemResultSerializer(many=True)


class ReviewerProgressSerializer(serializers.Serializer):
    reviewer = serializers.CharField(help_text="Username.")
    name = serializers.CharField(help_text="Display name.")
    assigned = serializers.IntegerField()
    annotated = serializers.IntegerField()
    verified = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True, help_text="Import to verified, median.")
    p90_seconds = serializers.FloatField(allow_null=True, help_text="Import to verified, 90th percentile.")


class ProgressSerializer(serializers.Serializer):
    reviewers = ReviewerProgressSerializer(many=True)
    verified = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True)
    p90_seconds = serializers.FloatField(allow_null=True)
