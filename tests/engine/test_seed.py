"""The seed article (../shared/seed/assad_fled.txt, read in place): the claims the desk relies on."""

from __future__ import annotations

import pytest

from annotations.engine import ClaimResult, DocumentResult, Engine


def _grounded_in(result: DocumentResult, seed: str, fragment: str) -> list[ClaimResult]:
    at = seed.index(fragment)
    return [c for c in result.claims if c.start <= at < c.end]


def test_every_offset_slices_the_seed(seed: str, seed_result: DocumentResult) -> None:
    assert seed_result.sentences
    for s in seed_result.sentences:
        assert 0 <= s.start < s.end <= len(seed)
        assert seed[s.start : s.end].strip() == seed[s.start : s.end]
    for c in seed_result.claims:
        assert 0 <= c.start < c.end <= len(seed)
        for span in (c.source, c.cue, c.quote_source, c.source_ref, *c.source_chain):
            if span is not None:
                assert seed[span.start : span.end] == span.text


def test_sentences_follow_lines_and_punctuation(seed: str, seed_result: DocumentResult) -> None:
    texts = [seed[s.start : s.end] for s in seed_result.sentences]
    assert texts[0].startswith("Syrian rebels have announced")
    assert texts[0].endswith("across Syria.")
    assert (
        "Arabic media, citing rebel sources, report that Assad boarded a plane to an undisclosed destination."
        in texts
    )
    # A quotation of several sentences is split like any other text.
    assert "U.S. President-elect Donald Trump stated on social media, “This is not our fight." in texts
    assert "Let it play out." in texts
    assert "Do not get involved.”" in texts


def test_assad_boarded_a_plane_is_attributed_to_arabic_media(seed: str, seed_result: DocumentResult) -> None:
    claims = _grounded_in(seed_result, seed, "Assad boarded a plane")
    assert len(claims) == 1
    c = claims[0]
    assert "Assad boarded a plane to an undisclosed destination" in seed[c.start : c.end]
    assert "report" not in seed[c.start : c.end]  # the content, not the "X report" side
    assert c.source is not None
    assert c.source.text == "Arabic media"
    assert c.cue is not None
    assert c.cue.text == "report"
    assert [s.text for s in c.source_chain] == ["Arabic media", "rebel sources"]
    assert c.stance == "asserted"


def test_state_media_denial_is_a_stance(seed: str, seed_result: DocumentResult) -> None:
    denied = [c for c in seed_result.claims if c.stance == "denied"]
    assert len(denied) == 1
    c = denied[0]
    assert c.text.startswith("Assad fled")
    assert c.source is not None
    assert c.source.text == "Syrian state media"
    assert c.cue is not None
    assert c.cue.text == "dismissed"
    assert "Assad fleeing" in seed[c.start : c.end]


def test_he_remained_in_damascus_is_attributed_to_state_media(seed: str, seed_result: DocumentResult) -> None:
    claims = _grounded_in(seed_result, seed, "he remained in Damascus")
    assert len(claims) == 1
    c = claims[0]
    assert seed[c.start : c.end].startswith("he remained in Damascus")
    assert c.text.startswith("Assad remained in Damascus")  # pronoun resolved
    assert c.source is not None
    assert c.source.text == "Syrian state media"
    assert c.cue is not None
    assert c.cue.text == "insisting"
    assert c.stance == "asserted"


def test_quote_is_attributed_to_trump(seed: str, seed_result: DocumentResult) -> None:
    claims = _grounded_in(seed_result, seed, "This is not our fight")
    assert len(claims) == 1
    c = claims[0]
    assert c.is_quote
    assert c.source is not None
    assert c.source.text.endswith("Donald Trump")
    assert c.cue is not None
    assert c.cue.text == "stated"


@pytest.mark.parametrize("command", ["Let it play out", "Do not get involved"])
def test_the_commands_of_the_quotation_are_quoted_from_trump(
    seed: str, seed_result: DocumentResult, command: str
) -> None:
    # A command is a claim only as someone's words: here Trump's position, for the desk to file.
    claims = _grounded_in(seed_result, seed, command)
    assert [(c.quote_source.text if c.quote_source else None, c.is_quote) for c in claims] == [
        ("U.S. President-elect Donald Trump", True)
    ]


def test_aleppo_and_hama_are_separate_claims(seed: str, seed_result: DocumentResult) -> None:
    claims = _grounded_in(seed_result, seed, "Aleppo and Hama")
    texts = [c.text for c in claims]
    assert any("Aleppo" in t and "Hama" not in t for t in texts), texts
    assert any("Hama" in t and "Aleppo" not in t for t in texts), texts


def test_unattributed_text_is_the_articles_own_claim(seed: str, seed_result: DocumentResult) -> None:
    claims = _grounded_in(seed_result, seed, "The United Nations has relocated")
    assert len(claims) == 1
    assert claims[0].source is None
    assert claims[0].cue is None
    assert claims[0].source_chain == ()


def test_attribution_side_is_not_a_claim(seed: str, seed_result: DocumentResult) -> None:
    assert not _grounded_in(seed_result, seed, "Arabic media, citing")
    assert not _grounded_in(seed_result, seed, "Syrian state media had previously")


def test_pronoun_source_refers_to_last_named_speaker(engine: Engine) -> None:
    text = (
        "Debra Strohmaier, a company spokeswoman, said the board met today. "
        "She said a statement was expected. The company said it would reply."
    )
    result = engine.analyse(text)
    she = [c for c in result.claims if c.source is not None and c.source.text == "She"]
    assert she
    assert all(c.source_ref is not None for c in she)
    assert she[0].source_ref is not None
    assert she[0].source_ref.text.startswith("Debra Strohmaier")
    named = [c for c in result.claims if c.source is not None and c.source.text != "She"]
    assert named
    assert all(c.source_ref is None for c in named)
