from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from annotations.models import Annotation, Claim, Membership, Project, Role
from annotations.permissions import Action, require
from annotations.services.claims import claim_refresh_status


@transaction.atomic
def project_create(*, name: str, owner: User, slug: str = "", description: str = "") -> Project:
    project = Project.objects.create(name=name, slug=slug or slugify(name)[:100], description=description)
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
def membership_set(*, project: Project, user: User, role: Role | str) -> Membership:
    """Add the user with this role, or change their role. A project always keeps an owner."""
    role = Role(role)
    current = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if current is not None and current.role == Role.OWNER and role != Role.OWNER:
        owners = Membership.objects.select_for_update().filter(project=project, role=Role.OWNER)
        if owners.count() <= 1:
            raise ValidationError(
                {"role": "This is the project's last owner; make someone else owner first."}
            )
    membership, _ = Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    return membership


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
