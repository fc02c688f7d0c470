"""Attribution and clause patterns on short made-up sentences (not from the eval data)."""

from __future__ import annotations

import pytest

from annotations.engine import ClaimResult, Engine
from annotations.engine.claim_text import past_tense
from annotations.engine.discourse import _gender, _short_name


def claims_of(engine: Engine, text: str) -> list[ClaimResult]:
    result = engine.analyse(text)
    for c in result.claims:
        for span in (c.source, c.cue, c.quote_source, c.source_ref, *c.source_chain):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return list(result.claims)


def only(claims: list[ClaimResult], fragment: str, text: str) -> ClaimResult:
    at = text.index(fragment)
    hits = [c for c in claims if c.start <= at < c.end]
    assert len(hits) == 1, (fragment, claims)
    return hits[0]


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        ('"We will not surrender," the commander said.', "We will not surrender", "the commander", "said"),
        ('The commander said: "We will not surrender."', "We will not surrender", "The commander", "said"),
        ("According to the ministry, 40 people died.", "40 people died", "the ministry", "According to"),
        (
            "The company denied that it had misled investors.",
            "it had misled investors",
            "The company",
            "denied",
        ),
        ("Smith told reporters the talks had collapsed.", "the talks had collapsed", "Smith", "told"),
        (
            "As Lund told the newspaper, ozone levels have dropped.",
            "ozone levels have dropped",
            "Lund",
            "told",
        ),
    ],
)
def test_content_is_attributed_and_cue_side_is_not_a_claim(
    engine: Engine, text: str, content: str, source: str, cue: str
) -> None:
    claims = claims_of(engine, text)
    c = only(claims, content, text)
    assert c.source is not None
    assert c.source.text == source
    assert c.cue is not None
    assert c.cue.text == cue
    assert not [x for x in claims if x.start <= text.index(cue) < x.end]


def test_quote_marks_make_a_direct_quote(engine: Engine) -> None:
    text = '"We will not surrender," the commander said. The army later withdrew.'
    claims = claims_of(engine, text)
    assert only(claims, "We will not", text).is_quote
    assert not only(claims, "The army later", text).is_quote


def test_denials_keep_the_proposition_and_set_the_stance(engine: Engine) -> None:
    text = "The minister denied taking bribes from the company."
    c = only(claims_of(engine, text), "taking bribes", text)
    assert c.stance == "denied"
    assert c.text == "The minister took bribes from the company"
    text = "The Kremlin rejected reports that troops had crossed the border."
    c = only(claims_of(engine, text), "troops had crossed", text)
    assert c.stance == "denied"
    assert c.text == "troops had crossed the border"
    assert c.source is not None
    assert c.source.text == "The Kremlin"


def test_citing_adds_a_link_to_the_chain(engine: Engine) -> None:
    text = "The newspaper, citing two officials, reported that the talks had collapsed."
    c = only(claims_of(engine, text), "the talks had collapsed", text)
    assert [s.text for s in c.source_chain] == ["The newspaper", "two officials"]
    assert c.source == c.source_chain[0]


def test_colon_introduction_attributes_the_next_sentences(engine: Engine) -> None:
    text = 'The minister continued:\n\n"Prices will fall next year. Wages will rise."'
    claims = claims_of(engine, text)
    first = only(claims, "Prices will fall", text)
    assert first.source is not None
    assert first.source.text == "The minister"
    # The rest of the quotation keeps the speaker, as for any quotation over sentences.
    second = only(claims, "Wages will rise", text)
    assert second.is_quote
    assert second.quote_source is not None
    assert second.quote_source.text == "The minister"


def test_quotation_running_on_keeps_its_speaker_as_quote_source(engine: Engine) -> None:
    text = 'The coach said, "We played well today. The players never gave up."'
    claims = claims_of(engine, text)
    later = only(claims, "The players never", text)
    assert later.is_quote
    assert later.source is None
    assert later.quote_source is not None
    assert later.quote_source.text == "The coach"


def test_clauses_are_split_and_do_not_overlap(engine: Engine) -> None:
    text = (
        "The team, which consists entirely of girls, was denied visas, "
        "but the President later intervened because critics complained."
    )
    claims = claims_of(engine, text)
    spans = sorted({(c.start, c.end) for c in claims})
    assert len(spans) >= 4
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    rel = only(claims, "which consists", text)
    assert rel.text.startswith("The team consists")


def test_questions_headings_and_datelines_are_not_claims(engine: Engine) -> None:
    text = "Rebels Seize Capital\n\nDAMASCUS, Dec 8 - Rebels took the city. Will the army return?"
    result = engine.analyse(text)
    texts = [text[s.start : s.end] for s in result.sentences]
    assert texts == [
        "Rebels Seize Capital",
        "DAMASCUS, Dec 8 -",
        "Rebels took the city.",
        "Will the army return?",
    ]
    assert [c.sentence_index for c in result.claims] == [2]


@pytest.mark.parametrize(
    "text", ["The ferry will resume service on Monday", "  The ferry will resume service on Monday\n"]
)
def test_a_text_of_one_line_without_a_full_stop_is_a_claim_not_a_heading(engine: Engine, text: str) -> None:
    claims = claims_of(engine, text)
    assert [c.text for c in claims] == ["The ferry will resume service on Monday"]


@pytest.mark.parametrize(
    ("gerund", "past"),
    [
        ("fleeing", "fled"),
        ("boarding", "boarded"),
        ("rigging", "rigged"),
        ("making", "made"),
        ("dying", "died"),
    ],
)
def test_past_tense(gerund: str, past: str) -> None:
    assert past_tense(gerund) == past


def test_adjective_cue_attributes_its_complement(engine: Engine) -> None:
    text = "The minister was confident the coalition would hold."
    c = only(claims_of(engine, text), "the coalition would hold", text)
    assert c.source is not None
    assert c.source.text == "The minister"
    assert c.cue is not None
    assert c.cue.text == "confident"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The nearest name before the pronoun, in an earlier sentence...
        (
            "Ahmed Saleh arrived in Geneva on Monday. He met Maria Lopez at the hotel.",
            "Ahmed Saleh met Maria Lopez",
        ),
        # ... or earlier in its own sentence.
        (
            "Police named the suspect as Omar Haddad, and he remained in custody on Friday.",
            "Omar Haddad remained in custody",
        ),
        # A name after the pronoun is never its antecedent: the pronoun stays.
        ("The minister arrived on Monday. He met Maria Lopez at the hotel.", "He met Maria Lopez"),
    ],
)
def test_pronoun_is_replaced_only_by_a_person_named_before_it(
    engine: Engine, text: str, expected: str
) -> None:
    claims = claims_of(engine, text)
    assert [c for c in claims if c.text.startswith(expected)], [c.text for c in claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The named speaker is who "he" is...
        ("Zelinski said he is interested in a joint venture with the mill.", "Zelinski is interested"),
        # ... also when the tagger takes the surname for a common noun (NN).
        ("Dufresne said he is interested in a joint venture with the mill.", "Dufresne is interested"),
        # A word for people is no name: the pronoun stays.
        ("Police said he fled the scene on foot.", "he fled the scene"),
        # ... also when the tagger takes the surname for a plural, named before as a person.
        (
            "Carl Sanders spoke first. Tom Berg replied at length. Sanders said he would release his tax return.",
            "Sanders would release",
        ),
        # "Anyone" is nobody's name.
        ("Anyone who knows anything about Tom Lund knows he will not cave.", "Tom Lund will not cave"),
        # A named speaker of the other gender is not the pronoun.
        (
            "Ann Lee spoke first. Carl Berg suggested she is unqualified for the post.",
            "Ann Lee is unqualified",
        ),
    ],
)
def test_he_after_a_speaker_is_the_speaker_when_the_speaker_is_a_name(
    engine: Engine, text: str, expected: str
) -> None:
    claims = claims_of(engine, text)
    assert [c for c in claims if c.text.startswith(expected)], [c.text for c in claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A role that speaks for itself: "he" is the role, not the person named before.
        (
            "Tom Berg praised the plan. The Vermont governor later said he was joking about the vote.",
            "The Vermont governor was joking",
        ),
        (
            "Ana Ruiz left early. In Ohio, the senator said she would vote against it.",
            "The senator would vote",
        ),
        # The person named before holds that role in the article: the name is who it is.
        (
            "Finance Minister Karl Osten met the lenders. The minister said he had offered a new plan.",
            "Karl Osten had offered",
        ),
        # Someone who speaks for another: "he" is not the spokesman.
        ("Tom Berg left early. A spokesman said he would return on Friday.", "Tom Berg would return"),
    ],
)
def test_he_after_a_speaker_named_by_a_role_is_that_role(engine: Engine, text: str, expected: str) -> None:
    claims = claims_of(engine, text)
    assert [c for c in claims if c.text.startswith(expected)], [c.text for c in claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The subject of the clause it is coordinated with, not a name in its object.
        (
            "Tom Lund was a sponsor of Carl Berg's party, and he introduced the two men.",
            "Tom Lund introduced",
        ),
        # The noun a "who" stands for.
        (
            "Mr. Lund was outflanking Carl Berg, who said he would use the veto sparingly.",
            "Carl Berg would use",
        ),
        # The subject of a clause that opens its own.
        (
            "Tom Lund agreed to a pause, but when Carl Berg visited the city, he was surprised at the new levy.",
            "Carl Berg was surprised",
        ),
        # A role the person named before was given in the article.
        (
            "Ohio Gov. Tom Lund spoke first. The Ohio governor said the state needs a budget, but that he would "
            "not raise taxes.",
            "Tom Lund would not raise taxes",
        ),
        # A surname NER takes for a place, named before with a given name.
        (
            "Governor John Kasich spoke in Dayton. Carl Berg attacked him. Kasich trails the field in a new poll. "
            "He was second in March, ahead of Berg.",
            "Kasich was second in March",
        ),
        # A "he said he" whose sentence names who speaks: that name, not the person quoted last.
        (
            '"We will win," Carl Berg said. Tom Lund laughed at the claim, and then he said he would run again.',
            "Tom Lund would run again",
        ),
        # Someone unnamed who speaks of himself: the pronoun stays.
        (
            "Tom Lund spoke about the levy. The last question came from a young voter, who said he and his "
            "sister drove in from Omaha.",
            "he and his sister drove in",
        ),
        # A role nobody named was given: the pronoun stays.
        (
            "Tom Lund won Ohio. The first-term senator has won two contests but he is lagging behind Lund overall.",
            "he is lagging behind Lund",
        ),
    ],
)
def test_he_is_the_person_the_sentence_structure_points_to(engine: Engine, text: str, expected: str) -> None:
    claims = claims_of(engine, text)
    assert [c for c in claims if c.text.startswith(expected)], [c.text for c in claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The tagger's past tense for a participle describing a noun.
        ("The bridge, closed since May, will reopen on Friday.", "The bridge was closed since May"),
        # A named place agrees in the singular, whatever its last letter.
        ("Kells, located at a crossroads, represents a major prize.", "Kells is located at a crossroads"),
        ("The port, built on a river, remains the main employer.", "The port is built on a river"),
    ],
)
def test_a_participle_describing_a_noun_is_said_of_it(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A participle right after its noun says which ones: the host's text keeps it.
        ("The driver arrested on Monday was released.", "The driver arrested on Monday was released"),
        ("Bonds issued by the city fell sharply.", "Bonds issued by the city fell sharply"),
        # (the tagger's past tense for the participle)
        (
            "The printers unveiled today include two laser models.",
            "The printers unveiled today include two laser models",
        ),
    ],
)
def test_a_participle_that_says_which_ones_stays_in_its_hosts_text(
    engine: Engine, text: str, expected: str
) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_a_participle_set_off_by_a_comma_stays_out_of_its_hosts_text(engine: Engine) -> None:
    text = "The port, built on a river, remains the main employer."
    assert "The port remains the main employer" in [c.text for c in claims_of(engine, text)]


