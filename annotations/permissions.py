"""Who may do what in a project. The one place roles turn into permissions; views, the
API and services all ask here."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from annotations.models import ClaimStatus, Membership, Project, Role


class Action(StrEnum):
    VIEW = "view"  # read articles, claims, annotations; export
    IMPORT = "import"  # add articles
    ANNOTATE = "annotate"  # annotate claims, fix the extraction
    APPROVE = "approve"  # approve or resolve verdicts
    ASSIGN = "assign"  # assign claims and articles to reviewers; dismiss claims as not check-worthy
    MANAGE = "manage"  # members, project settings
    GUIDE = "guide"  # write the project's guidelines


ALLOWED: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.IMPORT: frozenset({Role.OWNER, Role.EDITOR, Role.REVIEWER}),
    Action.ANNOTATE: frozenset({Role.OWNER, Role.EDITOR, Role.REVIEWER}),
    Action.APPROVE: frozenset({Role.OWNER, Role.EDITOR}),
    Action.ASSIGN: frozenset({Role.OWNER, Role.EDITOR}),
    Action.MANAGE: frozenset({Role.OWNER}),
    Action.GUIDE: frozenset({Role.OWNER, Role.EDITOR}),
}


# Roles a reader already fetched with the object (a claim or membership selected with the
# caller's role), kept on the user object like Django keeps `_perm_cache`: the user object lives
# for one request (or one task), so a role is looked up once per request, not once per check.
_ROLES = "_claimdesk_roles"


def role_known(*, user: User | AnonymousUser, project_id: int, role: str | None) -> None:
    """Remember the caller's role in a project that a selector read with the object."""
    if user.is_authenticated:
        user.__dict__.setdefault(_ROLES, {})[project_id] = role


def roles_forget(*, user: User | AnonymousUser) -> None:
    """Drop what `role_known` remembered (after the user's membership changed)."""
    user.__dict__.pop(_ROLES, None)


def role_of(*, user: User | AnonymousUser, project: Project | int) -> str | None:
    if not user.is_authenticated:
        return None
    project_id = project if isinstance(project, int) else project.pk
    known: dict[int, str | None] = user.__dict__.get(_ROLES, {})
    if project_id in known:
        return known[project_id]
    return role_of_id(user_id=user.pk, project_id=project_id)


def role_of_id(*, user_id: int, project_id: int) -> str | None:
    """The role of a user known only by id (a task, an export job's requester)."""
    return (
        Membership.objects.filter(project_id=project_id, user_id=user_id)
        .values_list("role", flat=True)
        .first()
    )


def can(*, role: str | None, action: Action) -> bool:
    return role is not None and role in ALLOWED[action]


def require(*, user: User | AnonymousUser, project: Project | int, action: Action) -> str:
    """The user's role, or PermissionDenied."""
    role = role_of(user=user, project=project)
    if not can(role=role, action=action):
        raise PermissionDenied(f"your role may not {action.value} in this project")
    assert role is not None
    return role


# --- No anchoring: who may read other reviewers' verdicts (and the evidence they cite)

# The statuses whose reviews editors and owners may read without a review of their own.
DECIDED_OR_DISPUTED = (ClaimStatus.DISPUTED, ClaimStatus.VERIFIED)


def sees_all_reviews(role: str | None) -> bool:
    """Viewers never annotate, so nothing can anchor them: they read every verdict."""
    return role == Role.VIEWER


def sees_decided_reviews(role: str | None) -> bool:
    """Those who approve read the verdicts of disputed and decided claims, to resolve them."""
    return can(role=role, action=Action.APPROVE)


def may_see_others_reviews(*, role: str | None, has_own: bool, status: str) -> bool:
    """The no-anchoring rule for one claim: a reviewer sees the others' verdicts only once they
    have saved their own; viewers always; editors and owners once it is disputed or decided.
    Every read path applies it (the panel, the queue and its filters, exports, evidence, API);
    the queue and exports apply it in SQL through ``selectors.Reader``, built on the same rule."""
    if role is None:
        return False
    return has_own or sees_all_reviews(role) or (sees_decided_reviews(role) and status in DECIDED_OR_DISPUTED)


def approval_refusal(
    *,
    role: str | None,
    approver_id: int,
    reviews: Iterable[tuple[int, str]],
    required_agreeing: int,
    verdict: str | None = None,
) -> str | None:
    """Why this approver may not record a final verdict on this claim, or None when they may.

    A final verdict is a second pair of eyes over other people's reviews, never a way round
    the project's policy (docs/architecture.md, "Verification"):

    1. Only owners and editors approve.
    2. The reviews must call for a decision: the reviewers disagree (a dispute to resolve), or
       at least ``required_agreeing`` reviewers *other than the approver* agree (the approval
       the policy asks for, or an overrule of an agreement). The approver's own review never
       counts towards the reviews they approve, so nobody verifies a claim only they checked.
    3. An approver who reviewed the claim too may only settle on a verdict another reviewer
       gave: their own opinion alone never becomes final. An approver who did not review it
       may pick any verdict on the scale (a third reading of a dispute, or an overrule).

    ``reviews`` are (reviewer id, verdict) pairs, one per annotation (blank verdicts are
    ignored); ``verdict`` None asks whether the approver may record some verdict at all.
    """
    if not can(role=role, action=Action.APPROVE):
        return "Only owners and editors record final verdicts."
    verdicts = {reviewer: value for reviewer, value in reviews if value}
    others = [value for reviewer, value in verdicts.items() if reviewer != approver_id]
    own = approver_id in verdicts
    disputed = len(set(verdicts.values())) > 1
    if not disputed and len(others) < required_agreeing:
        needed = f"{required_agreeing} agreeing review{'s' if required_agreeing != 1 else ''}"
        has = f"{len(others)} by others" + (" (yours does not count)" if own else "")
        return (
            "A final verdict is a second pair of eyes on other reviewers' work: this project needs "
            f"{needed} by reviewers other than the approver, or a dispute to resolve; this claim has {has}."
        )
    if verdict is not None and own and verdict not in others:
        given = ", ".join(sorted(set(others)))
        return (
            "You reviewed this claim yourself, so your final verdict must be one another reviewer "
            f"gave ({given}); to overrule them, ask an editor or owner who has not reviewed it."
        )
    return None
