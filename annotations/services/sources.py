from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q

from annotations.models import Project, Source, SourceKind, SourceReliability, normalize_source_name
from annotations.permissions import Action, require


def source_create(
    *,
    project: Project,
    by: User | None,
    name: str,
    kind: SourceKind | str = SourceKind.UNKNOWN,
    default_reliability: SourceReliability | str = "",
    aliases: Iterable[str] = (),
) -> Source:
    """A member who may annotate adds a source by hand (`by` None only for the system)."""
    if by is not None:
        require(user=by, project=project, action=Action.ANNOTATE)
    normalized = normalize_source_name(name)
    if not normalized:
        raise ValidationError({"name": "A source needs a name with at least one letter or digit."})
    source = Source(
        project=project,
        name=name.strip(),
        normalized_name=normalized,
        kind=SourceKind(kind),
        default_reliability=default_reliability,
        aliases=sorted({a for a in map(normalize_source_name, aliases) if a and a != normalized}),
    )
    source.full_clean(validate_unique=False)
    source.save()
    return source


def sources_resolve(*, project_id: int, names: Iterable[tuple[str, SourceKind]]) -> dict[str, Source]:
    """Map each (display name, kind) to the project's Source with that normalised name
    or alias, creating the missing ones. Returns {normalised name: Source}.

    Safe under concurrent workers: creation ignores the unique-name conflict and the
    winner's row is read back.
    """
    wanted: dict[str, tuple[str, SourceKind]] = {}
    for name, kind in names:
        normalized = normalize_source_name(name)
        if normalized and normalized not in wanted:
            wanted[normalized] = (" ".join(name.split())[:300], kind)
    if not wanted:
        return {}

    def lookup() -> dict[str, Source]:
        found: dict[str, Source] = {}
        keys = list(wanted)
        for source in Source.objects.filter(project_id=project_id).filter(
            Q(normalized_name__in=keys) | Q(aliases__overlap=keys)
        ):
            for key in [source.normalized_name, *source.aliases]:
                if key in wanted:
                    found.setdefault(key, source)
        return found

    found = lookup()
    missing = [key for key in wanted if key not in found]
    if missing:
        Source.objects.bulk_create(
            [
                Source(
                    project_id=project_id,
                    name=wanted[key][0],
                    normalized_name=key,
                    kind=wanted[key][1],
                )
                for key in missing
            ],
            ignore_conflicts=True,
        )
        found = lookup()
    return found
