"""The shared parse helpers (annotations/engine/tokens.py), on trees built by hand."""

from __future__ import annotations

from spacy.tokens import Doc

from annotations.engine import Engine
from annotations.engine.tokens import _np_range


def test_a_noun_phrase_with_crossing_branches_stops_before_the_verb(engine: Engine) -> None:
    # The parser sometimes hangs a closing appositive ("..., a claim Berg disputes") on
    # the subject across the verb; the subject's edges then span the whole sentence.
    words = ["Lund", "further", "alleges", "that", "he", "lied", ",", "a", "claim", "Berg", "disputes", "."]
    heads = [2, 2, 2, 5, 5, 2, 2, 8, 0, 10, 8, 2]
    deps = [
        "nsubj",
        "advmod",
        "ROOT",
        "mark",
        "nsubj",
        "ccomp",
        "punct",
        "det",
        "appos",
        "nsubj",
        "acl",
        "punct",
    ]
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps)
    assert _np_range(doc, 0, set()) == (0, 1)


def test_a_noun_phrase_keeps_its_appositive(engine: Engine) -> None:
    doc = engine.nlp("The mayor, Ann Berg, said the bridge was safe.")
    assert _np_range(doc, 1, set()) == (0, 5)  # "The mayor, Ann Berg"