def test_he_or_she_is_never_a_person_the_same_clause_names(engine: Engine) -> None:
    text = "Jack Lund keeps few pictures in his office. The exception is a photo of Tom Berg. He met Berg in 1996."
    assert "Jack Lund met Berg in 1996" in [c.text for c in claims_of(engine, text)]


def test_a_participle_misread_as_a_reported_verb_gives_two_propositions(engine: Engine) -> None:
    text = "Officials said the bridge, closed since May, will reopen on Friday."
    assert sorted(c.text for c in claims_of(engine, text)) == [
        "the bridge was closed since May",
        "the bridge will reopen on Friday",
    ]


def test_both_goes_with_the_coordination_it_opens(engine: Engine) -> None:
    text = "The group is banned by both the United States and the United Nations."
    assert sorted(c.text for c in claims_of(engine, text)) == [
        "The group is banned by the United Nations",
        "The group is banned by the United States",
    ]


def test_when_the_cue_happened_is_not_part_of_the_claim(engine: Engine) -> None:
    text = "The Treasury said on Friday it would sell more bonds."
    assert [c.text for c in claims_of(engine, text)] == ["The Treasury would sell more bonds"]


@pytest.mark.parametrize(
    "text",
    [
        "The plant closed before the workers could finish the order.",
        "Trading in the shares was halted until the company publishes its results.",
    ],
)
def test_a_time_the_clause_may_never_reach_stays_with_its_main_clause(engine: Engine, text: str) -> None:
    # "the workers could finish the order" alone would claim what the article does not say.
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_future_when_clause_stays_with_its_main_clause(engine: Engine) -> None:
    text = "Shareholders will receive cash when the merger closes."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_past_when_clause_is_a_proposition_without_its_when(engine: Engine) -> None:
    text = "Shares of Acme rose sharply when the company reported higher profits."
    assert [c.text for c in claims_of(engine, text)] == [
        "Shares of Acme rose sharply",
        "the company reported higher profits",
    ]


def test_the_i_of_a_quotation_refers_to_its_speaker(engine: Engine) -> None:
    text = '"I think the economy is strong," Senator Alvarez said.'
    strong = next(c for c in claims_of(engine, text) if c.text == "the economy is strong")
    assert (strong.source and strong.source.text, strong.source_ref and strong.source_ref.text) == (
        "I",
        "Senator Alvarez",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A second adjective, not a clause ("locally made" was a claim of its own).
        (
            "The levy would apply to imported and locally made tyres.",
            ["The levy would apply to imported and locally made tyres"],
        ),
        # A bare participle describes its noun ("shares are held" was a claim of its own).
        (
            "Holders may buy one new share for every 10 shares held.",
            ["Holders may buy one new share for every 10 shares held"],
        ),
        # A participle on the "X said" side is part of it, and so is the question it asks.
        (
            '"We will decide later," said the company spokesman, when asked if the offer would proceed.',
            ["We will decide later"],
        ),
        ("A third of those polled said they backed the coach.", ["they backed the coach"]),
    ],
)
def test_a_participle_that_says_nothing_by_itself_is_no_claim(
    engine: Engine, text: str, expected: list[str]
) -> None:
    assert [c.text for c in claims_of(engine, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The rebels are led by the Northern Front (NF), a militia with roots in the old army and"
            " designated as a terrorist group by the European Union.",
            "the Northern Front (NF) is designated as a terrorist group by the European Union",
        ),
        # A verb coordinated after an apposition keeps the sentence's subject.
        (
            "The rebels were attacked by the army, a force with tanks and retreated to the hills.",
            "The rebels retreated to the hills",
        ),
    ],
)
def test_a_participle_continuing_an_apposition_describes_the_noun_it_names(
    engine: Engine, text: str, expected: str
) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_a_command_is_a_claim_only_as_someone_quoted(engine: Engine) -> None:
    quoted = 'The governor said on the radio, "The roads are closed. Stay at home tonight."'
    last = claims_of(engine, quoted)[-1]
    speaker = last.source or last.quote_source
    assert (last.text, speaker and speaker.text) == ("Stay at home tonight", "The governor")
    assert claims_of(engine, "Stay at home tonight. Keep the windows closed.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Stay indoors tonight," the mayor said.', "Stay indoors tonight"),
        (
            '"Stay indoors tonight and keep the windows closed," the mayor said.',
            "Stay indoors tonight and keep the windows closed",
        ),
        ('The mayor said, "Stay indoors tonight."', "Stay indoors tonight"),
    ],
)
def test_a_quoted_command_is_what_the_speaker_said(engine: Engine, text: str, expected: str) -> None:
    claims = claims_of(engine, text)
    assert [(c.text, c.source and c.source.text.lower()) for c in claims] == [(expected, "the mayor")]


@pytest.mark.parametrize(
    ("text", "referent"),
    [
        (
            'One grain trader said prices would fall. "They have been selling all week," he said.',
            "One grain trader",
        ),
        (
            "Acme Plc chairman John Smith said sales rose. He told reporters that margins improved.",
            "Acme Plc chairman John Smith",
        ),
    ],
)
def test_he_refers_to_a_speaker_named_by_role(engine: Engine, text: str, referent: str) -> None:
    last = claims_of(engine, text)[-1]
    assert (last.source and last.source.text.lower(), last.source_ref and last.source_ref.text) == (
        "he",
        referent,
    )


def test_a_relative_who_as_source_refers_to_the_person_it_describes(engine: Engine) -> None:
    text = "The plan was backed by the defence minister, who said the army would withdraw by May."
    withdraw = only(claims_of(engine, text), "withdraw", text)
    assert (withdraw.source and withdraw.source.text, withdraw.source_ref and withdraw.source_ref.text) == (
        "who",
        "the defence minister",
    )


def test_a_concession_before_a_trailing_cue_is_part_of_what_was_said(engine: Engine) -> None:
    text = (
        "Sales of cars rose sharply in March, although the average price of a new truck set a"
        " record, the ministry said on Friday."
    )
    claim = only(claims_of(engine, text), "the average price", text)
    assert claim.source is not None and claim.source.text == "the ministry"


def test_a_concession_after_the_cue_stays_the_writers(engine: Engine) -> None:
    text = "The ministry suggested that car sales rose, though the average price of trucks set a record."
    assert only(claims_of(engine, text), "the average price", text).source is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            '"The bill must not be read as a single act, but as part of a longer campaign," the'
            " interior minister told the assembly.",
            "the interior minister",
        ),
        ('"We will not leave," the mayor told reporters on Monday.', "the mayor"),
    ],
)
def test_a_quotation_told_to_someone_is_the_speakers(engine: Engine, text: str, source: str) -> None:
    claims = claims_of(engine, text)
    assert [c.source and c.source.text for c in claims] == [source]


