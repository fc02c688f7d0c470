"""annotations/permissions.py: the one place roles become permissions. The no-anchoring rule,
role by role (no database: the rule is a function of the role, the reader's own review and the
claim's status)."""

from __future__ import annotations

import pytest

from annotations.models import ClaimStatus, Role
from annotations.permissions import may_see_others_reviews

UNDECIDED = [ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW]
DECIDED = [ClaimStatus.DISPUTED, ClaimStatus.VERIFIED]


@pytest.mark.parametrize("status", UNDECIDED + DECIDED)
@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR, Role.REVIEWER])
def test_who_saved_a_review_sees_the_others(role, status):
    assert may_see_others_reviews(role=role, has_own=True, status=status)


@pytest.mark.parametrize("status", UNDECIDED + DECIDED)
def test_a_viewer_always_sees_them(status):
    assert may_see_others_reviews(role=Role.VIEWER, has_own=False, status=status)


@pytest.mark.parametrize("status", UNDECIDED + DECIDED)
def test_a_reviewer_without_a_review_never_does(status):
    assert not may_see_others_reviews(role=Role.REVIEWER, has_own=False, status=status)


@pytest.mark.parametrize("status", DECIDED)
@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR])
def test_approvers_see_disputed_and_decided_claims(role, status):
    assert may_see_others_reviews(role=role, has_own=False, status=status)


@pytest.mark.parametrize("status", UNDECIDED)
@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR])
def test_approvers_do_not_see_claims_still_in_review(role, status):
    assert not may_see_others_reviews(role=role, has_own=False, status=status)


@pytest.mark.parametrize("status", UNDECIDED + DECIDED)
def test_a_stranger_sees_nothing(status):
    assert not may_see_others_reviews(role=None, has_own=True, status=status)
