from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from annotations.markdown import MAX_MARKDOWN_CHARS
from annotations.models import Annotation, Claim, Invitation, Membership, Project, Role
from annotations.permissions import Action, require, roles_forget
from annotations.services.accounts import display_name, invitation_link_token
from annotations.services.claims import claim_refresh_status

log = logging.getLogger(__name__)


@transaction.atomic
def project_create(*, name: str, owner: User, slug: str = "", description: str = "") -> Project:
    """Any signed-in user may start a project and becomes its owner. The slug is the one given
    or made from the name; one that is taken, or a name without letters or digits and no slug,
    is a ValidationError on `slug`."""
    slug = slug or slugify(name)[:100]
    if not slug:
        raise ValidationError({"slug": "Give a short name: the name has no letters or digits."})
    if Project.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "That short name (slug) is taken; pick another."})
    try:
        with transaction.atomic():
            project = Project.objects.create(name=name, slug=slug, description=description)
    except IntegrityError:  # taken between the check and the insert
        raise ValidationError({"slug": "That short name (slug) is taken; pick another."}) from None
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    return project


@transaction.atomic
def project_get_or_create(*, slug: str, owner: User | None = None, name: str = "") -> tuple[Project, bool]:
    project, created = Project.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )
    if owner is not None and created:
        Membership.objects.get_or_create(project=project, user=owner, defaults={"role": Role.OWNER})
    return project, created


@transaction.atomic
def membership_set(*, project: Project, user: User, role: Role | str, by: User | None) -> Membership:
    """Add the user with this role, or change their role. A project always keeps an owner.
    `by` is the owner acting (checked); None only for the system (commands, accepted invitations)."""
    if by is not None:
        require(user=by, project=project, action=Action.MANAGE)
    role = Role(role)
    current = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if current is not None and current.role == Role.OWNER and role != Role.OWNER:
        owners = Membership.objects.select_for_update().filter(project=project, role=Role.OWNER)
        if owners.count() <= 1:
            raise ValidationError(
                {"role": "This is the project's last owner; make someone else owner first."}
            )
    membership, _ = Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    roles_forget(user=user)
    return membership


@transaction.atomic
def membership_remove(*, project: Project, by: User, user_id: int) -> None:
    """An owner removes a member: they lose access at once (every page and API call asks for
    a membership); what they annotated stays, under their name, in the history. Never the
    project's last owner. Membership.DoesNotExist if they are not a member."""
    require(user=by, project=project, action=Action.MANAGE)
    membership = Membership.objects.select_for_update().get(project=project, user_id=user_id)
    if membership.role == Role.OWNER:
        owners = Membership.objects.select_for_update().filter(project=project, role=Role.OWNER)
        if owners.count() <= 1:
            raise ValidationError(
                {"user": "This is the project's last owner; make someone else owner first."}
            )
    membership.delete()


# --- invitations: adding a member never reveals which accounts exist


def invite_answer(*, who: str, role: Role | str) -> str:
    """What the owner is told, whatever happened: the same words for an unknown name, an
    existing account and a current member (whose role the owner can see anyway)."""
    return (
        f"Invitation to \u201c{who}\u201d as {Role(role).label.lower()} recorded. If an account has that "
        "username or email address, its holder sees the invitation and joins the project on "
        "accepting it; an email address without an account is sent a link to join. "
        "(A current member's role changes at once.)"
    )


def _account(who: str) -> User | None:
    """The active account whose username is `who`, else the one account with that email
    address (case-insensitive both); None if none or several share the address."""
    users = get_user_model().objects.filter(is_active=True)
    by_name = users.filter(username__iexact=who).first()
    if by_name is not None:
        return by_name
    if "@" not in who:
        return None
    by_email = list(users.filter(email__iexact=who)[:2])
    return by_email[0] if len(by_email) == 1 else None


@transaction.atomic
def member_invite(*, project: Project, by: User, who: str, role: Role | str, site_url: str) -> None:
    """Invite `who` (a username or an email address) with `role`. Returns nothing and does
    the same visible thing (one pending invitation, listed as typed) whether or not an
    account matches, so an owner (any account holder can make a project) cannot probe for
    usernames or addresses. Only the matching account, if any, sees the invitation, and is
    emailed to sign in and accept it. An email address with no account is mailed a one-time,
    expiring link to create one and join (services.accounts). A current member's role is
    changed at once instead: the owner sees the members already. `site_url` (scheme and
    host, e.g. "https://desk.example") starts the links in the mail."""
    require(user=by, project=project, action=Action.MANAGE)
    role = Role(role)
    who = who.strip()
    if not who or len(who) > 254:
        raise ValidationError({"who": "Enter a username or an email address (at most 254 characters)."})
    if "\x00" in who:
        raise ValidationError({"who": "Null characters are not allowed."})
    account = _account(who)
    if account is not None and Membership.objects.filter(project=project, user=account).exists():
        membership_set(project=project, user=account, role=role, by=by)
        return
    # One pending invitation per name or address as typed: inviting again replaces it.
    Invitation.objects.filter(project=project, who__iexact=who).delete()
    invitation = Invitation.objects.create(
        project=project, who=who, role=role, invitee=account, invited_by=by
    )
    _invitation_mail(invitation=invitation, site_url=site_url.rstrip("/"))