def test_the_end_of_a_quotation_hung_on_its_cue_stays_in_the_quotation(engine: Engine) -> None:
    text = (
        '"The bill must not be read as a single act, but as part of a longer campaign," the'
        " interior minister told the assembly."
    )
    claims = claims_of(engine, text)
    assert [c.text for c in claims] == [
        "The bill must not be read as a single act, but as part of a longer campaign"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "There has been a steep fall in traffic between Canada and Mexico.",
        "Talks among France, Germany and Italy collapsed.",
        "Russia and China met in Beijing on Monday.",
        "Acme and Widget jointly own the plant.",
        "Borelia and Lundia will soon settle their border dispute.",
        "Baker Holdings Ltd bought Lane-Smith and Associates.",
        "The Ministry of Fisheries and Forestry has fined a trawler owner.",
        "The Board for Fisheries and Forestry has fined a trawler owner.",
    ],
)
def test_names_taken_together_are_not_split(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_the_parties_of_a_case_are_one_name(engine: Engine) -> None:
    # The parser reads "v." as a conjunction here; "Roe v. Wade" is one case.
    text = "Lund attacked Berg, saying she would name judges who could overturn Roe v. Wade, and then reminded voters of her record."
    claim = only(claims_of(engine, text), "she would name", text)
    assert claim.text.endswith("overturn Roe v. Wade")


def test_initials_joined_by_and_are_one_name(engine: Engine) -> None:
    text = "Acme said A and G announced a bid for the mill."
    assert [c.text for c in claims_of(engine, text)] == ["A and G announced a bid for the mill"]


@pytest.mark.parametrize(
    "text",
    [
        "The bank said it may cut the rate if the firm can show it is profitable.",
        "If the minister says the deal is off, the talks will end.",
        "The talks will end unless the minister announces that the deal is off.",
    ],
)
def test_a_report_under_a_condition_is_nobodys_claim(engine: Engine, text: str) -> None:
    claims = claims_of(engine, text)
    assert not any(c.cue is not None and c.cue.text in ("show", "says", "announces") for c in claims)


def test_what_a_condition_would_report_is_not_claimed(engine: Engine) -> None:
    text = "If the minister says the deal is off, the talks will end."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_an_infinitive_with_its_own_subject_is_no_claim(engine: Engine) -> None:
    text = "Parcels are often rerouted after sorting, making it hard for couriers to know the final address."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor, whose term ends in May, opened the bridge.", "The mayor's term ends in May"),
        ("The rule covers trucks whose route is changed.", "trucks' route is changed"),
        (
            "The council, with which the firm signed the lease, approved the plan.",
            "the firm signed the lease with the council",
        ),
    ],
)
def test_a_relative_clause_names_the_noun_it_describes(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_a_single_word_left_between_clauses_is_no_claim(engine: Engine) -> None:
    text = "Analysts estimate some 500 jobs could be cut by the merger is costs are not reduced."
    assert "is" not in [c.text for c in claims_of(engine, text)]


def test_a_clause_the_parser_hung_on_a_trailing_cue_is_part_of_what_was_said(engine: Engine) -> None:
    text = "Bike sales rose 12 pct in June, while rentals rose only 3.4 pct, city figures show."
    claim = only(claims_of(engine, text), "rentals rose", text)
    assert claim.source is not None and claim.source.text == "city figures"


def test_a_second_gerund_after_a_preposition_stays_with_its_clause(engine: Engine) -> None:
    text = "Sales grew 2.4 pct in June, after rising 0.6 pct in May and falling 1.8 pct a year before."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Delegates from 26 nations are taking part in the talks here, which sources said would focus on debt.",
            "the talks would focus on debt",
        ),
        (
            "Borelia is preparing to test a drone, which it claims is part of a civilian project.",
            "a drone is part of a civilian project",
        ),
        ("The team flew to Tokyo, where it won the final.", "it won the final in Tokyo"),
    ],
)
def test_a_relative_reported_by_someone_names_its_noun(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_an_object_the_parser_took_from_the_content_is_its_subject(engine: Engine) -> None:
    text = "France warned the plan to tax imported oils could damage trade ties."
    claims = claims_of(engine, text)
    assert [c.text for c in claims] == ["the plan to tax imported oils could damage trade ties"]


@pytest.mark.parametrize(
    "text",
    [
        "The panel will look at several options to cut the deficit.",
        "He would be the first senior figure in the case to be granted immunity.",
    ],
)
def test_an_infinitive_describing_a_noun_stays_with_its_clause(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_purpose_joins_the_stance_it_serves(engine: Engine) -> None:
    text = "Residents called for stricter curbs to stop all truck traffic to the valley."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_purpose_of_the_saying_is_no_claim(engine: Engine) -> None:
    text = "To bolster its position in the market, Acme said its plan is helped by two joint ventures."
    assert [c.text for c in claims_of(engine, text)] == ["its plan is helped by two joint ventures"]


def test_when_after_a_year_reads_as_in_that_year(engine: Engine) -> None:
    text = "Acme has traded overseas since 1931, when it opened a Lima office."
    assert "it opened a Lima office in 1931" in [c.text for c in claims_of(engine, text)]


def test_an_addressee_and_the_contents_subject_are_two_objects(engine: Engine) -> None:
    text = "A spokesman told Acme the council's view is that rents ought to be capped."
    claims = claims_of(engine, text)
    assert [c.text for c in claims] == ["the council's view is that rents ought to be capped"]


def test_a_participle_set_off_by_commas_is_no_speaker(engine: Engine) -> None:
    text = (
        "The sources said the loan, agreed in principle last May during a visit by the president,"
        " had been held up by delays."
    )
    claims = claims_of(engine, text)
    assert [c.source and c.source.text for c in claims] == ["The sources"]


def test_an_inverted_speaker_between_commas_is_still_the_speaker(engine: Engine) -> None:
    (claim,) = claims_of(engine, "The firm, said analysts, will fail.")
    assert claim.source is not None and claim.source.text == "analysts"


def test_a_dropped_token_keeps_the_space_after_it() -> None:
    from annotations.engine.claim_text import _text_of
    from annotations.engine.engine import load_model

    doc = load_model("en_core_web_sm")("Ally's Cafe and Bob's Bar opened.")
    # "Ally" ends without a space ("Ally's"); "'s" ... "Bar" are dropped.
    assert _text_of(doc, range(len(doc) - 1), {1: "", 2: "", 3: "", 4: "", 5: "", 6: ""}) == "Ally opened"


def test_a_firm_name_with_and_is_not_split(engine: Engine) -> None:
    text = "Berg's Golf and Tennis Corp operates 250 centers."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_dateline_parsed_as_the_subject_is_not_the_source(engine: Engine) -> None:
    text = "LIMA, May 4 - <The Borel Bank of Peru> said it was arranging a loan."
    (claim,) = claims_of(engine, text)
    assert claim.source is not None and claim.source.text == "<The Borel Bank of Peru>"


def test_it_that_stands_for_nothing_is_not_the_speaker(engine: Engine) -> None:
    text = "Speaking at a forum, Berg said it seems almost sure the council will raise fees."
    assert [c.text for c in claims_of(engine, text)] == ["it seems almost sure the council will raise fees"]


@pytest.mark.parametrize(
    "text",
    [
        "The charity has sent teams to the valley to find out what the needs are and how they can deliver food faster.",
        "Nobody knows how the fire started.",
    ],
)
def test_a_question_nobody_asks_stays_with_its_clause(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_name_split_from_its_coordination_agrees_with_its_verb(engine: Engine) -> None:
    claims = claims_of(engine, "Aleppo and Hama were captured by the rebels.")
    assert [c.text for c in claims] == [
        "Aleppo was captured by the rebels",
        "Hama was captured by the rebels",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Berg and Lund are roughly even in Lima.",
        "Berg and Lund are tied in the race today.",
        "Indiana, Michigan and Ohio all supported the governor.",
    ],
)
def test_names_said_of_together_are_not_split(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_copula_after_a_split_name_agrees_with_it(engine: Engine) -> None:
    claims = claims_of(engine, "In 1988, Georgia and Texas were firmly Republican.")
    assert [c.text for c in claims] == [
        "In 1988, Georgia was firmly Republican",
        "In 1988, Texas was firmly Republican",
    ]


def test_a_later_run_of_a_claim_keeps_its_and(engine: Engine) -> None:
    text = "Smith leads by 15 points in Ohio, according to the new poll, and has a small lead in Iowa."
    assert [c.text for c in claims_of(engine, text)] == [
        "Smith leads by 15 points in Ohio and has a small lead in Iowa"
    ]


def test_a_speaker_cut_off_after_an_exclamation_with_more_after_the_cue(engine: Engine) -> None:
    text = '"It is like a marathon!" Rep. Jane Doe, R-Pa., said of the parties.'
    claims = claims_of(engine, text)
    assert [(c.text, c.source and c.source.text) for c in claims] == [
        ("It is like a marathon", "Rep. Jane Doe, R-Pa.")
    ]


def test_who_after_a_title_is_the_person_not_the_name_in_the_title(engine: Engine) -> None:
    text = '"Neither worked," said Ann Berg, former press aide to Governor Tom Lund, who attended the dinner.'
    assert "Ann Berg attended the dinner" in [c.text for c in claims_of(engine, text)]


def test_who_as_a_source_after_a_phrase_is_the_person_named_before_it(engine: Engine) -> None:
    (claim,) = [
        c for c in claims_of(engine, "They had a call with Berg, who said the talks went well.") if c.source
    ]
    assert claim.source_ref is not None and claim.source_ref.text == "Berg"


def test_a_phrase_fronted_before_the_speaker_is_not_the_source(engine: Engine) -> None:
    text = 'Of the mayor, Holt, who has donated to Lund, said, "He is flat-out reckless."'
    quoted = [c for c in claims_of(engine, text) if c.is_quote]
    assert [c.source and c.source.text for c in quoted] == ["Holt"]


def test_he_in_a_direct_quotation_is_left_as_written(engine: Engine) -> None:
    text = 'Of the mayor, Holt, who has donated to Lund, said, "He is flat-out reckless."'
    quoted = [c for c in claims_of(engine, text) if c.is_quote]
    assert [c.text for c in quoted] == ["He is flat-out reckless"]


def test_a_dependent_clause_of_a_nested_report_is_no_claim_of_its_own(engine: Engine) -> None:
    text = '"Until you have sat at that desk, you do not know what it is like to run a crisis," he will say.'
    assert "Until you have sat at that desk" not in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The cancellation comes just as Congress is to consider the bill.",
        "Acme holds savings totalling some 4,000 million pesos.",
    ],
)
def test_a_clause_that_only_completes_its_host_stays_in_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_much_of_which_names_its_noun(engine: Engine) -> None:
    text = "The tariff targets the farm deficit, much of which is with Chile."
    assert "much of the farm deficit is with Chile" in [c.text for c in claims_of(engine, text)]


def test_a_ticker_style_name_keeps_its_brackets_in_the_claim(engine: Engine) -> None:
    text = "A police officer told Reuters <Cassa di Borelia - Caribor> president Marco Berg was arrested."
    (claim,) = claims_of(engine, text)
    assert claim.text.startswith("<Cassa di Borelia - Caribor> president")


def test_a_name_that_only_modifies_a_noun_is_no_referent_for_he(engine: Engine) -> None:
    (claim,) = claims_of(engine, "The Lund administration revealed he was aware of the deal.")
    assert claim.text == "he was aware of the deal"


def test_so_with_a_modal_is_a_purpose(engine: Engine) -> None:
    text = "Berg has been given partial immunity so she can testify at the trial."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_months_in_a_list_are_not_split(engine: Engine) -> None:
    text = "The futures will trade with delivery months of March, June, August and November, according to the exchange."
    assert [c.text for c in claims_of(engine, text)] == [
        "The futures will trade with delivery months of March, June, August and November"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The man was arrested and questioned by police.", "The man was questioned by police"),
        ("The company will sell its unit and buy a rival.", "The company will buy a rival"),
        ("The bank did not raise rates or cut spending.", "The bank did not cut spending"),
    ],
)
def test_a_coordinated_verb_shares_the_auxiliaries(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_verbs_sharing_a_bare_infinitives_subject_are_one_claim(engine: Engine) -> None:
    text = "India wants partners to help it cut its deficit and save foreign exchange."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_who_after_a_second_name_is_that_name(engine: Engine) -> None:
    text = "Standing before Judge Maria Ortiz, Lund, who faces up to 8 years in prison, said he had three surgeries."
    claims = claims_of(engine, text)
    assert "Lund faces up to 8 years in prison" in [c.text for c in claims]


def test_a_speaker_whose_who_clause_the_parser_hung_elsewhere_is_still_the_source(engine: Engine) -> None:
    text = "Standing before Judge Maria Ortiz, Lund, who faces up to 8 years in prison, said he had three surgeries."
    (said,) = [c for c in claims_of(engine, text) if c.cue is not None]
    assert said.source is not None and said.source.text == "Lund"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The firm sold the plant it bought last year.", "it bought the plant last year"),
        ("This is the city he lives in.", "he lives in the city"),
        (
            "Her comments were concerned with a rescue plan the council hopes to approve in the next weeks.",
            "the council hopes to approve a rescue plan in the next weeks",
        ),
    ],
)
def test_a_relative_clause_without_a_relative_word_gets_its_noun_back(
    engine: Engine, text: str, expected: str
) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_they_as_a_source_is_the_last_plural_source(engine: Engine) -> None:
    text = (
        "Market sources said the sale was no shock, as the pressure of rivals had hinted"
        " that someone would quit. They said an exit had been likely."
    )
    last = claims_of(engine, text)[-1]
    assert last.source_ref is not None and last.source_ref.text == "Market sources"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Lundbank vice president and treasurer Ellen Rask said rates would rise."
            " She said the bank would borrow more.",
            "Lundbank vice president and treasurer Ellen Rask",
        ),
        (
            "A spokesman for the ministry said talks would resume. He said no date was set.",
            "A spokesman for the ministry",
        ),
        (
            "Orders at the mill will climb, Director Maria T. Olsen told a meeting."
            " She said hiring would follow.",
            "Director Maria T. Olsen",
        ),
        (
            "Lena Holt of the bank's research unit welcomed the plan. She said it was overdue.",
            "Lena Holt of the bank's research unit",
        ),
        ("A union leader said the strike would go on. He said talks had failed.", "A union leader"),
    ],
)
def test_he_is_the_person_a_role_and_name_spoke_of(engine: Engine, text: str, speaker: str) -> None:
    last = claims_of(engine, text)[-1]
    assert last.source_ref is not None and last.source_ref.text == speaker


