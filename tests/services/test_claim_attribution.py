"""An analyst corrects who said a claim, the cue and the stance (issue 15):
``services.claims.claim_edit_attribution``."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Claim, ClaimOrigin, Role, Sentence, Stance
from annotations.services.claims import claim_edit_attribution
from tests.conftest import split_article
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = "Rebels said Assad fled and Damascus fell. Syrian state media denied it on Sunday."
CLAIM = (12, 40)  # "Assad fled and Damascus fell"


@pytest.fixture
def claim() -> Claim:
    article = ArticleFactory(body=BODY, outlet="Wire")
    Sentence.objects.create(article=article, index=0, start=0, end=41)
    return ClaimFactory(
        article=article,
        start=CLAIM[0],
        end=CLAIM[1],
        speaker_start=0,
        speaker_end=6,
        speaker_text="Rebels",
        attribution_chain=[{"start": 0, "end": 6, "text": "Rebels"}],
    )


@pytest.fixture
def analyst(claim: Claim):  # type: ignore[no-untyped-def]
    return MembershipFactory(project=claim.article.project, role=Role.REVIEWER).user


def test_a_speaker_the_article_names_near_the_claim_gets_its_offsets(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="syrian  state media")
    claim.refresh_from_db()
    assert (claim.speaker_start, claim.speaker_end) == (BODY.index("Syrian"), BODY.index(" denied"))


def test_a_located_speaker_is_stored_as_the_article_spells_it(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="syrian state media")
    claim.refresh_from_db()
    assert claim.speaker_text == "Syrian state media"


def test_a_speaker_the_article_does_not_name_is_kept_as_text_without_offsets(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="Reuters sources")
    claim.refresh_from_db()
    assert (claim.speaker_start, claim.speaker_end, claim.speaker_text) == (None, None, "Reuters sources")


def test_a_speaker_far_from_the_claim_is_not_located(analyst):
    far = "x " * 700
    article = ArticleFactory(
        project=analyst.memberships.get().project, body=f"Officials said it. {far}Bridges fell."
    )
    claim = ClaimFactory(article=article, start=len(article.body) - 13, end=len(article.body) - 1)
    claim_edit_attribution(claim=claim, user=analyst, speaker="Officials")
    claim.refresh_from_db()
    assert (claim.speaker_start, claim.speaker_text) == (None, "Officials")


def test_the_linked_source_follows_the_new_speaker(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="Syrian state media")
    claim.refresh_from_db()
    assert claim.source is not None
    assert claim.source.name == "Syrian state media"


def test_a_speaker_matching_a_known_source_links_that_source(claim, analyst):
    known = SourceFactory(project=claim.article.project, name="SANA", aliases=["syrian state media"])
    claim_edit_attribution(claim=claim, user=analyst, speaker="Syrian state media")
    claim.refresh_from_db()
    assert claim.source == known


def test_clearing_the_speaker_makes_it_the_outlets_claim(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="")
    claim.refresh_from_db()
    assert (claim.speaker_start, claim.speaker_text, claim.source.name) == (None, "", "Wire")


def test_the_analysts_speaker_replaces_the_engines_chain(claim, analyst):
    Claim.objects.filter(pk=claim.pk).update(
        attribution_chain=[{"start": 0, "end": 6, "text": "Rebels"}, {"start": 42, "end": 60, "text": "x"}]
    )
    claim_edit_attribution(claim=claim, user=analyst, speaker="Syrian state media")
    claim.refresh_from_db()
    assert claim.speaker_chain == "Syrian state media"


def test_cue_and_stance_are_stored(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, cue="denied", stance=Stance.DENIED)
    claim.refresh_from_db()
    assert (claim.cue_text, claim.cue_start, claim.stance) == ("denied", BODY.index("denied"), "denied")


def test_fields_not_given_are_left_alone(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, stance=Stance.DENIED)
    claim.refresh_from_db()
    assert (claim.speaker_text, claim.speaker_start) == ("Rebels", 0)


def test_the_edit_is_in_the_history_with_who_made_it(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="Syrian state media", stance="denied")
    last = claim.history.latest("history_date")
    assert (last.history_user, last.history_change_reason, last.speaker_text) == (
        analyst,
        "edited stance, speaker",
        "Syrian state media",
    )


def test_the_same_edit_twice_changes_nothing_more(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="Syrian state media")
    before = claim.history.count()
    claim_edit_attribution(claim=claim, user=analyst, speaker="syrian state media", cue="", stance="asserted")
    assert claim.history.count() == before


def test_the_speaker_sent_back_unchanged_is_no_edit(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, speaker="Rebels", cue="", stance="asserted")
    claim.refresh_from_db()
    assert (claim.origin, claim.history.count()) == (ClaimOrigin.EXTRACTED, 1)


def test_an_edit_marks_the_claim_edited(claim, analyst):
    claim_edit_attribution(claim=claim, user=analyst, stance="denied")
    claim.refresh_from_db()
    assert claim.origin == ClaimOrigin.EDITED


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"speaker": "<b>Rebels</b>"}, "no HTML"),
        ({"speaker": "R" * 501}, "at most 500"),
        ({"cue": "said\x00\x01"}, "control characters"),
        ({"cue": "s" * 201}, "at most 200"),
        ({"stance": "maybe"}, "Stance is one of"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_changes(claim, analyst, given, message):
    with pytest.raises(ValidationError, match=message):
        claim_edit_attribution(claim=claim, user=analyst, **given)
    claim.refresh_from_db()
    assert (claim.speaker_text, claim.cue_text, claim.stance) == ("Rebels", "", "asserted")


def test_a_viewer_may_not_edit_the_attribution(claim):
    viewer = MembershipFactory(project=claim.article.project, role=Role.VIEWER).user
    with pytest.raises(PermissionDenied):
        claim_edit_attribution(claim=claim, user=viewer, speaker="Syrian state media")


def test_a_member_of_another_project_may_not_edit_the_attribution(claim):
    outsider = MembershipFactory(role=Role.OWNER).user
    with pytest.raises(PermissionDenied):
        claim_edit_attribution(claim=claim, user=outsider, speaker="Syrian state media")


def test_the_analysts_attribution_survives_a_resplit(seed_text):
    article = ArticleFactory(body=seed_text, outlet="Sample wire")
    analyst = MembershipFactory(project=article.project, role=Role.REVIEWER).user
    split_article(article_id=article.pk)
    claim = article.claims.exclude(speaker_text="").order_by("start").first()
    engine_said = (claim.start, claim.end, claim.text)
    claim_edit_attribution(claim=claim, user=analyst, speaker="An analyst's source", stance="denied")
    split_article(article_id=article.pk, force=True)
    at_span = list(
        article.claims.filter(start=engine_said[0], end=engine_said[1], text=engine_said[2]).values_list(
            "pk", "speaker_text", "stance"
        )
    )
    assert at_span == [(claim.pk, "An analyst's source", "denied")]
