"""annotations/scale.py: the project's rating scale as a value object."""

from __future__ import annotations

from annotations.models import default_rating_scale
from annotations.scale import RatingScale

CUSTOM = [
    {"value": "correct", "label": "Correct", "rating": 3},
    {"value": "misleading", "label": "Misleading", "rating": 2},
    {"value": "wrong", "label": "Wrong", "rating": 1},
    {"value": "satire", "label": "Satire", "rating": None},
]


def test_labels_follow_the_projects_words():
    assert RatingScale.from_json(CUSTOM).label("misleading") == "Misleading"


def test_a_value_the_scale_lost_shows_as_itself():
    assert RatingScale.from_json(CUSTOM).label("half_true") == "half_true"


def test_choices_keep_the_projects_order():
    assert [value for value, _ in RatingScale.from_json(CUSTOM).choices()] == [
        "correct",
        "misleading",
        "wrong",
        "satire",
    ]


def test_best_and_worst_come_from_the_numbered_verdicts():
    scale = RatingScale.from_json(CUSTOM)
    assert (scale.best, scale.worst) == (3, 1)


def test_the_order_leaves_out_verdicts_without_a_number():
    assert RatingScale.from_json(CUSTOM).order() == {"correct": 3, "misleading": 2, "wrong": 1}


def test_a_boolean_is_no_rating():
    assert RatingScale.from_json([{"value": "x", "label": "X", "rating": True}]).ratings == {"x": None}


def test_the_default_scale_numbers_true_5_to_false_1():
    assert RatingScale.from_json(default_rating_scale()).order() == {
        "true": 5,
        "mostly_true": 4,
        "half_true": 3,
        "mostly_false": 2,
        "false": 1,
    }


def test_an_exports_verdict_carries_label_and_number():
    assert RatingScale.from_json(CUSTOM).verdict("wrong") == {"value": "wrong", "label": "Wrong", "rating": 1}