def test_they_is_no_one_whose_name_ends_in_s(engine: Engine) -> None:
    text = "Tom Rees said prices rose. They said supplies were tight."
    assert claims_of(engine, text)[-1].source_ref is None


def test_they_is_no_single_firm(engine: Engine) -> None:
    text = (
        "Acme Corp reported a loss on Monday. Analysts at Baker Co were cautious. They said sales would fall."
    )
    last = claims_of(engine, text)[-1]
    assert last.source_ref is None


@pytest.mark.parametrize(
    ("text", "plural"),
    [
        (
            "Grain brokers in the Chicago area said bids fell. They said stocks were ample.",
            "Grain brokers in the Chicago area",
        ),
        ("Dealers here said prices rose. They said supplies were tight.", "Dealers here"),
        ("Traders said prices rose. They said supplies were tight.", "Traders"),
        ("Two mills may merge, company spokesmen said. They said a deal was near.", "company spokesmen"),
    ],
)
def test_they_finds_a_plural_source_whatever_follows_its_noun(engine: Engine, text: str, plural: str) -> None:
    last = claims_of(engine, text)[-1]
    assert last.source_ref is not None and last.source_ref.text == plural


def test_a_reported_it_reads_as_the_source_it_stands_for(engine: Engine) -> None:
    text = "Acme Corp reported a loss. It said it would cut 200 jobs."
    assert claims_of(engine, text)[-1].text == "Acme Corp would cut 200 jobs"


def test_a_participle_dated_in_the_past_reads_in_the_past(engine: Engine) -> None:
    assert "a computer was installed in 1983" in [
        c.text for c in claims_of(engine, "The system replaces a computer installed in 1983.")
    ]


def test_names_after_a_count_are_not_split(engine: Engine) -> None:
    text = "Berg operates 143 restaurants in California, Oregon, Texas and Washington."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_doubtful_denies_its_complement(engine: Engine) -> None:
    (claim,) = claims_of(engine, "Many grain dealers in Lima are doubtful that the peso will rise further.")
    assert (claim.text, claim.stance, claim.source and claim.source.text) == (
        "the peso will rise further",
        "denied",
        "Many grain dealers in Lima",
    )


def test_a_military_rank_does_not_end_the_parse(engine: Engine) -> None:
    text = "Lund said she was urging delay for a third figure, retired Air Force Maj. Gen. Olaf Berg, a close aide."
    assert "retired Air Force Maj" not in " ".join(c.text for c in claims_of(engine, text))


def test_a_plural_title_does_not_end_the_parse(engine: Engine) -> None:
    text = (
        "Joining Lund in the race were three governors: Berg and Govs. Tom Hale of Ohio and Ann Moss of Utah."
    )
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom Lund is a big star on the show, but he's also a writer.", "Tom Lund's also a writer"),
        ("Tom Lund arrived late. He’ll speak on Monday.", "Tom Lund will speak on Monday"),
        ("Tom Lund arrived late. He'd been in Oslo.", "Tom Lund had been in Oslo"),
        ("Tom Lund arrived late. He'd go again.", "Tom Lund would go again"),
    ],
)
def test_a_contracted_he_or_she_is_resolved_too(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_two_verbs_that_share_one_object_are_one_claim(engine: Engine) -> None:
    text = "Acme designs and builds small engines."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_bracket_around_a_word_stays_with_the_claim(engine: Engine) -> None:
    (claim,) = claims_of(engine, "[Ten] years ago, a legend was born.")
    assert claim.text == "[Ten] years ago, a legend was born"


def test_a_bracketed_ellipsis_is_no_part_of_the_claim(engine: Engine) -> None:
    (claim,) = claims_of(engine, "Ozone has declined by 25 percent since 1980 [...].")
    assert claim.text == "Ozone has declined by 25 percent since 1980"


def test_a_concession_inside_a_report_keeps_its_although(engine: Engine) -> None:
    text = "Although Acme has a strong business, the deal would impair earnings, A and G said."
    assert [c.text for c in claims_of(engine, text)] == [
        "Although Acme has a strong business, the deal would impair earnings"
    ]


def test_a_verb_coordinated_in_a_relative_clause_reads_with_the_noun(engine: Engine) -> None:
    text = "Acme named Ruth Kaye as chief, succeeding Tom Bell, who is retiring but remains a director."
    assert "Tom Bell remains a director" in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "It is likely that the bank will cut rates.",
        "The problem is that prices are too high.",
    ],
)
def test_a_clause_a_copula_frames_stays_with_its_frame(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_verb_contracted_onto_a_relative_word_is_written_out(engine: Engine) -> None:
    text = "Voters back the mayor, who’s been in office since 2009."
    assert "the mayor has been in office since 2009" in [c.text for c in claims_of(engine, text)]


def test_split_names_keep_their_own_brackets(engine: Engine) -> None:
    text = (
        "Budget Committee Chairman John Smith (R-Utah) and Finance Committee Chairman Bob"
        " Jones (R-Va.) sent the letter to the agency."
    )
    assert [c.text for c in claims_of(engine, text)] == [
        "Budget Committee Chairman John Smith (R-Utah) sent the letter to the agency",
        "Finance Committee Chairman Bob Jones (R-Va.) sent the letter to the agency",
    ]


def test_she_is_not_the_man_who_said_it(engine: Engine) -> None:
    text = (
        "Police chief Jim Kemp said those reports were wrong. She did get several letters"
        " marked secret, he said."
    )
    assert claims_of(engine, text)[-1].text == "She did get several letters marked secret"


def test_whose_after_a_role_and_name_is_the_persons_in_the_role(engine: Engine) -> None:
    text = "Ann Cole, a top aide to Governor Tim Reyes whose portfolio has included the budget, will leave."
    assert "Ann Cole's portfolio has included the budget" in [c.text for c in claims_of(engine, text)]


def test_a_relative_clause_of_why_has_no_object_left_out(engine: Engine) -> None:
    text = "Here are three reasons the reform movement should be hopeful."
    assert "the reform movement should be hopeful" in [c.text for c in claims_of(engine, text)]


def test_a_phrase_between_the_subject_read_as_object_and_its_verb_goes_with_them(engine: Engine) -> None:
    text = "The state bank said cumulative assets at end-June rose to 5.5 billion pesos from 5.1 billion."
    assert [c.text for c in claims_of(engine, text)] == [
        "cumulative assets at end-June rose to 5.5 billion pesos from 5.1 billion"
    ]


def test_a_subject_the_parser_made_an_apposition_of_the_addressee_is_the_contents(engine: Engine) -> None:
    # The parse the model gives some long sentences of this shape, written out: "share"
    # hangs on "conference" as its apposition and "expected" has no subject.
    from spacy.tokens import Doc

    from annotations.engine.clauses import segment

    parse = [  # word, head, dependency, tag
        ("The", 1, "det", "DT"),
        ("minister", 2, "nsubj", "NN"),
        ("told", 2, "ROOT", "VBD"),
        ("a", 5, "det", "DT"),
        ("news", 5, "compound", "NN"),
        ("conference", 2, "dobj", "NN"),
        ("Sweden", 8, "poss", "NNP"),
        ("'s", 6, "case", "POS"),
        ("share", 5, "appos", "NN"),
        ("of", 8, "prep", "IN"),
        ("the", 11, "det", "DT"),
        ("market", 9, "pobj", "NN"),
        ("is", 13, "auxpass", "VBZ"),
        ("expected", 2, "ccomp", "VBN"),
        ("to", 15, "aux", "TO"),
        ("fall", 13, "xcomp", "VB"),
        (".", 2, "punct", "."),
    ]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    clauses, _ = segment(doc)
    content = next(c for c in clauses if c.kind == "ccomp")
    assert " ".join(words[i] for i in content.tokens) == "Sweden 's share of the market is expected to fall"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank last acted on June 12, when the peso fell below 40.", "the peso fell below 40 on June 12"),
        ("The strike began on Tuesday, when the drivers walked out.", "the drivers walked out on Tuesday"),
        ("Talks broke down in March, when the union walked out.", "the union walked out in March"),
        ("Prices peaked in 1987, when the index hit a record.", "the index hit a record in 1987"),
    ],
)
def test_when_after_a_day_or_month_reads_as_on_or_in_it(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_a_coordinated_participle_shares_the_auxiliary(engine: Engine) -> None:
    text = "Brokers who were selling bonds and buying shares made money."
    assert "Brokers were buying shares" in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Window-dressing" sales by some firms were weakening the currency.',
            '"Window-dressing" sales by some firms were weakening the currency',
        ),
        ("He called the plan “a disaster” and left.", "He called the plan “a disaster”"),
        ('He said: "We will go home."', "We will go home"),
    ],
)
def test_a_quotation_mark_stays_with_its_partner(engine: Engine, text: str, expected: str) -> None:
    assert claims_of(engine, text)[0].text == expected


