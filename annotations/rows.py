"""Model instances from hand-written SELECTs, for the few reads on every annotation save.

Building a query through the ORM (joins, select_related, deferred columns) costs more CPU than
PostgreSQL takes to answer it; on the write path that an analyst waits for, those reads are
written once here from the models' own metadata (so a new column is read without touching this
module) and their rows turned into instances the way the ORM does it (``Model.from_db`` after
each field's database converters, e.g. JSON decoding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection, models

if TYPE_CHECKING:
    from annotations.models import Claim


@dataclass(frozen=True)
class Columns[M: models.Model]:
    """The columns of `model` a SELECT reads (all concrete ones but `skip`) and how to make an
    instance from them; the others are deferred, as with ``QuerySet.defer``."""

    model: type[M]
    fields: tuple[models.Field[Any, Any], ...]
    attnames: tuple[str, ...]
    # (position, the column expression, its converters) of the columns that need converting.
    converters: tuple[tuple[int, Any, tuple[Callable[..., Any], ...]], ...]

    @classmethod
    def of(cls, model: type[M], *, skip: Sequence[str] = ()) -> Columns[M]:
        fields = tuple(f for f in model._meta.concrete_fields if f.attname not in skip)
        converters = []
        for i, f in enumerate(fields):
            col = f.get_col(model._meta.db_table)
            found = [*connection.ops.get_db_converters(col), *f.get_db_converters(connection)]
            if found:
                converters.append((i, col, tuple(found)))
        return cls(model, fields, tuple(f.attname for f in fields), tuple(converters))

    def select(self, alias: str) -> str:
        """The SELECT list, with the table as `alias`."""
        return ", ".join(f'{alias}."{f.column}"' for f in self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def build(self, values: Sequence[Any]) -> M:
        row = list(values)
        for i, col, converters in self.converters:
            for convert in converters:
                row[i] = convert(row[i], col, connection)
        return self.model.from_db(connection.alias, self.attnames, row)


@cache
def columns[M: models.Model](model: type[M], *, skip: tuple[str, ...] = ()) -> Columns[M]:
    return Columns.of(model, skip=skip)


def claim_with_project(*, claim_id: int, member_id: int | None = None, lock: bool = False) -> Claim | None:
    """The claim with its article (without the body: up to a million characters nobody here
    reads) and project, in one statement; None when there is no such claim, or when
    `member_id` is given and that user is not a member of its project (then the claim also
    carries the member's role as `my_role`). `lock` locks the claim's row (FOR UPDATE), not
    the article's or project's."""
    from annotations.models import Article, Claim, Membership, Project

    claim_columns = columns(
        Claim, skip=("search_vector", "similarity_keys")
    )  # as Claim's manager defers them
    article_columns = columns(Article, skip=("body",))
    project_columns = columns(Project)
    sql = (
        f"SELECT {claim_columns.select('c')}, {article_columns.select('a')}, {project_columns.select('p')}"  # noqa: S608 - names from the models' metadata
        f"{', m.role' if member_id is not None else ''}"
        f" FROM {Claim._meta.db_table} c JOIN {Article._meta.db_table} a ON a.id = c.article_id"
        f" JOIN {Project._meta.db_table} p ON p.id = a.project_id"
        + (
            f" JOIN {Membership._meta.db_table} m ON m.project_id = p.id AND m.user_id = %(member)s"
            if member_id is not None
            else ""
        )
        + " WHERE c.id = %(claim)s"
        + (" FOR UPDATE OF c" if lock else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"claim": claim_id, "member": member_id})
        row = cursor.fetchone()
    if row is None:
        return None
    first, second = len(claim_columns), len(claim_columns) + len(article_columns)
    claim = claim_columns.build(row[:first])
    article = article_columns.build(row[first:second])
    article.project = project_columns.build(row[second : second + len(project_columns)])
    claim.article = article
    if member_id is not None:
        claim.my_role = row[-1]
    return claim
