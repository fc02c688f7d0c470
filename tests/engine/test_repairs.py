"""Parse repairs (annotations/engine/repairs.py): each repair's example, made up, as the
parser reads it, as the repair mends it, and as the claims read after it."""

from __future__ import annotations

import pytest

from annotations.engine import Engine
from annotations.engine.repairs import (
    REPAIRS,
    _would_loop,
    first_act_read_as_what_was_said,
    participle_read_as_the_verb,
    past_tense_joined_to_a_participle,
    repair,
    second_report_read_as_part_of_the_first,
    split_subject_of_a_singular_verb,
    subject_hung_on_an_inverted_cue,
    subject_read_as_a_second_object,
)


@pytest.mark.parametrize(
    "rule",
    [
        past_tense_joined_to_a_participle,
        second_report_read_as_part_of_the_first,
        split_subject_of_a_singular_verb,
        subject_read_as_a_second_object,
        subject_hung_on_an_inverted_cue,
        first_act_read_as_what_was_said,
    ],
)
def test_every_repair_is_listed(rule: object) -> None:
    assert rule in REPAIRS


def test_the_parser_still_makes_the_mistake_the_repair_mends(engine: Engine) -> None:
    # If a new model stops making it, the repair (and this test) can go.
    doc = engine.nlp("Kenya is mainly Christian and the United Nations rates it among the most stable.")
    assert (doc[3].dep_, doc[3].head.text) == ("nsubj", "rates")


def test_a_noun_joined_to_a_singular_verbs_subject_goes_back_to_the_verb_before(engine: Engine) -> None:
    doc = engine.nlp("Kenya is mainly Christian and the United Nations rates it among the most stable.")
    repair(doc)
    assert (doc[3].dep_, doc[3].head.text) == ("attr", "is")


def test_the_second_noun_becomes_the_later_verbs_subject(engine: Engine) -> None:
    doc = engine.nlp("Kenya is mainly Christian and the United Nations rates it among the most stable.")
    repair(doc)
    assert (doc[7].dep_, doc[7].head.text) == ("nsubj", "rates")


def test_the_two_verbs_are_joined(engine: Engine) -> None:
    doc = engine.nlp("Kenya is mainly Christian and the United Nations rates it among the most stable.")
    repair(doc)
    assert (doc[8].dep_, doc[8].head.text) == ("conj", "is")


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "Kenya is mainly Christian and the United Nations rates it among the most stable.",
            ["Kenya is mainly Christian", "the United Nations rates it among the most stable"],
        ),
    ],
)
def test_claims_after_the_repair(engine: Engine, text: str, claims: list[str]) -> None:
    assert [c.text for c in engine.analyse(text).claims] == claims


@pytest.mark.parametrize(
    "text",
    [
        "The bank and the fund were sued.",
        "Every clerk and every guard has a badge.",
        "The firm said Lane and Co has filed a suit.",
    ],
)
def test_a_true_coordination_is_left_alone(engine: Engine, text: str) -> None:
    assert len(engine.analyse(text).claims) == 1


SECOND_OBJECT = "The city has too many bus lanes and the suburbs have too few."


def test_the_parser_joins_a_later_subject_to_the_object(engine: Engine) -> None:
    doc = engine.nlp(SECOND_OBJECT)
    assert (doc[9].dep_, doc[9].head.text) == ("conj", "lanes")


def test_a_subjectless_verb_takes_the_noun_joined_to_the_object(engine: Engine) -> None:
    doc = engine.nlp(SECOND_OBJECT)
    repair(doc)
    assert (doc[9].dep_, doc[9].head.text) == ("nsubj", "have")


def test_the_verb_without_a_subject_is_joined_to_the_first(engine: Engine) -> None:
    doc = engine.nlp(SECOND_OBJECT)
    repair(doc)
    assert (doc[10].dep_, doc[10].head.text) == ("conj", "has")


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (SECOND_OBJECT, ["The city has too many bus lanes", "the suburbs have too few"]),
        (
            "Lund has good crops and buyers quoted a price of 5 dlrs.",
            ["Lund has good crops", "buyers quoted a price of 5 dlrs"],
        ),
        (
            "Acme said it named Tom Berg chairman and the company president, Ann Lee, was given the extra title of treasurer.",
            [
                "Acme named Tom Berg chairman",
                "the company president, Ann Lee, was given the extra title of treasurer",
            ],
        ),
        (
            "Under the deal output would remain subject to caps and exports would be tightly controlled for a decade.",
            [
                "Under the deal output would remain subject to caps",
                "exports would be tightly controlled for a decade",
            ],
        ),
    ],
)
def test_claims_after_a_second_object_is_repaired(engine: Engine, text: str, claims: list[str]) -> None:
    assert [c.text for c in engine.analyse(text).claims] == claims