def test_a_when_clause_at_the_end_is_no_trailing_cue(engine: Engine) -> None:
    text = "The central bank last stepped in on March 3, when the krona threatened to drop below 9.5."
    claims = claims_of(engine, text)
    assert [c.source for c in claims] == [None, None]


def test_a_participle_read_as_a_past_tense_at_the_end_stays_with_its_clause(engine: Engine) -> None:
    text = "The total compares with the central bank's estimate of a shortfall of 400 mln crowns, earlier revised up from 350 mln."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_name_before_a_verb_read_as_a_plural_present_stays_singular(engine: Engine) -> None:
    # "The Council ... forecast": the tagger may read the past tense as VBP.
    from spacy.tokens import Doc

    from annotations.engine.claim_text import _plural
    from annotations.engine.tokens import _info

    parse = [("The", 1, "det", "DT"), ("Council", 2, "nsubj", "NNP"), ("forecast", 2, "ROOT", "VBP")]
    parse += [("growth", 2, "dobj", "NN"), (".", 2, "punct", ".")]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    assert not _plural(_info(doc), 1)


def test_names_inside_angle_brackets_are_one_company(engine: Engine) -> None:
    text = "The kiln was bought from <Harlow and Pike> for an undisclosed sum."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text", ["It seems that the plant will reopen.", "It appears the talks have stalled."]
)
def test_it_seems_frames_its_clause_like_a_copula(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_it_holds_a_belief_as_a_source(engine: Engine) -> None:
    (claim,) = claims_of(engine, "It believes the plant will reopen.")
    assert claim.source is not None and claim.source.text == "It"


def test_participles_coordinated_with_a_participle_are_no_claims(engine: Engine) -> None:
    text = "The vote fell on a Sunday, when many voters were away at fairs, doing chores, taking in a film or watching a match."
    texts = [c.text for c in claims_of(engine, text)]
    assert not any(t.startswith(("taking", "watching")) for t in texts)


def test_verbs_said_of_a_quantity_stay_together(engine: Engine) -> None:
    text = "Only two firms bid for the port and won contracts."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_names_after_both_under_negation_are_not_split(engine: Engine) -> None:
    text = "Since 1990, one mayor has not carried both Lund and Borel."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_both_is_left_out_of_each_name_split_off(engine: Engine) -> None:
    # A parse with "both" as a determiner of the first name, as the model gives some.
    from spacy.tokens import Doc

    from annotations.engine.claim_text import coordinated_names

    parse = [("The", 1, "det", "DT"), ("plan", 3, "nsubjpass", "NN"), ("was", 3, "auxpass", "VBD")]
    parse += [("backed", 3, "ROOT", "VBN"), ("by", 3, "agent", "IN"), ("both", 7, "det", "DT")]
    parse += [("the", 7, "det", "DT"), ("Star", 4, "pobj", "NNP"), ("and", 7, "cc", "CC")]
    parse += [("Ledger", 7, "conj", "NNP"), (".", 3, "punct", ".")]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    ((_, parts),) = coordinated_names(doc, range(len(words)))
    assert [doc[a:b].text for a, b in parts] == ["the Star", "Ledger"]


def test_a_bare_verb_after_a_participle_continues_the_infinitive(engine: Engine) -> None:
    text = "The parties have used their airtime to shape opinion, mock rivals and leave lasting doubts."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rebels have taken the town and hold the bridge.", "The rebels hold the bridge"),
        ("Workers had been striking and demand higher pay.", "Workers demand higher pay"),
    ],
)
def test_a_coordinated_bare_verb_takes_no_perfect_auxiliary(engine: Engine, text: str, expected: str) -> None:
    assert expected in [c.text for c in claims_of(engine, text)]


def test_a_pronoun_named_later_in_the_sentence_is_that_name(engine: Engine) -> None:
    text = "Aides were relieved. While he refused to free violent convicts, Mr. Lund deemed the swap a fair trade."
    claim = claims_of(engine, text)[1]
    assert claim.text == "Mr. Lund refused to free violent convicts"


def test_a_pronoun_source_named_later_in_the_sentence_refers_to_that_name(engine: Engine) -> None:
    text = "Aides were relieved. While he refused to free violent convicts, Mr. Lund deemed the swap a fair trade."
    claim = claims_of(engine, text)[1]
    assert claim.source_ref is not None and claim.source_ref.text == "Mr. Lund"


def test_a_pronoun_of_the_other_gender_is_not_the_name_after_it(engine: Engine) -> None:
    text = "Tom Hale spoke first. While he refused to free violent convicts, Mrs. Lund deemed the swap fair."
    assert "Mrs. Lund refused to free violent convicts" not in [c.text for c in claims_of(engine, text)]


def test_what_comes_as_something_happens_is_one_claim(engine: Engine) -> None:
    text = "The Senate vote comes as officials are scrambling to draft a budget."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_who_after_an_indefinite_description_of_a_person_is_the_person(engine: Engine) -> None:
    text = "''We are grateful,'' said Representative Tom Reyes, a Utah Democrat who flew to Oslo on Monday."
    assert "Representative Tom Reyes flew to Oslo on Monday" in [c.text for c in claims_of(engine, text)]


def test_a_description_read_as_a_clause_is_no_claim(engine: Engine) -> None:
    # "Ivan Petrov, another freed sailor": the parse the model gives it, written out.
    from spacy.tokens import Doc

    from annotations.engine.claims import _noun_phrase_read_as_clause
    from annotations.engine.tokens import _info

    parse = [("Ivan", 1, "compound", "NNP"), ("Petrov", 1, "ROOT", "NNP"), (",", 1, "punct", ",")]
    parse += [("another", 4, "nsubj", "DT"), ("freed", 1, "ccomp", "VBN"), ("sailor", 4, "dobj", "NN")]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    assert _noun_phrase_read_as_clause(_info(doc), 4)


def test_names_joined_before_a_firms_suffix_and_ticker_are_one_firm(engine: Engine) -> None:
    text = "Ardent Inc said Pacific Gas and Lighting Co <PGL> opened a new plant near the port."
    assert [c.text for c in claims_of(engine, text)] == [
        "Pacific Gas and Lighting Co <PGL> opened a new plant near the port"
    ]


def test_a_participle_stance_reads_with_its_holder_and_the_hosts_tense(engine: Engine) -> None:
    text = "Ann Lane, the party chair, cited her ties to the mayor, recalling details of a visit he made in 2006."
    assert "Ann Lane recalled details of a visit he made in 2006" in [c.text for c in claims_of(engine, text)]


