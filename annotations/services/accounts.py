"""Accounts: joining by an emailed invitation link, and display names.

Nobody signs up on their own. An owner's invitation to an email address that has no account
mails that address a link (``invitation_link_token``): a ``TimestampSigner`` signature, with
Django's SECRET_KEY and its own salt, of the invitation's id. It expires after
``settings.PASSWORD_RESET_TIMEOUT`` (``CLAIMDESK_LINK_HOURS``), like password links, and works
once: joining deletes the invitation, and ids are never reused, so the same link afterwards
finds nothing. Withdrawing the invitation (or inviting the address again, which replaces it)
kills the link the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from annotations.models import Invitation, Membership

_SALT = "claimdesk.invitation-link"
DISPLAY_NAME_MAX = 150  # User.first_name's length


# --- display names


def display_name(user: User | None) -> str:
    """What the desk, reports and exports call a person: their display name (kept in
    Django's first_name/last_name; the account page sets first_name), else their username."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def display_name_sql(prefix: str = "") -> Combinable:
    """``display_name`` as a database expression over the user at ``prefix`` (e.g.
    ``"reviewer__"``), for querysets that read names by the thousand."""
    full = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"))


def account_set_display_name(*, user: User, display_name: str) -> User:
    """The user names themselves (blank: shown by their username)."""
    name = " ".join(display_name.split())
    if len(name) > DISPLAY_NAME_MAX:
        raise ValidationError({"display_name": f"At most {DISPLAY_NAME_MAX} characters."})
    if "\x00" in name:
        raise ValidationError({"display_name": "Null characters are not allowed."})
    user.first_name, user.last_name = name, ""
    user.save(update_fields=["first_name", "last_name"])
    return user


# --- joining by an invitation link


def invitation_link_token(*, invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(invitation.pk))


class LinkProblem(StrEnum):
    INVALID = "invalid"  # not a link we made (or altered)
    EXPIRED = "expired"  # older than PASSWORD_RESET_TIMEOUT
    USED = "used"  # used already, withdrawn, or replaced by a newer invitation


class InvitationLinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def invitation_for_link(*, token: str) -> Invitation:
    """The pending invitation a link stands for, or InvitationLinkError saying why not."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.SignatureExpired:
        raise InvitationLinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise InvitationLinkError(LinkProblem.INVALID) from None
    invitation = (
        Invitation.objects.select_related("project", "invited_by")
        .filter(pk=int(value), invitee__isnull=True)
        .first()
    )
    if invitation is None:
        raise InvitationLinkError(LinkProblem.USED)
    return invitation


@dataclass(frozen=True)
class Joined:
    user: User
    membership: Membership


@transaction.atomic
def invitation_join(*, token: str, username: str, display_name: str, password: str) -> Joined:
    """The invitee creates their account (username, display name, password; the email address
    is the one invited) and joins the project with the invited role. The link then stops
    working. InvitationLinkError for a bad, expired or used link; ValidationError (by field)
    for a taken or malformed username or a weak password."""
    pending = invitation_for_link(token=token)
    # Locked: of two submissions of the same link at once, the second finds it used.
    invitation = (
        Invitation.objects.select_for_update().select_related("project").filter(pk=pending.pk).first()
    )
    if invitation is None:
        raise InvitationLinkError(LinkProblem.USED)
    model = get_user_model()
    username = username.strip()
    user = model(username=username, email=invitation.who)
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k == "username"})
    if username and model.objects.filter(username__iexact=username).exists():
        errors.setdefault("username", []).append("That username is taken; choose another.")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # taken between the check and the insert
        raise ValidationError({"username": ["That username is taken; choose another."]}) from None
    account_set_display_name(user=user, display_name=display_name)
    membership = Membership.objects.create(project=invitation.project, user=user, role=invitation.role)
    # Every pending invitation of this address to this project is answered now.
    Invitation.objects.filter(project=invitation.project, who__iexact=invitation.who).delete()
    return Joined(user=user, membership=membership)
