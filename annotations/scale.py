"""A project's rating scale as a value object: each verdict's value, label and ClaimReview
number, in the project's order. ``Project.scale`` builds it from the stored JSON; forms,
templates, the queue, exports and reports read it instead of walking the JSON themselves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RatingScale:
    values: tuple[str, ...]
    labels: dict[str, str] = field(compare=False)
    ratings: dict[str, int | None] = field(compare=False)

    @classmethod
    def from_json(cls, items: Iterable[Mapping[str, Any]]) -> RatingScale:
        """From ``Project.rating_scale``: [{"value", "label", "rating"}, ...] (rating may be null)."""
        values: list[str] = []
        labels: dict[str, str] = {}
        ratings: dict[str, int | None] = {}
        for item in items:
            value = str(item["value"])
            values.append(value)
            labels[value] = str(item.get("label") or value)
            rating = item.get("rating")
            ratings[value] = (
                int(rating) if isinstance(rating, int | float) and not isinstance(rating, bool) else None
            )
        return cls(tuple(values), labels, ratings)

    @property
    def best(self) -> int | None:
        return max((r for r in self.ratings.values() if r is not None), default=None)

    @property
    def worst(self) -> int | None:
        return min((r for r in self.ratings.values() if r is not None), default=None)

    def label(self, value: str) -> str:
        """The project's label for a verdict value (the value itself if the scale lost it)."""
        return self.labels.get(value, value)

    def choices(self) -> list[tuple[str, str]]:
        """(value, label) in the project's order, for a form's select."""
        return [(value, self.labels[value]) for value in self.values]

    def numbered(self) -> list[tuple[int, str, str]]:
        """(key 1–9, value, label): the desk's verdict keys."""
        return [(i, value, self.labels[value]) for i, value in enumerate(self.values, start=1)]

    def order(self) -> dict[str, int]:
        """{value: ClaimReview number} of the verdicts that have one (for sorting by rating)."""
        return {value: rating for value, rating in self.ratings.items() if rating is not None}

    def verdict(self, value: str) -> dict[str, Any] | None:
        """An export's verdict object, or None for no verdict."""
        if not value:
            return None
        return {"value": value, "label": self.label(value), "rating": self.ratings.get(value)}
