"""annotations/exports/filters.py: the queue's filters stored on an export job and read back,
every ClaimFilters field included (one vocabulary for the queue and exports)."""

from __future__ import annotations

from datetime import date

import pytest

from annotations.exports.filters import FilterError, filters_from_json, filters_to_json
from annotations.selectors import ClaimFilters

EVERY_FILTER = ClaimFilters(
    q="dam",
    status="verified",
    verdict="false",
    source=3,
    outlet="Wire",
    article=7,
    published_from=date(2024, 12, 1),
    published_to=date(2024, 12, 9),
    waiting_for=5,
    assigned_to=6,
    unassigned=True,
    dismissed="only",
)


def test_every_queue_filter_survives_the_round_trip():
    assert filters_from_json(filters_to_json(EVERY_FILTER)) == EVERY_FILTER


def test_an_unknown_dismissed_value_is_refused():
    with pytest.raises(FilterError, match="dismissed"):
        filters_from_json({"dismissed": "sometimes"})


def test_unassigned_must_be_a_boolean():
    with pytest.raises(FilterError, match="unassigned"):
        filters_from_json({"unassigned": "yes"})


def test_nothing_chosen_stores_only_the_status():
    assert filters_to_json(ClaimFilters(status="")) == {"status": ""}