def test_that_as_the_object_of_a_relative_clause_reads_as_its_noun(engine: Engine) -> None:
    text = "Many of the chairs that the paper interviewed predicted a win."
    assert "the paper interviewed the chairs" in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Since 1990, one mayor has not carried both  Lund and Borel.",
        "For Ann Lee and Tom Hale, their plans are hampered by a big obstacle.",
        "He offers a change from the policies of Presidents Adams and Polk.",
    ],
)
def test_names_named_as_a_pair_are_not_split(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [" ".join(text.rstrip(".").split())]


def test_an_aside_between_the_subject_read_as_object_and_its_verb_goes_with_them(engine: Engine) -> None:
    text = "Traders also said poor harvest prospects, after hail damage last month, may push prices higher."
    assert [c.text for c in claims_of(engine, text)] == [
        "poor harvest prospects, after hail damage last month, may push prices higher"
    ]


@pytest.mark.parametrize(
    "text",
    ["The board consists of Lund, Borel and Hale.", "The jury was made up of Ann Lee, Tom Hale and Kim Ode."],
)
def test_the_members_of_a_whole_are_not_split(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_third_coordinated_verb_shares_the_first_ones_subject(engine: Engine) -> None:
    text = (
        "Borel launched the fund early this month at 400 mln dlrs but soon cut it back to 200 mln dlrs"
        " and changed the terms because of the market's weak response."
    )
    assert "Borel changed the terms because of the market's weak response" in [
        c.text for c in claims_of(engine, text)
    ]


def test_a_name_in_a_list_keeps_its_of_phrase(engine: Engine) -> None:
    text = "Among the managers are Ardent, Bank of Lima Asia Ltd, Borel International (HK) Ltd and Trust Bank of Peru."
    assert "Among the managers are Bank of Lima Asia Ltd" in [c.text for c in claims_of(engine, text)]


def test_names_that_say_who_all_of_them_are_stay_one_list(engine: Engine) -> None:
    text = "The managers of the loan are Ardent, Bank of Lima Asia Ltd and Trust Bank of Peru."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_passive_participle_the_tagger_read_as_an_adjective_is_a_verb(engine: Engine) -> None:
    text = "It said the bond, which is partly insured, has been over-subscribed and the fees are cut."
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)][0] == (
        "the bond, which is partly insured, has been over-subscribed",
        "It",
    )


def test_an_apposition_of_the_last_name_goes_with_neither_split(engine: Engine) -> None:
    text = "Lund and House Speaker Tom Hale, a Utah Democrat, have made tax reform a priority this year."
    assert [c.text for c in claims_of(engine, text)] == [
        "Lund has made tax reform a priority this year",
        "House Speaker Tom Hale has made tax reform a priority this year",
    ]


def test_a_belief_noun_the_subject_does_not_hold_has_no_holder(engine: Engine) -> None:
    # The subject of "results" holds no belief; only the noun's own verb would.
    from spacy.tokens import Doc

    from annotations.engine.claims import extract

    parse = [("The", 1, "det", "DT"), ("drop", 2, "nsubj", "NN"), ("results", 2, "ROOT", "VBZ")]
    parse += [("from", 2, "prep", "IN"), ("the", 5, "det", "DT"), ("belief", 3, "pobj", "NN")]
    parse += [("that", 9, "mark", "IN"), ("prices", 9, "nsubj", "NNS"), ("will", 9, "aux", "MD")]
    parse += [("fall", 5, "acl", "VB"), (".", 2, "punct", ".")]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    claims = extract(doc).claims
    assert claims, "the sentence gives claims"
    assert [c.source for c in claims] == [None] * len(claims)


@pytest.mark.parametrize(
    "text",
    [
        "That's the kind of stuff I'd read and try to make a film out of.",
        "Those who voted for him were angry.",
        "The law helps anyone who loses a job.",
        "There were moments where it felt like we were going backwards.",
        "Only Lund and Hale voted no.",
    ],
)
def test_a_clause_that_completes_its_noun_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_he_said_he_names_the_same_person_as_the_speakers_referent(engine: Engine) -> None:
    text = "Tom Hale said the vote was close. Bill Ross was not at the meeting. He said he would vote no."
    claim = claims_of(engine, text)[-1]
    assert claim.source_ref is not None and claim.text == f"{claim.source_ref.text} would vote no"


def test_names_split_inside_the_subject_leave_its_verb_alone(engine: Engine) -> None:
    text = "Mining shares in Peru and Chile have risen far faster than the metal."
    assert "Mining shares in Chile have risen far faster than the metal" in [
        c.text for c in claims_of(engine, text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In the last debate, Lund and Hale teamed up to take on Ross.",
        "Moore is the only candidate who topped both Lund and Hale in polls.",
        "Lund was the first mayor who won twice.",
        "Moore, Lund, Hale earned speaking fees during campaign.",
        # One firm, founded by both.
        "Lund and Hale formed a small shipping firm in Oslo.",
    ],
)
def test_claims_said_of_names_together_stay_whole(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_she_after_a_role_and_name_is_the_named_speaker(engine: Engine) -> None:
    text = (
        "Tom Moore spoke first. The group's executive director, Ann Bradley, said the talk had been"
        " booked early but that she was told not to ask him about his campaign."
    )
    assert "Bradley was told not to ask him about his campaign" in [c.text for c in claims_of(engine, text)]


def test_she_is_never_a_person_titled_mr(engine: Engine) -> None:
    text = "Mr. Lane spoke first. Later, the senator said she would run."
    assert "Lane would run" not in [c.text for c in claims_of(engine, text)]


def test_names_acting_on_one_another_are_not_split(engine: Engine) -> None:
    text = "The results pitted Lund and Hale against one another in a tight race."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_it_turned_out_frames_its_clause(engine: Engine) -> None:
    text = "It turned out they despised him."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_it_names_a_hyphenated_firm_whole(engine: Engine) -> None:
    text = "Nano-Filters Inc said it started selling its second product."
    assert [c.text for c in claims_of(engine, text)] == [
        "Nano-Filters Inc started selling its second product"
    ]


def test_in_order_to_after_a_comma_joins_its_clause(engine: Engine) -> None:
    text = "The board adopted a new rule, in order to closely track market prices, which the union backed."
    assert "in order to closely track market prices" not in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The reaction when a fight starts can look almost instinctive.",
        "The day when the plant closed was sad.",
    ],
)
def test_a_when_clause_that_says_which_subject_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_noun_moved_into_its_relative_clause_is_lower_cased_after_a_colon(engine: Engine) -> None:
    text = "Her fame is no asset: The baggage she brings as an insider has weighed her down."
    assert "she brings the baggage as an insider" in [c.text for c in claims_of(engine, text)]


def test_he_is_the_name_that_is_subject_of_the_clause_above_him(engine: Engine) -> None:
    text = (
        '"We will win," said Ann Berg, a professor at the college. President Lund has been'
        " criticized for the phrase, though on Friday he chose harsher words, saying"
        " the group must be crushed."
    )
    last = claims_of(engine, text)[-1]
    assert last.source_ref is not None and last.source_ref.text == "President Lund"


def test_he_is_no_name_above_him_titled_for_a_woman(engine: Engine) -> None:
    text = '"We will win," said Tom Berg. Mrs. Lund was criticized, though he said the group must go.'
    last = claims_of(engine, text)[-1]
    assert last.source_ref is not None and last.source_ref.text == "Tom Berg"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The voters can pick Lund or Berg.", id="names"),
        pytest.param("Neither Lund nor Berg will run for the seat.", id="neither-nor"),
        pytest.param("Lund may resign or be fired.", id="verbs"),
        pytest.param("Either the board resigns or the bank will sue.", id="clauses"),
    ],
)
def test_alternatives_are_one_claim(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_the_last_conjunction_decides_whether_verbs_are_alternatives(engine: Engine) -> None:
    text = "Guests could wear a wig or don glasses, and the staff took their photos."
    assert len(claims_of(engine, text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "That's partly because the rules are murky.",
        "This is because prices rose.",
        "That was when the trouble began.",
    ],
)
def test_a_clause_that_is_all_a_copula_says_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_copula_with_its_own_complement_keeps_its_clauses_apart(engine: Engine) -> None:
    text = "The fair was off to a good start as crowds came."
    assert [c.text for c in claims_of(engine, text)] == ["The fair was off to a good start", "crowds came"]


@pytest.mark.parametrize(
    "text",
    [
        "These towns — spread across the state from Lima to Borel — have become centers of the campaign.",
        "These towns, spread across the state, have become centers of the campaign.",
    ],
)
def test_a_participle_set_off_after_its_noun_is_no_verb_of_its_own(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("There is a fear among residents that the dam will fail.", id="fear"),
        pytest.param("The hope that talks will resume has faded.", id="hope"),
        pytest.param("There is no indication yet that the firm broke the law.", id="no-indication"),
    ],
)
def test_what_is_only_feared_or_hoped_stays_with_its_noun(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_reporting_verbs_clause_hung_on_its_phrase_is_still_reported(engine: Engine) -> None:
    text = "Mr. Lund was blunt, claiming without any evidence that the mayor wanted to raise taxes."
    claim = only(claims_of(engine, text), "the mayor wanted", text)
    assert claim.source is not None and claim.source.text == "Mr. Lund"


def test_a_subject_the_parser_made_a_conjunct_keeps_its_verb(engine: Engine) -> None:
    text = (
        "The town is rattled by minor tremors each year, but last month's big quake in the north,"
        " which measured 6.1, was a reminder of the danger."
    )
    texts = [c.text for c in claims_of(engine, text)]
    assert "last month's big quake in the north was a reminder of the danger" in texts


def test_a_subject_the_parser_made_a_conjunct_leaves_the_first_clause(engine: Engine) -> None:
    text = (
        "The town is rattled by minor tremors each year, but last month's big quake in the north,"
        " which measured 6.1, was a reminder of the danger."
    )
    assert claims_of(engine, text)[0].text == "The town is rattled by minor tremors each year"


def test_a_possessor_taken_as_antecedent_is_named_without_the_possessive(engine: Engine) -> None:
    # The tagger reads the name with its "’s" as one entity; the claim names the person.
    text = "Critics attacked Barack Obama’s budget. He made his support clear in a letter."
    assert claims_of(engine, text)[-1].text == "Barack Obama made his support clear in a letter"


@pytest.mark.parametrize(
    "text",
    ["There are no survivors left in the village.", "There were two teams scheduled to compete."],
)
def test_a_participle_describing_what_there_is_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_relative_clause_whose_verb_is_left_out_stays_with_its_noun(engine: Engine) -> None:
    text = "Berg wants a united caucus to win every seat he can."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The deal signed today differs little from the one signed a year ago.",
            "The deal signed today differs little from the one signed a year ago",
        ),
        ("The plan is the one that failed in May.", "The plan is the one that failed in May"),
    ],
)
def test_the_one_keeps_the_clause_that_says_which(engine: Engine, text: str, claim: str) -> None:
    assert claim in [c.text for c in claims_of(engine, text)]