@pytest.mark.parametrize(
    ("text", "noun", "conj_of"),
    [
        (
            "Acme said it named Tom Berg chairman and the company president, Ann Lee, was named to a post.",
            10,
            "chairman",
        ),
        (
            "Under the deal output would remain subject to caps and exports would be tightly controlled for a decade.",
            10,
            "caps",
        ),
    ],
)
def test_the_parser_joins_a_later_subject_to_an_objects_complement(
    engine: Engine, text: str, noun: int, conj_of: str
) -> None:
    doc = engine.nlp(text)
    assert (doc[noun].dep_, doc[noun].head.text) == ("conj", conj_of)


def test_a_noun_read_as_a_verb_is_no_subjectless_verb(engine: Engine) -> None:
    doc = engine.nlp("Farmers sell their wheat and Acme blends for 17 dlrs a tonne.")
    assert subject_read_as_a_second_object(repair(doc)) == []


SECOND_ACT = "Traders said the idea had not been raised at the meeting and dismissed it as unlikely."


def test_the_parser_joins_the_speakers_second_act_to_the_content(engine: Engine) -> None:
    doc = engine.nlp(SECOND_ACT)
    assert (doc[12].dep_, doc[12].head.text) == ("conj", "raised")


def test_a_past_tense_joined_to_a_reported_participle_goes_back_to_the_speaker(engine: Engine) -> None:
    doc = engine.nlp(SECOND_ACT)
    repair(doc)
    assert (doc[12].dep_, doc[12].head.text) == ("conj", "said")


def test_the_content_ends_before_the_speakers_second_act(engine: Engine) -> None:
    claims = engine.analyse(SECOND_ACT).claims
    assert [(c.text, c.source and c.source.text) for c in claims][0] == (
        "the idea had not been raised at the meeting",
        "Traders",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The board said the bill had not been passed, or vetoed, by Friday.",
        "A photo showed that Lund had signed it and added a note.",
    ],
)
def test_a_second_verb_of_the_content_stays_in_it(engine: Engine, text: str) -> None:
    doc = engine.nlp(text)
    assert past_tense_joined_to_a_participle(repair(doc)) == []


SECOND_REPORT = "The mayor said the bridge was safe for traffic and urged drivers to stay calm."


def test_the_parser_joins_a_second_report_to_what_was_said(engine: Engine) -> None:
    doc = engine.nlp(SECOND_REPORT)
    assert (doc[10].dep_, doc[10].head.text) == ("conj", "was")


def test_a_second_report_joined_to_what_was_said_goes_back_to_the_speaker(engine: Engine) -> None:
    doc = engine.nlp(SECOND_REPORT)
    repair(doc)
    assert (doc[10].dep_, doc[10].head.text) == ("conj", "said")


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            SECOND_REPORT,
            [
                ("the bridge was safe for traffic", "The mayor"),
                ("The mayor urged drivers to stay calm", "The mayor"),
            ],
        ),
        (
            "The mayor said the bridge was safe for traffic and called for patience.",
            [
                ("the bridge was safe for traffic", "The mayor"),
                ("The mayor called for patience", "The mayor"),
            ],
        ),
    ],
)
def test_the_content_ends_before_a_second_report(
    engine: Engine, text: str, claims: list[tuple[str, str]]
) -> None:
    got = [(c.text, c.source and c.source.text) for c in engine.analyse(text).claims]
    assert got == claims


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        # Inside a quotation the speaker opens: the quoted person's own acts.
        ('Lund said Berg "was tired and said he would rest."', 7),
        ('Lund said the chief "was not in the office and told aides to wait."', 11),
        # An act with no complement of a report ("wrote in" a name on a ballot).
        ("Lund said he voted for Berg in 2008 and wrote in Moss in 2012.", 9),
    ],
)
def test_a_second_verb_that_is_not_the_speakers_report_stays_in_the_content(
    engine: Engine, text: str, verb: int
) -> None:
    doc = engine.nlp(text)
    assert doc[verb].dep_ == "conj"
    assert doc[verb].head.dep_ == "ccomp"
    assert second_report_read_as_part_of_the_first(repair(doc)) == []


PARTICIPLE = "Again it seems that wheat shipped earlier on credit was included in the export figures."


