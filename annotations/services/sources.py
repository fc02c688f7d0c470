from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone

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
    wanted = _wanted(names)
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


def _wanted(names: Iterable[tuple[str, SourceKind]]) -> dict[str, tuple[str, SourceKind]]:
    """{normalised name: (display name, kind)} of the first occurrence of each name."""
    wanted: dict[str, tuple[str, SourceKind]] = {}
    for name, kind in names:
        normalized = normalize_source_name(name)
        if normalized and normalized not in wanted:
            wanted[normalized] = (" ".join(name.split())[:300], kind)
    return wanted


def source_ids_resolve(*, project_id: int, names: Iterable[tuple[str, SourceKind]]) -> dict[str, int]:
    """``sources_resolve`` for bulk work (the split store): the same Sources, found and created
    the same way, as {normalised name: Source id}, in one statement when all are known and
    two or three otherwise, with no model instances or ORM query building."""
    wanted = _wanted(names)
    if not wanted:
        return {}
    keys = list(wanted)
    with connection.cursor() as cursor:
        found = _source_ids_lookup(cursor, project_id=project_id, keys=keys)
        missing = [key for key in keys if key not in found]
        if not missing:
            return found
        # Like Source.objects.bulk_create(..., ignore_conflicts=True): a source another
        # worker created meanwhile is read back below.
        cursor.execute(
            "INSERT INTO annotations_source"
            " (project_id, name, normalized_name, aliases, kind, default_reliability, description, url, created_at)"
            " SELECT %s, name, normalized_name, '{}', kind, '', '', '', %s"
            " FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[]) AS t(name, normalized_name, kind)"
            " ON CONFLICT DO NOTHING RETURNING normalized_name, id",
            [
                project_id,
                timezone.now(),
                [wanted[key][0] for key in missing],
                missing,
                [str(wanted[key][1]) for key in missing],
            ],
        )
        found.update(cursor.fetchall())
        if any(key not in found for key in missing):
            found = _source_ids_lookup(cursor, project_id=project_id, keys=keys)
    return found


def _source_ids_lookup(cursor: Any, *, project_id: int, keys: list[str]) -> dict[str, int]:
    """The project's Sources named or aliased by any of `keys` (normalised), first by name
    as ``sources_resolve`` reads them (Source's ordering)."""
    cursor.execute(
        "SELECT id, normalized_name, aliases FROM annotations_source"
        " WHERE project_id = %s AND (normalized_name = ANY(%s::varchar[]) OR aliases && %s::varchar[])"
        " ORDER BY name",
        [project_id, keys, keys],
    )
    wanted = set(keys)
    found: dict[str, int] = {}
    for pk, normalized_name, aliases in cursor.fetchall():
        for key in [normalized_name, *aliases]:
            if key in wanted:
                found.setdefault(key, pk)
    return found