def test_a_second_relative_word_reads_as_the_same_noun(engine: Engine) -> None:
    text = (
        "The deal will extend the pact that has been in force since May and which was due to lapse in June."
    )
    assert "the pact was due to lapse in June" in [c.text for c in claims_of(engine, text)]


def test_a_relative_that_hung_on_the_wrong_verb_goes_back_as_the_object(engine: Engine) -> None:
    text = "It is the tool that voters use to find their polling place."
    assert "voters use the tool to find their polling place" in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Prices fell in May, which hurt exporters.",
        "The dispute won her a place on the panel in 2009, which led to the firing of Tom Berg.",
    ],
)
def test_a_which_after_a_date_is_no_claim_about_the_date(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "Acme's revenue for the year ended June 30 rose to 40 mln dlrs.",
        "In the quarter ending in March, the mill shipped 12,000 tonnes.",
    ],
)
def test_the_participle_that_dates_a_period_is_no_claim(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_names_given_figures_respectively_are_not_split(engine: Engine) -> None:
    text = "Exports from Kenya and Ghana rose by 8 and 11 pct, respectively."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_bare_verbs_after_an_infinitive_continue_it(engine: Engine) -> None:
    text = "Berg promised new laws to protect renters, raise wages and curb speculation."
    claims = claims_of(engine, text)
    assert [(c.text, c.end) for c in claims] == [(text.rstrip("."), len(text) - 1)]


def test_a_bare_verb_after_an_auxiliary_is_still_its_own_claim(engine: Engine) -> None:
    text = "Voters did turn out to back the mayor and reject the tax."
    assert "Voters did reject the tax" in [c.text for c in claims_of(engine, text)]


def test_a_second_purpose_stays_with_the_first(engine: Engine) -> None:
    text = "The mill will sell its port to cut debt and focus on its core business."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "The firm should hire enough staff to meet demand, but not so many that costs would soar.",
        "In the unlikely event they all resign, the board could lose its quorum.",
        "Wherever the mayor goes, the cameras follow.",
        "Voters may pick any candidate they like.",
    ],
)
def test_a_clause_that_says_how_much_when_or_which_stays_with_its_host(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_it_seems_frames_its_clause_after_a_concession(engine: Engine) -> None:
    text = "Although this is no science, it seems the city has too many bus lanes."
    assert "it seems the city has too many bus lanes" in [c.text for c in claims_of(engine, text)]


def test_he_is_not_the_woman_quoted_last(engine: Engine) -> None:
    text = 'Nadia Berg chaired the hearing. "It was long," Berg said. He later called her "biased."'
    claim = claims_of(engine, text)[-1]
    assert claim.source_ref is None


def test_she_is_the_woman_quoted_before_the_man(engine: Engine) -> None:
    text = (
        'Nadia Berg chaired the hearing. "It was long," Berg said. Tom Lund attacked her. '
        "She said she would not respond."
    )
    claim = claims_of(engine, text)[-1]
    assert (claim.text, claim.source_ref and claim.source_ref.text) == ("Berg would not respond", "Berg")


@pytest.mark.parametrize(
    ("name", "text", "gender"),
    [
        ("Mrs. Lane", "", "f"),
        ("Hillary Lane", "", "f"),
        ("Tom Lane", "", "m"),
        ("Lane", "Ann Lane spoke. Then Lane left.", "f"),
        ("Lane", "Ann Lane and Tom Lane spoke.", None),
        ("Kelly", "Kelly spoke.", None),
    ],
)
def test_a_name_says_he_or_she_when_its_given_name_or_title_does(
    name: str, text: str, gender: str | None
) -> None:
    assert _gender(name, text) == gender


@pytest.mark.parametrize(
    "text",
    [
        "It was a vote for the Front, a grouping of the Labour Party and the Green Party.",
        "The flood, which has hit Kent, Essex and Surrey the most, has eased.",
    ],
)
def test_names_said_of_together_or_compared_are_not_split(engine: Engine, text: str) -> None:
    claims = claims_of(engine, text)
    assert len({(c.start, c.end) for c in claims}) == len(claims)


def test_what_a_purpose_ensures_stays_with_it(engine: Engine) -> None:
    text = "The city has frozen the funds to ensure it has enough cash to pay its staff."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_it_pointing_out_is_the_firm(engine: Engine) -> None:
    text = "Acme Corp said it cut its forecast. It pointed out that demand in Europe was weak."
    claim = claims_of(engine, text)[-1]
    assert (claim.source and claim.source.text, claim.source_ref and claim.source_ref.text) == (
        "It",
        "Acme Corp",
    )


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Lazard and Acme Brothers co-managed the deal.", "Lazard and Acme Brothers co-managed the deal"),
        (
            "A spokesman said the review is slower than planned and the terms must now be re-evaluated.",
            "the terms must now be re-evaluated",
        ),
    ],
)
def test_a_verb_with_a_hyphenated_prefix_is_one_word(engine: Engine, text: str, claim: str) -> None:
    assert claim in [c.text for c in claims_of(engine, text)]


def test_the_same_day_keeps_the_clause_that_says_which(engine: Engine) -> None:
    text = "The order came on the same day that the court reopened."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_spoken_filler_reports_nothing(engine: Engine) -> None:
    text = "Because, you know, I think the plan can work."
    assert [c.source and c.source.text for c in claims_of(engine, text)] == ["I"]


@pytest.mark.parametrize(
    "text",
    [
        "Few donors will return unless the party picks a nominee that bank donors could support.",
        "Few donors will return, barring a nominee that bank donors could not support.",
    ],
)
def test_a_relative_clause_inside_a_condition_is_no_fact(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_relative_clause_set_off_inside_a_condition_is_still_a_fact(engine: Engine) -> None:
    text = "If the bank, which lost money in May, cuts rates, shares will rise."
    assert "the bank lost money in May" in [c.text for c in claims_of(engine, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The bankers expressed disappointment that the minister could not give assurances.",
        "The bankers expressed disappointment the minister could not give assurances.",
    ],
)
def test_what_is_felt_about_stays_with_the_feeling(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_what_nobody_assured_is_no_claim(engine: Engine) -> None:
    text = "Acme said it is raising funds, but there is no assurance that the mill can reopen."
    claims = claims_of(engine, text)
    assert [(c.text, c.source) for c in claims][-1] == (
        "there is no assurance that the mill can reopen",
        None,
    )


def test_underwriters_led_by_two_firms_are_led_by_both(engine: Engine) -> None:
    text = "Acme said an offering is underway through underwriters led by Lane Inc and Berg Corp."
    assert len(claims_of(engine, text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The partnership requested that it be given the same data.",
        "The letter demanded that Lund make a public apology.",
    ],
)
def test_what_is_requested_stays_with_the_request(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_that_clause_in_the_indicative_is_still_reported(engine: Engine) -> None:
    text = "The union insisted that the plant was safe."
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == [
        ("the plant was safe", "The union")
    ]


def test_a_stances_own_he_reads_as_its_referent(engine: Engine) -> None:
    text = '"It is a disgrace," said Tom Berg. Obama prompted outrage in 2010 when he blasted the ruling in a speech.'
    assert claims_of(engine, text)[-1].text == "Obama blasted the ruling in a speech"


def test_the_way_keeps_the_clause_that_says_which(engine: Engine) -> None:
    text = "We can only judge him by the way he has voted in the past."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_family_is_no_he(engine: Engine) -> None:
    text = "Ann Lee spoke. Then the Clintons spoke. He has criticized Clinton for taking fees."
    assert claims_of(engine, text)[-1].text == "He has criticized Clinton for taking fees"


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("LIMA (Reuters) - Peruvian presidential candidate Ann Lee", "Ann Lee"),
        ("Col. Tom Berg", "Col. Tom Berg"),
        ("Tom Berg, a lawyer", "Tom Berg"),
    ],
)
def test_a_mention_is_shortened_to_the_name_it_ends_with(mention: str, name: str) -> None:
    assert _short_name(mention) == name


def test_a_second_purpose_with_its_own_to_stays_with_the_first(engine: Engine) -> None:
    text = "The budget sets aside money to widen roads, to fund research and to improve schools."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_dateline_typed_in_lower_case_is_cut_from_the_claim(engine: Engine) -> None:
    text = "Lima, june 4 - up to 30 people were hurt in the blast, officials said."
    assert [c.text for c in claims_of(engine, text)] == ["up to 30 people were hurt in the blast"]


def test_names_in_a_list_that_ends_in_a_group_are_not_split(engine: Engine) -> None:
    text = "The rule would cut quotas for Chile, Peru, Bolivia and other nations that export copper."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_names_after_a_number_are_not_split(engine: Engine) -> None:
    text = "The fund sold most of its stores, including the top three in Utah, Idaho and Ohio."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "She has no idea how many votes her rival needs.",
        "Many voters have no idea who their county judge is.",
    ],
)
def test_a_question_after_a_noun_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_quotation_after_the_speakers_sentence_with_adjuncts_is_theirs(engine: Engine) -> None:
    text = '"Rents are the issue now," Lund said as he waved to the crowd. "It matters to my family."'
    last = claims_of(engine, text)[-1]
    assert (last.text, last.quote_source and last.quote_source.text) == ("It matters to my family", "Lund")