def test_the_parser_makes_a_participle_the_verb(engine: Engine) -> None:
    doc = engine.nlp(PARTICIPLE)
    assert (doc[4].dep_, doc[4].head.text) == ("nsubj", "shipped")


def test_the_subject_goes_to_the_verb_after_the_participles_phrase(engine: Engine) -> None:
    doc = engine.nlp(PARTICIPLE)
    repair(doc)
    assert (doc[4].dep_, doc[4].head.text) == ("nsubjpass", "included")


def test_the_participle_describes_the_subject(engine: Engine) -> None:
    doc = engine.nlp(PARTICIPLE)
    repair(doc)
    assert (doc[5].dep_, doc[5].head.text) == ("acl", "wheat")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # (the participle saying which wheat and which ratings stays in the text)
        (
            PARTICIPLE,
            "Again it seems that wheat shipped earlier on credit was included in the export figures",
        ),
        (
            "Ratings lowered include those on its senior notes.",
            "Ratings lowered include those on its senior notes",
        ),
    ],
)
def test_claims_after_a_participle_is_repaired(engine: Engine, text: str, claim: str) -> None:
    assert claim in [c.text for c in engine.analyse(text).claims]


@pytest.mark.parametrize(
    "text", ["Sales rose in May and fell in June.", "Prices fell sharply in May, traders said."]
)
def test_a_past_tense_with_its_own_clause_is_the_verb(engine: Engine, text: str) -> None:
    assert participle_read_as_the_verb(repair(engine.nlp(text))) == []


def test_a_noun_joined_to_a_prepositions_object_can_be_the_next_subject(engine: Engine) -> None:
    text = "Kenya said demand is holding at high levels and prices are expected to rise."
    assert "prices are expected to rise" in [c.text for c in engine.analyse(text).claims]


REPEATED_THAT = "The firm said that if Acme accepts another bid that it also be given a chance to bid."


def test_the_parser_hangs_the_clause_after_a_second_that_inside_the_condition(engine: Engine) -> None:
    doc = engine.nlp(REPEATED_THAT)
    assert (doc[13].dep_, doc[13].head.text) == ("acl", "bid")


def test_the_clause_after_a_second_that_is_what_was_said(engine: Engine) -> None:
    doc = engine.nlp(REPEATED_THAT)
    repair(doc)
    assert (doc[13].dep_, doc[13].head.text) == ("ccomp", "said")


def test_the_condition_belongs_to_what_was_said(engine: Engine) -> None:
    claims = engine.analyse(REPEATED_THAT).claims
    assert [(c.text, c.source and c.source.text) for c in claims] == [
        ("if Acme accepts another bid that it also be given a chance to bid", "The firm")
    ]


def test_a_participle_set_off_by_commas_gives_the_verb_its_subject(engine: Engine) -> None:
    text = "The new debt market, intended to lay a base for wider private lending, was supposed to be launched today."
    assert "The new debt market was supposed to be launched today" in [
        c.text for c in engine.analyse(text).claims
    ]


INVERTED_CUE = "The plan, said Lund, would cut costs by a third."


def test_the_parser_hangs_the_subject_on_an_inverted_cue(engine: Engine) -> None:
    doc = engine.nlp(INVERTED_CUE)
    assert (doc[1].dep_, doc[1].head.text) == ("nsubj", "said")


def test_the_subject_before_an_inverted_cue_goes_to_the_main_verb(engine: Engine) -> None:
    doc = engine.nlp(INVERTED_CUE)
    repair(doc)
    assert doc[1].head.text == "cut"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (INVERTED_CUE, ("The plan would cut costs by a third", "Lund")),
        # The cue read as the sentence's verb, the speaker as the reported clause's subject.
        (
            "The gap with Berg, said Hale and others, would be plain.",
            ("The gap with Berg would be plain", "Hale and others"),
        ),
        # The cue read as the sentence's verb with two subjects.
        (
            "The firm, said its chief executive Tom Lund, will open two plants in May.",
            ("The firm will open two plants in May", "its chief executive Tom Lund"),
        ),
        # Not an insertion: the comma closes the speaker's apposition.
        (
            "Acme's former manager, Tom Lund, said the man who replaced him, Carl Berg, should be fired.",
            ("the man who replaced him, Carl Berg, should be fired", "Acme's former manager, Tom Lund"),
        ),
    ],
)
def test_a_speaker_set_off_inside_a_sentence_speaks_its_whole_clause(
    engine: Engine, text: str, expected: tuple[str, str]
) -> None:
    claims = engine.analyse(text).claims
    assert expected in [(c.text, c.source and c.source.text) for c in claims]


