"""Forms validate what the browser sends; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms

from annotations.models import Confidence, InformationCredibility, Project, Role, SourceReliability, Stance
from annotations.selectors import ClaimFilters
from annotations.weburl import validate_web_url


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=100, required=False, help_text="Leave empty to derive it from the name."
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class InviteForm(forms.Form):
    who = forms.CharField(label="Username or email", max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.REVIEWER)


class JoinForm(forms.Form):
    """An invitee's new account (services.accounts.invitation_join checks the rest)."""

    username = forms.CharField(
        max_length=150,
        help_text="For signing in: letters, digits and @ . + - _ only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        max_length=150, required=False, help_text="How the desk, reports and exports name you."
    )
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="The same again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "The two passwords differ.")
        return data


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        max_length=150,
        required=False,
        help_text="How the desk, reports and exports name you; leave empty to show your username.",
    )


class PasteForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
        label="Article text",
        error_messages={"required": "Paste the article's text: there was nothing to import."},
    )
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", validators=[validate_web_url]
    )
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"], code="required")
        return text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.md,.html,.htm,.jsonl,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        if isinstance(data, list | tuple):
            data = None  # no file chosen: the field's "required" error, not an empty upload
        return [single(data, initial)]


class UploadForm(forms.Form):
    documents = MultipleFileField(
        label="Files (.txt, .md, .html, .jsonl, .csv)",
        error_messages={"required": "Choose one or more files to upload: none was chosen."},
    )
    outlet = forms.CharField(max_length=200, required=False, label="Outlet (for files that name none)")


class UrlImportForm(forms.Form):
    url = forms.URLField(
        max_length=2000,
        label="Article URL",
        assume_scheme="https",
        validators=[validate_web_url],
        error_messages={"required": "Enter the article's address: there was nothing to fetch."},
    )


class AnnotationForm(forms.Form):
    source_name = forms.CharField(max_length=300, required=False, label="Source")
    source_reliability = forms.ChoiceField(
        choices=[("", "—"), *SourceReliability.choices],
        required=False,
        widget=forms.RadioSelect,
        label="Source reliability",
    )
    information_credibility = forms.TypedChoiceField(
        choices=[("", "—"), *InformationCredibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Information credibility",
    )
    confidence = forms.ChoiceField(
        choices=[("", "—"), *Confidence.choices], required=False, widget=forms.RadioSelect, label="Confidence"
    )
    verdict = forms.ChoiceField(choices=[], required=False, widget=forms.RadioSelect, label="Verdict")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        verdict = self.fields["verdict"]
        assert isinstance(verdict, forms.ChoiceField)
        verdict.choices = [("", "—"), *project.scale.choices()]


class ClaimTextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class GuidelinesForm(forms.Form):
    """The project's guidelines in Markdown (the service checks the length and the content)."""

    guidelines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        strip=False,
        help_text="Markdown: headings, lists, links, tables. Scripts, styles, images and "
        "other HTML are removed when shown.",
    )


class _ClaimIds(forms.MultipleChoiceField):
    """Claim ids from checkboxes: any whole numbers (the service checks each is a verified
    claim of the project)."""

    def valid_value(self, value: str) -> bool:
        return str(value).isdigit()

    def clean(self, value: Any) -> list[int]:
        return [int(v) for v in super().clean(value)]


class PublishedReportForm(forms.Form):
    """A published report's title, the editor's summary and the chosen claims (checkboxes the
    template draws beside each claim)."""

    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Optional, Markdown: shown above the claims. Scripts, styles, images and other "
        "HTML are removed.",
    )
    claims = _ClaimIds(required=True, error_messages={"required": "Choose at least one claim."})


class ClaimAttributionForm(forms.Form):
    """Who said the claim, the cue and the stance, as an analyst corrects them (the service
    cleans and checks them; an empty speaker or cue clears it)."""

    speaker = forms.CharField(max_length=500, required=False, strip=False)
    cue = forms.CharField(max_length=200, required=False, strip=False)
    stance = forms.ChoiceField(choices=Stance.choices)


class ClaimSpanForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    text = forms.CharField(required=False, max_length=5000)


class SplitForm(forms.Form):
    at = forms.IntegerField(min_value=1)