def test_a_quotation_after_another_sentence_of_the_writer_has_no_speaker(engine: Engine) -> None:
    text = '"Rents are the issue now," Lund said. The crowd cheered. "It matters to my family."'
    assert claims_of(engine, text)[-1].quote_source is None


def test_a_condition_joined_with_but_stays_with_its_clause(engine: Engine) -> None:
    text = "The credit may be used until May but only if the port runs short of cash."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_who_foresaw_a_reported_clause_is_no_claim_of_its_own(engine: Engine) -> None:
    text = "Acme said the new plant has lifted its output, as it had predicted."
    assert [c.text for c in claims_of(engine, text)] == ["the new plant has lifted its output"]


def test_as_long_as_is_a_condition_that_reports_nothing(engine: Engine) -> None:
    text = "Berg said he will keep buying stock as long as he considers it cheap."
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == [
        ("Berg will keep buying stock as long as he considers it cheap", "Berg")
    ]


def test_what_a_relative_clause_without_a_relative_word_reports_reads_with_its_noun(
    engine: Engine,
) -> None:
    text = "Lund unveiled a plan he said will halve the cost of rail fares."
    assert claims_of(engine, text)[-1].text == "a plan will halve the cost of rail fares"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The Treasury said it sold bills. It accepted 4.1 billion dlrs of bids.",
            "The Treasury accepted 4.1 billion dlrs of bids",
        ),
        ("The agency said output fell. It did not elaborate.", "The agency did not elaborate"),
        ("The paper said talks had ended. It also gave no details.", "The paper also gave no details"),
    ],
)
def test_it_acting_right_after_a_body_spoke_is_that_body(engine: Engine, text: str, claim: str) -> None:
    assert claims_of(engine, text)[-1].text == claim


@pytest.mark.parametrize(
    "text",
    [
        "The firm said the offer is for all shares. It expires April 3.",
        "The firm said the sweetener is safe. It does not promote decay.",
        "A spokesman said output fell. It gave no details.",
        "The agency said output fell. Prices rose. Trade was slow. It did not elaborate.",
    ],
)
def test_it_is_left_when_a_thing_or_a_person_could_be_meant(engine: Engine, text: str) -> None:
    assert claims_of(engine, text)[-1].text.startswith("It ")


@pytest.mark.parametrize(
    "text",
    [
        "The ratings on its notes and its preferred stock valued at 90 mln and 75 mln dlrs, respectively, were cut by one grade.",
        "Shares of Acme and Beta, which rose 2 and 3 pct respectively, led the market.",
    ],
)
def test_a_clause_said_of_each_respectively_stays_with_its_nouns(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Lane and Berg Corp said it lowered its rating on the notes.",
            "Lane and Berg Corp lowered its rating on the notes",
        ),
        (
            "Borel Savings and Loan Association said it agreed to buy a rival.",
            "Borel Savings and Loan Association agreed to buy a rival",
        ),
        ("General Dynamics said it won a navy contract.", "General Dynamics won a navy contract"),
        ("Goldman, Sachs and Co said it sold its stake.", "Goldman, Sachs and Co sold its stake"),
        (
            "Acme Motors of Ohio Inc, a unit of the British Borel Motor Group, said it would start selling vans.",
            "Acme Motors of Ohio Inc would start selling vans",
        ),
        # A newswire's ticker after the name is not part of it.
        ("Lane and Berg Co <LBC> said it sold its stake.", "Lane and Berg Co sold its stake"),
    ],
)
def test_a_firm_that_said_it_reads_with_its_name(engine: Engine, text: str, claim: str) -> None:
    assert claims_of(engine, text)[-1].text == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # The speaker after the claim is not its "it".
        ("It has to be done within the rules, Lund said.", "It has to be done within the rules"),
        (
            "It would take about a year to rebuild the bridge, the official told reporters.",
            "It would take about a year",
        ),
        # An expletive "it" stands for no one.
        ("The mill said it is expected that the sale will close by May.", "it is expected"),
    ],
)
def test_it_that_is_not_the_source_is_left(engine: Engine, text: str, claim: str) -> None:
    assert [c for c in claims_of(engine, text) if c.text.startswith(claim)], [
        c.text for c in claims_of(engine, text)
    ]


def test_they_in_a_nested_report_reads_as_its_source(engine: Engine) -> None:
    text = "Dealers said they expect the credit line, which runs until March, will be drawn down."
    assert "Dealers expect the credit line, which runs until March, will be drawn down" in [
        c.text for c in claims_of(engine, text)
    ]


@pytest.mark.parametrize("text", ["Lane and Berg said it would appeal.", "Analysts said it was a surprise."])
def test_it_after_two_names_or_a_plural_is_left(engine: Engine, text: str) -> None:
    assert claims_of(engine, text)[-1].text.startswith("it ")


def test_what_which_means_is_the_writers_own_claim(engine: Engine) -> None:
    text = "Voting starts early, which means that by June a campaign must have its staff in place."
    assert [(c.text, c.source) for c in claims_of(engine, text)] == [
        ("Voting starts early", None),
        ("by June a campaign must have its staff in place", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "That is why Texas is so important to Berg.",
        "What has been striking is that the gaps have been less about income than they have been about age.",
        "Exports grew faster than most economists had forecast.",
    ],
)
def test_a_clause_that_completes_its_frame_or_measure_stays_with_it(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_circumstance_with_its_own_subject_is_no_claim(engine: Engine) -> None:
    text = '"With her ratings falling and her rivals gaining, the party might look elsewhere," Lund said.'
    assert [c.text for c in claims_of(engine, text)] == [
        "With her ratings falling and her rivals gaining, the party might look elsewhere"
    ]


def test_a_quoted_question_claims_nothing_and_its_speaker_carries_on(engine: Engine) -> None:
    text = '"Has anyone been there?" Lund asked the crowd. "It is not far."'
    claims = claims_of(engine, text)
    assert [(c.text, c.quote_source and c.quote_source.text) for c in claims] == [("It is not far", "Lund")]


def test_he_in_a_relative_clause_is_the_subject_above_it(engine: Engine) -> None:
    text = "Ann Berg met Tom Hale. Tom Lund, who is a devout fan of Mozart, posted a video from a talk at which he was speaking in Ohio."
    assert claims_of(engine, text)[-1].text == "Tom Lund was speaking in Ohio at a talk"


def test_he_in_a_relative_clause_after_another_name_is_not_the_subject(engine: Engine) -> None:
    text = "Acme Inc got an offer from Tom Lund, a holder of 4 pct, for the rest of the stock he lacks."
    assert claims_of(engine, text)[-1].text == "Tom Lund lacks the stock"


def test_he_after_an_opening_phrase_is_resolved(engine: Engine) -> None:
    text = "Tom Lund posted a clip on Monday. In the clip, he asks the mayor for help."
    assert claims_of(engine, text)[-1].text == "In the clip, Tom Lund asks the mayor for help"


def test_he_after_an_opening_clause_with_a_name_is_left(engine: Engine) -> None:
    text = "Ann Berg spoke. Tom Lund is not only right on taxes, he is also kind."
    assert claims_of(engine, text)[-1].text == "Tom Lund is not only right on taxes, he is also kind"


def test_he_goes_on_about_the_subject_of_the_sentence_before(engine: Engine) -> None:
    text = "Tom Lund, in Ohio, said Tuesday that Ann Berg was weak while Sam Hale is a liar. However, he spared Ben Carr."
    assert claims_of(engine, text)[-1].text == "However, Tom Lund spared Ben Carr"


def test_the_fact_keeps_its_clause(engine: Engine) -> None:
    text = "Price swings are also damped by the fact that most copper comes as a by-product of zinc."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "Around a third of tin output comes from Bolivia and Peru.",
        "Sales to Chile and Peru rose 6 pct.",
        "The firm will offer 900 acres of land in Utah, Idaho and Iowa.",
    ],
)
def test_names_that_share_an_amount_are_not_split(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_names_with_a_year_are_still_split(engine: Engine) -> None:
    text = "Acme opened plants in Utah and Iowa in 1990."
    assert len(claims_of(engine, text)) == 2


def test_names_with_a_common_noun_among_them_are_not_split(engine: Engine) -> None:
    # A parse the model gives some: "sailors" a common noun between two names, "airmen"
    # tagged as a proper noun.
    from spacy.tokens import Doc

    from annotations.engine.claim_text import coordinated_names

    parse = [("Many", 1, "amod", "JJ"), ("Marines", 6, "nsubj", "NNPS"), ("and", 1, "cc", "CC")]
    parse += [("sailors", 1, "conj", "NNS"), ("and", 1, "cc", "CC"), ("airmen", 1, "conj", "NNP")]
    parse += [("served", 6, "ROOT", "VBD"), (".", 6, "punct", ".")]
    words, heads, deps, tags = (list(x) for x in zip(*parse, strict=True))
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    assert coordinated_names(doc, range(len(words))) == []


@pytest.mark.parametrize(
    "text",
    [
        # An ordinal or a superlative: which one, only with the clause.
        "Oslo will host the third straight summit that Lund will skip.",
        "Acme is the largest firm that still makes nails in Ohio.",
        # "all": what, only with the clause.
        "All we ask is that the vote be fair.",
        # "a person" after "is": who, only with the clause.
        "Berg is a person who never gives up on a deal.",
    ],
)
def test_a_relative_clause_that_says_which_one_stays_with_its_noun(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    "text",
    [
        "He is seen as somebody who truly listens to voters.",
        "Everything we are doing is meant to save cash.",
    ],
)
def test_an_indefinite_pronoun_keeps_the_clause_that_says_which(engine: Engine, text: str) -> None:
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]