FIRST_ACT = "Lund laughed, then said the plan would fail."


def test_the_parser_reads_a_first_act_as_what_was_said(engine: Engine) -> None:
    doc = engine.nlp(FIRST_ACT)
    assert (doc[1].dep_, doc[1].head.text) == ("ccomp", "said")


def test_a_cue_after_a_first_act_is_joined_to_it(engine: Engine) -> None:
    doc = engine.nlp(FIRST_ACT)
    repair(doc)
    assert (doc[4].dep_, doc[4].head.text) == ("conj", "laughed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FIRST_ACT, ("the plan would fail", "Lund")),
        (
            "Ann Berg offered the clerk a job, then says she will take advice from anyone.",
            ("Berg will take advice from anyone", "Ann Berg"),
        ),
    ],
)
def test_what_is_said_after_a_first_act_is_its_subjects(
    engine: Engine, text: str, expected: tuple[str, str]
) -> None:
    claims = engine.analyse(text).claims
    assert expected in [(c.text, c.source and c.source.text) for c in claims]


def test_an_edit_that_would_make_a_cycle_is_skipped(engine: Engine) -> None:
    doc = engine.nlp("Prices rose in May.")
    assert _would_loop(doc, 1, 2)  # "rose" under "in", which hangs on "rose"


def test_the_parser_reads_a_sentence_as_a_noun_phrase(engine: Engine) -> None:
    doc = engine.nlp("The firm named Lund Bank as lead underwriter of the offering.")
    assert (doc[1].dep_, doc[2].dep_) == ("ROOT", "acl")


def test_a_participle_with_an_object_is_the_verb_of_a_noun_phrase_sentence(engine: Engine) -> None:
    text = "The firm named Lund Bank as lead underwriter of the offering."
    assert [c.text for c in engine.analyse(text).claims] == [text.rstrip(".")]


def test_a_noun_phrase_with_a_participle_and_no_object_stays_one(engine: Engine) -> None:
    # A caption: nothing says the participle is a verb.
    text = "The house built by Wright in 1950."
    assert [c.text for c in engine.analyse(text).claims] == ["The house was built by Wright in 1950"]


AS_CLAUSE = '"His story will live on," Lund said, as a few young boxers worked out inside the club.'


def test_the_parser_reads_an_as_clause_after_the_cue_as_what_was_said(engine: Engine) -> None:
    doc = engine.nlp(AS_CLAUSE)
    assert (doc[16].text, doc[16].dep_) == ("worked", "ccomp")


def test_an_as_clause_after_the_cue_is_the_writers(engine: Engine) -> None:
    claims = engine.analyse(AS_CLAUSE).claims
    (boxers,) = [c for c in claims if "boxers" in c.text]
    assert boxers.source is None


OVERSUBSCRIBED = "It said the bond, which is partly insured, has been over-subscribed and the fees are cut."


def test_the_tagger_reads_a_passive_participle_as_an_adjective(engine: Engine) -> None:
    doc = engine.nlp(OVERSUBSCRIBED)
    word = next(t for t in doc if t.text == "over-subscribed")
    assert (word.tag_, [c.dep_ for c in word.children if c.text == "been"]) == ("JJ", ["auxpass"])


def test_a_passive_participle_read_as_an_adjective_is_a_participle(engine: Engine) -> None:
    doc = engine.nlp(OVERSUBSCRIBED)
    repair(doc)
    assert next(t for t in doc if t.text == "over-subscribed").tag_ == "VBN"


NAME_AS_VERB = "Trump despises long meetings."


def test_the_tagger_reads_a_name_that_is_also_a_verb_as_a_command(engine: Engine) -> None:
    doc = engine.nlp(NAME_AS_VERB)
    assert [(t.tag_, t.dep_) for t in doc[:2]] == [("VB", "ROOT"), ("NNS", "dobj")]


@pytest.mark.parametrize(
    "text",
    [NAME_AS_VERB, "Trump devours and quotes polls all day.", "Trump scorns what he calls weak leaders."],
)
def test_a_name_read_as_a_command_is_the_subject_again(engine: Engine, text: str) -> None:
    assert [c.text for c in engine.analyse(text).claims] == [text.rstrip(".")]


def test_a_command_that_opens_a_page_note_stays_a_command(engine: Engine) -> None:
    doc = engine.nlp("See photos from the debate below.")
    repair(doc)
    assert (doc[0].tag_, doc[0].dep_) == ("VB", "ROOT")