class QueueForm(forms.Form):
    """The review queue's filters (GET). Unknown parameters are ignored."""

    q = forms.CharField(required=False, label="Search claims")
    status = forms.ChoiceField(required=False)
    verdict = forms.ChoiceField(required=False)
    source = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    outlet = forms.CharField(required=False, max_length=200)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    published_from = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published from"
    )
    published_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="to")
    mine = forms.BooleanField(required=False, label="Waiting for my review")
    # "me" (my queue), "none" (nobody's), or a member's user id.
    assigned = forms.ChoiceField(required=False, label="Assigned")
    dismissed = forms.ChoiceField(required=False, label="Check-worthiness")
    sort = forms.ChoiceField(required=False, label="Sort by")

    def __init__(
        self,
        *args: Any,
        project: Project,
        sources: list[tuple[int, str]],
        members: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        from annotations.models import ClaimStatus
        from annotations.selectors import DISMISSED_CHOICES, QUEUE_SORT_LABELS

        super().__init__(*args, **kwargs)
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone or nobody"),
            ("me", "Assigned to me"),
            ("none", "Not assigned"),
            *((str(user_id), f"Assigned to {name}") for user_id, name in members),
        ]
        self.fields["dismissed"].choices = DISMISSED_CHOICES  # type: ignore[attr-defined]
        self.fields["sort"].choices = list(QUEUE_SORT_LABELS.items())  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", "Any status"), *ClaimStatus.choices]  # type: ignore[attr-defined]
        self.fields["verdict"].choices = [  # type: ignore[attr-defined]
            ("", "Any verdict"),
            *project.scale.choices(),
        ]
        self.fields["source"].choices = [("", "Any source"), *sources]  # type: ignore[attr-defined]

    def filters(self, *, user_id: int) -> ClaimFilters:
        """The ClaimFilters this valid form chose, for `user_id` ("mine", "assigned to me"):
        the one builder of the queue's filters, for the queue, the desk's walk and exports."""
        d = self.cleaned_data
        assigned = d.get("assigned") or ""
        return ClaimFilters(
            q=d.get("q") or "",
            status=d.get("status") or "",
            verdict=d.get("verdict") or "",
            source=d.get("source"),
            outlet=d.get("outlet") or "",
            article=d.get("article"),
            published_from=d.get("published_from"),
            published_to=d.get("published_to"),
            waiting_for=user_id if d.get("mine") else None,
            assigned_to=user_id if assigned == "me" else int(assigned) if assigned.isdigit() else None,
            unassigned=assigned == "none",
            dismissed=d.get("dismissed") or "",
        )


class ResolveForm(forms.Form):
    verdict = forms.CharField(max_length=32)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)


class PolicyForm(forms.Form):
    required_agreeing_reviews = forms.IntegerField(
        min_value=1, max_value=20, label="Agreeing independent reviews needed to verify a claim"
    )
    requires_editor_approval = forms.BooleanField(required=False, label="An editor must also approve")
    publisher_name = forms.CharField(max_length=200, required=False, label="Desk name (ClaimReview author)")
    publisher_url = forms.URLField(
        max_length=2000,
        required=False,
        label="Desk URL",
        assume_scheme="https",
        validators=[validate_web_url],
    )


class IdListField(forms.Field):
    """Ids sent as repeated parameters (``claims=1&claims=2``): whole numbers, at most 500."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = list(value or [])
        if len(values) > 500:
            raise forms.ValidationError("At most 500 at a time.")
        try:
            ids = [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError("Ids are whole numbers.") from None
        if any(not 0 < i < 2**63 for i in ids):
            raise forms.ValidationError("Ids are whole numbers.")
        return ids


class BulkForm(forms.Form):
    """A bulk action on claims chosen in the queue (or articles on the overview). The services
    check the role, the ids (the project's own only) and the size cap."""

    action = forms.ChoiceField(
        choices=[
            ("assign", "Assign"),
            ("unassign", "Unassign"),
            ("dismiss", "Mark not check-worthy"),
            ("restore", "Restore (check-worthy again)"),
            ("approve", "Approve the agreed verdict"),
        ],
        label="Action",
        widget=forms.RadioSelect,
    )
    claims = IdListField(required=False)
    articles = IdListField(required=False)
    reviewers = forms.TypedMultipleChoiceField(
        required=False, coerce=int, label="Reviewers", widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(
        choices=[("each", "Each chosen reviewer gets every one"), ("round_robin", "Round-robin")],
        initial="each",
        required=False,
        label="How",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(required=False, max_length=500, label="Reason (not check-worthy)")
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].choices = [(user_id, name) for user_id, name in members]  # type: ignore[attr-defined]