def _is_address(who: str) -> bool:
    try:
        validate_email(who)
    except ValidationError:
        return False
    return True


def _invitation_mail(*, invitation: Invitation, site_url: str) -> None:
    """Mail the invitee: an account holder is asked to sign in and accept; an address with no
    account gets a link to join. A mail that cannot be sent is logged, never shown to the
    owner (a failure only for existing accounts would tell them which exist)."""
    account = invitation.invitee
    context = {
        "project": invitation.project,
        "role": invitation.get_role_display().lower(),
        "by": display_name(invitation.invited_by),
        "timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    if account is not None:
        if not account.email:
            return
        to = account.email
        template = "annotations/email/invitation_sign_in.txt"
        context["link"] = site_url + reverse("annotations:project-list")
        context["username"] = account.get_username()
    elif _is_address(invitation.who):
        to = invitation.who
        template = "annotations/email/invitation_join.txt"
        context["link"] = site_url + reverse(
            "annotations:invitation-join", args=[invitation_link_token(invitation=invitation)]
        )
    else:
        return
    subject = f"Join {invitation.project.name} on Claimdesk"
    try:
        send_mail(" ".join(subject.split()), render_to_string(template, context), None, [to])
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("invitation mail to %s for project %s failed", to, invitation.project_id)


@transaction.atomic
def invitation_accept(*, invitation_id: int, user: User) -> Membership:
    """The invitee joins the project with the invited role (Invitation.DoesNotExist if the
    invitation is not theirs: the same as one that does not exist)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id, invitee=user)
    current = Membership.objects.filter(project_id=invitation.project_id, user=user).first()
    membership = (
        current
        if current is not None
        else Membership.objects.create(project_id=invitation.project_id, user=user, role=invitation.role)
    )
    Invitation.objects.filter(project_id=invitation.project_id, invitee=user).delete()
    return membership


@transaction.atomic
def invitation_decline(*, invitation_id: int, user: User) -> None:
    Invitation.objects.get(pk=invitation_id, invitee=user).delete()


@transaction.atomic
def invitation_withdraw(*, project: Project, by: User, invitation_id: int) -> None:
    require(user=by, project=project, action=Action.MANAGE)
    Invitation.objects.get(pk=invitation_id, project=project).delete()


@transaction.atomic
def project_update_policy(
    *,
    project: Project,
    user: User,
    required_agreeing_reviews: int,
    requires_editor_approval: bool,
    publisher_name: str = "",
    publisher_url: str = "",
) -> Project:
    """The owner sets when a claim counts as verified and who the desk publishes as."""
    require(user=user, project=project, action=Action.MANAGE)
    if not 1 <= required_agreeing_reviews <= 20:
        raise ValidationError({"required_agreeing_reviews": "Between 1 and 20 agreeing reviews."})
    project.required_agreeing_reviews = required_agreeing_reviews
    project.requires_editor_approval = requires_editor_approval
    project.publisher_name = publisher_name.strip()
    project.publisher_url = publisher_url.strip()
    project.full_clean()
    project.save()
    # Reviewed claims follow the new rule at once.
    reviewed = Claim.objects.filter(
        pk__in=Annotation.objects.filter(claim__article__project=project).values("claim_id")
    ).select_related("article__project")  # claim_refresh_status reads the policy per claim
    for claim in reviewed:
        claim_refresh_status(claim=claim)
    return project


@transaction.atomic
def project_update_guidelines(*, project: Project, user: User, guidelines: str) -> Project:
    """An owner or editor writes the project's guidelines (Markdown; shown rendered and
    sanitised, ``annotations.markdown``). The same text again changes nothing."""
    require(user=user, project=project, action=Action.GUIDE)
    if "\x00" in guidelines:
        raise ValidationError("Guidelines are text; this looks like a binary file.")
    text = guidelines.replace("\r\n", "\n").strip()
    if len(text) > MAX_MARKDOWN_CHARS:
        raise ValidationError(
            f"Guidelines are at most {MAX_MARKDOWN_CHARS:,} characters ({len(text):,} sent)."
        )
    project = Project.objects.select_for_update().get(pk=project.pk)
    if text == project.guidelines:
        return project
    project.guidelines = text
    project.guidelines_updated_at = timezone.now()
    project.guidelines_updated_by = user
    project.save(update_fields=["guidelines", "guidelines_updated_at", "guidelines_updated_by"])
    return project
