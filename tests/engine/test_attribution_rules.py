"""One made-up example per attribution and claim-shaping rule added for issue 15 (not from
the eval data): stance cues, reported content kept whole, dependent clauses merged,
nested reports, headlines, quotations over sentences, doubled quote marks, credited
captions, it/they resolved to the source."""

from __future__ import annotations

import pytest

from annotations.engine import ClaimResult, Engine
from annotations.engine.discourse import quotations

from .test_claims import claims_of, only


def grounded(c: ClaimResult, text: str) -> str:
    return text[c.start : c.end]


# --- stance_cues: intentions, evaluations and calls are their subject's position -------


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        (
            "The governor wants to raise the minimum wage.",
            "to raise the minimum wage",
            "The governor",
            "wants",
        ),
        (
            "The senator criticized the plan for its cost.",
            "the plan for its cost",
            "The senator",
            "criticized",
        ),
        ("The mayor called for a curfew after the riots.", "a curfew", "The mayor", "called for"),
        ("The union urged members to reject the offer.", "members to reject the offer", "The union", "urged"),
        ("The minister spoke about the budget on Monday.", "the budget", "The minister", "spoke about"),
        # A participle takes the noun it describes as its source.
        ("Voters seeking change backed the newcomer.", "the newcomer", "Voters", "backed"),
        # A noun for a person by its ending holds a stance: "-man", "-ist", "-ian".
        (
            "The local businessman has praised the new mayor.",
            "the new mayor",
            "The local businessman",
            "praised",
        ),
        (
            "A prominent novelist opposes the tariff plan.",
            "the tariff plan",
            "A prominent novelist",
            "opposes",
        ),
        (
            "The veteran politician endorsed the bond measure.",
            "the bond measure",
            "The veteran politician",
            "endorsed",
        ),
        # A surname the tagger reads as a common noun at the start of the sentence.
        ("Lund opposes the plan to cut bus routes.", "the plan to cut bus routes", "Lund", "opposes"),
        # A for-to clause the parser hung on the verb; "spoke out for".
        (
            "The mayor called for all parties to lay out their budgets.",
            "all parties to lay out their budgets",
            "The mayor",
            "called for",
        ),
        (
            "The bishop spoke out for stricter limits on gambling.",
            "stricter limits on gambling",
            "The bishop",
            "spoke out for",
        ),
        # A quantifier standing for people holds a stance.
        (
            "Several opposed the plan to close the clinic.",
            "the plan to close the clinic",
            "Several",
            "opposed",
        ),
        # Rebukes, pressure and deliberation are positions too.
        (
            "The senator chastised the agency for its slow response.",
            "the agency for its slow response",
            "The senator",
            "chastised",
        ),
        ("The governor is mulling a run for the Senate.", "a run for the Senate", "The governor", "mulling"),
        # What someone is pressed to do, which the parser hangs on the verb as a purpose.
        (
            "The mayor pressed the council to approve the budget.",
            "the council to approve the budget",
            "The mayor",
            "pressed",
        ),
        # "credited X with Y": the with-phrase completes the object.
        (
            "The mayor credited the volunteers with saving the park.",
            "the volunteers with saving the park",
            "The mayor",
            "credited",
        ),
        # A view or a forecast ("sees"; the past "saw" is mostly what someone witnessed).
        ("Lund sees the tax as a burden on farmers.", "the tax as a burden on farmers", "Lund", "sees"),
        # A document can allege, as it can show or find.
        (
            "The lawsuit alleges a long list of safety violations.",
            "a long list of safety violations",
            "The lawsuit",
            "alleges",
        ),
    ],
)
def test_stance_verb_attributes_its_complement_to_its_subject(
    engine: Engine, text: str, content: str, source: str, cue: str
) -> None:
    c = only(claims_of(engine, text), content, text)
    assert grounded(c, text) == content  # the content, not "X wants"
    assert c.source is not None
    assert c.source.text == source
    assert c.cue is not None
    assert c.cue.text == cue
    # The text stays the whole proposition: the stance is what is claimed.
    assert c.text.startswith(source)


def test_a_quantifier_for_people_holds_what_it_worried_about(engine: Engine) -> None:
    text = "Many worried that the old port can never be rebuilt."
    c = only(claims_of(engine, text), "the old port can never be rebuilt", text)
    assert c.source is not None
    assert c.source.text == "Many"


@pytest.mark.parametrize(
    "text",
    [
        "The firm bought new trucks to expand deliveries.",  # an infinitive of purpose
        "The company saw profits fall in the third quarter.",  # what happened to it
        # The council is made to weigh it: not the mayor's stance.
        "The mayor should use her majority to force the council to weigh the new budget.",
    ],
)
def test_an_act_or_an_experience_is_no_stance(engine: Engine, text: str) -> None:
    assert [c.source for c in claims_of(engine, text)] == [None]


def test_a_stance_reaches_a_clause_headed_by_its_preposition(engine: Engine) -> None:
    text = "The senator talked about how hard the winter was for farmers."
    c = only(claims_of(engine, text), "how hard", text)
    assert grounded(c, text) == "how hard the winter was for farmers"
    assert c.source is not None
    assert c.source.text == "The senator"
    assert c.cue is not None
    assert c.cue.text == "talked about"


def test_a_past_occasion_after_a_stance_is_the_writers_own_claim(engine: Engine) -> None:
    text = "The mayor sought to calm the crowd as she walked to the stage."
    aim = only(claims_of(engine, text), "calm the crowd", text)
    assert grounded(aim, text) == "to calm the crowd"
    walked = only(claims_of(engine, text), "walked", text)
    assert walked.source is None


def test_an_occasion_still_to_come_stays_part_of_the_aim(engine: Engine) -> None:
    text = "The mayor wants to cut fares after she takes office."
    aim = only(claims_of(engine, text), "cut fares", text)
    assert grounded(aim, text) == "to cut fares after she takes office"


def test_what_someone_calls_a_thing_is_a_name_not_a_stance(engine: Engine) -> None:
    text = "The mayor dislikes what she calls reckless spending by the council."
    # One claim, the whole proposition: not "The mayor dislikes" and "what she calls ...".
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_the_cue_side_of_a_stance_is_no_claim(engine: Engine) -> None:
    # "The mayor criticized" is not a claim when the parse gives the content its own clause.
    text = "The mayor criticized what she called the reckless spending of the council."
    assert all(text[c.start : c.end] != "The mayor criticized" for c in claims_of(engine, text))


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke to reporters on Monday.",  # "speak" is a cue only with about/of
        "The program encourages galleries to show local art.",  # a program holds no stance
        "Surface ozone declined by a quarter over the decade.",  # no object, no stance
        # Capitalised bare nouns that are no names: an idea, a part, no one in particular.
        "Leadership prefers quiet solutions to loud ones.",
        "Part of the town opposes the new bridge.",
        "Nobody supports the new parking fee.",
        "The driver waited for the bus to leave the depot.",  # "wait for" is no stance
    ],
)
def test_no_stance_without_a_holder_or_a_content(engine: Engine, text: str) -> None:
    assert all(c.source is None for c in claims_of(engine, text))


def test_an_outer_speaker_wins_over_a_stance_inside_what_was_said(engine: Engine) -> None:
    text = "The minister said the union wants higher pay."
    c = only(claims_of(engine, text), "the union wants", text)
    assert c.source is not None
    assert c.source.text == "The minister"
    assert grounded(c, text) == "the union wants higher pay"


# --- merge_dependent_clauses ------------------------------------------------------------


def test_reported_content_is_one_claim(engine: Engine) -> None:
    # The speaker said one thing; a relative clause inside it is not a claim of its own.
    text = "The coach said the players who trained hardest would start."
    claims = claims_of(engine, text)
    c = only(claims, "the players who", text)
    assert grounded(c, text) == "the players who trained hardest would start"
    assert c.source is not None
    assert c.source.text == "The coach"


@pytest.mark.parametrize(
    "text",
    [
        "The firm sold the plant to pay off its debts.",  # purpose
        "The deal will close if regulators approve it.",  # condition
        "Residents fled the town after hearing the sirens.",  # subjectless adjunct
    ],
)
def test_dependent_clauses_stay_with_their_host(engine: Engine, text: str) -> None:
    claims = claims_of(engine, text)
    assert len(claims) == 1
    assert grounded(claims[0], text) == text.rstrip(".")


def test_a_passive_participle_gets_its_noun_and_a_verb(engine: Engine) -> None:
    text = "Most analysts interviewed by the agency expected a cut."
    c = only(claims_of(engine, text), "interviewed by", text)
    assert c.text == "Most analysts were interviewed by the agency"


# --- nested reports -------------------------------------------------------------------


def test_a_nested_report_is_the_outer_sources_claim_as_a_whole(engine: Engine) -> None:
    text = "According to the paper, the minister believes the deal will fail."
    claims = claims_of(engine, text)
    outer = [c for c in claims if c.source is not None and c.source.text == "the paper"]
    assert len(outer) == 1
    assert grounded(outer[0], text) == "the minister believes the deal will fail"
    inner = only([c for c in claims if c is not outer[0]], "the deal will fail", text)
    assert inner.source is not None
    assert inner.source.text == "the minister"


def test_a_clause_describing_the_according_to_source_is_not_its_content(engine: Engine) -> None:
    text = "According to a report released on Monday, exports fell."
    claims = claims_of(engine, text)
    assert only(claims, "exports fell", text).source is not None
    assert only(claims, "released on Monday", text).source is None


# --- headline_claim and reporting headings -------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "source", "cue"),
    [
        ("Mayor Says City Will Cut Taxes Next Year.", "City Will Cut Taxes Next Year", "Mayor", "Says"),
        ("City Will Cut Taxes, Harbor Mayor Says.", "City Will Cut Taxes", "Harbor Mayor", "Says"),
        ("Okafor: 'We will not resign.'", "We will not resign", "Okafor", ":"),
        ('Said Okafor: "We will not resign."', "We will not resign", "Okafor", "Said"),
        # A quotation in title case after the name is no mail salutation ("Jo: Please ...").
        (
            "Okafor: I Am Sure Voters Will Reject the Plan",
            "I Am Sure Voters Will Reject the Plan",
            "Okafor",
            ":",
        ),
        ("Okafor To Voters Worried About the Vote: It Will Be Fine", "It Will Be Fine", "Okafor", ":"),
        (
            "Poll: Okafor and Lund hold narrow leads in Lima",
            "Okafor and Lund hold narrow leads in Lima",
            "Poll",
            ":",
        ),
        # A closing cue the tagger read as a plural noun ("rules/NNS").
        (
            "Old ballots can be destroyed, state court rules.",
            "Old ballots can be destroyed",
            "state court",
            "rules",
        ),
        ("The dam is safe, state engineer claims.", "The dam is safe", "state engineer", "claims"),
    ],
)
def test_headline_attribution(engine: Engine, text: str, content: str, source: str, cue: str) -> None:
    claims = claims_of(engine, text)
    assert len(claims) == 1
    c = claims[0]
    assert c.text == content
    assert c.source is not None
    assert c.source.text == source
    assert c.cue is not None
    assert c.cue.text == cue


@pytest.mark.parametrize(
    "text",
    [
        "Update: The vote was delayed.",
        "The Latest: The vote was delayed until Friday.",  # a live-blog label
        "A: We never discussed the merger with the board.",  # an interview's answer
        "Contributing: Jane Roe in Boston and Omar Haddad in Cairo",  # a byline
    ],
)
def test_a_label_before_a_colon_is_not_a_speaker(engine: Engine, text: str) -> None:
    claims = claims_of(engine, text)
    assert all(c.source is None for c in claims)


def test_a_heading_that_reports_is_parsed(engine: Engine) -> None:
    # A line without final punctuation is a heading; it is read only when it reports.
    text = "Court rules the ban is legal\n\nThe ruling came on Friday."
    c = only(claims_of(engine, text), "the ban is legal", text)
    assert c.source is not None
    assert c.source.text == "Court"
    # A heading that does not report stays unparsed.
    assert all(c.start > 0 for c in claims_of(engine, "Storm Season Begins\n\nThe ruling came on Friday."))


# --- quotations -----------------------------------------------------------------------


def test_every_sentence_of_a_quotation_learns_its_speaker(engine: Engine) -> None:
    text = '"We won. The fans deserved it," the coach said.'
    claims = claims_of(engine, text)
    first = only(claims, "We won", text)
    assert first.source is None
    assert first.is_quote  # the text attributes the last one
    assert first.quote_source is not None
    assert first.quote_source.text == "the coach"
    assert only(claims, "The fans", text).source is not None


def test_a_quotation_whose_last_words_have_no_verb_learns_its_speaker_from_the_tail(
    engine: Engine,
) -> None:
    # "Another small miracle" is no claim, so no claim of the quotation names its speaker.
    text = (
        'The ferry left on time. "Ferry left the dock a few minutes ago. Another small miracle," she wrote.'
    )
    first = only(claims_of(engine, text), "Ferry left the dock", text)
    assert first.quote_source is not None
    assert first.quote_source.text == "she"


def test_a_quotation_opened_inside_a_sentence_is_its_speakers(engine: Engine) -> None:
    text = 'Instead, Berg "is trying to take a shortcut to power. Sadly, the campaign has hit a big pothole," Lund wrote.'
    first = only(claims_of(engine, text), "Berg", text)
    assert first.quote_source is not None
    assert first.quote_source.text == "Lund"


def test_a_quoted_phrase_in_narration_has_no_speaker(engine: Engine) -> None:
    text = 'Lund called the plan "a disaster for the town" on Monday. "We will fight it," Berg said.'
    first = only(claims_of(engine, text), "the plan", text)
    assert first.quote_source is None


def test_a_he_or_she_before_anyone_was_quoted_refers_to_the_person_named(engine: Engine) -> None:
    text = 'Coach Ann Lund spoke after the match. "We won. The fans deserved it," she said.'
    claims = claims_of(engine, text)
    said = only(claims, "The fans", text)
    assert said.source is not None
    assert said.source.text == "she"
    assert said.source_ref is not None
    assert said.source_ref.text == "Ann Lund"


def test_the_quotations_other_sentences_share_the_pronouns_referent(engine: Engine) -> None:
    text = 'Coach Ann Lund spoke after the match. "We won. The fans deserved it," she said.'
    first = only(claims_of(engine, text), "We won", text)
    assert first.source_ref is not None
    assert first.source_ref.text == "Ann Lund"


def test_a_quotation_resumed_after_the_cue_keeps_the_speaker(engine: Engine) -> None:
    text = '"We won," the coach said. "The fans deserved it."'
    later = only(claims_of(engine, text), "The fans", text)
    assert later.quote_source is not None
    assert later.quote_source.text == "the coach"


def test_a_report_inside_a_quotation_is_the_speakers(engine: Engine) -> None:
    # PolNeAR-style univocal attribution: "the staff knows" inside the marks is part of
    # what the coach says (the nested report is the coach's claim, its content has the
    # coach as quote_source); the coach's own "I think" stays the coach's.
    text = '"The staff knows the new players will need time," the coach said.'
    inner = [c for c in claims_of(engine, text) if text[c.start : c.end] == "the new players will need time"]
    assert len(inner) == 1
    assert inner[0].source is None
    assert inner[0].is_quote
    assert inner[0].quote_source is not None
    assert inner[0].quote_source.text == "the coach"
    text = '"I think the new players will need time," the coach said.'
    inner = [c for c in claims_of(engine, text) if text[c.start : c.end] == "the new players will need time"]
    assert len(inner) == 1
    assert inner[0].source is not None
    assert inner[0].source.text == "I"


def test_a_quotation_tail_with_a_title_or_a_manner_verb_attributes_it(engine: Engine) -> None:
    for text, source, cue in [
        ("''We will win the vote next year,'' Mr. Lopez said.", "Mr. Lopez", "said"),
        ('"We will win the vote next year," the mayor shouted.', "the mayor", "shouted"),
    ]:
        c = only(claims_of(engine, text), "We will", text)
        assert c.source is not None, text
        assert c.source.text == source, text
        assert c.cue is not None
        assert c.cue.text == cue


def test_a_speaker_cut_off_by_the_splitter_attributes_the_quotation(engine: Engine) -> None:
    # The splitter ends the sentence at "!”": "The mayor shouted." credits it.
    text = "“We will win the vote next year!” The mayor shouted."
    claims = claims_of(engine, text)
    c = only(claims, "We will", text)
    assert c.source is not None
    assert c.source.text == "The mayor"
    assert c.cue is not None
    assert c.cue.text == "shouted"
    assert all(x.start < text.index("The mayor") for x in claims)  # no claim "The mayor shouted"
    # Without a quotation before it, it is a sentence like any other.
    assert claims_of(engine, "The vote failed. The crowd yelled.")[-1].text == "The crowd yelled"


# --- the writer's asides at the end of reported content --------------------------------


@pytest.mark.parametrize(
    ("text", "content", "aside"),
    [
        (
            "She said she would testify to the committee, which meets on Monday.",
            "she would testify to the committee",
            "which meets on Monday",
        ),
        (
            "She said the plan would cost $5 billion, a figure the agency disputes.",
            "the plan would cost $5 billion",
            "a figure the agency disputes",
        ),
    ],
)
def test_a_trailing_relative_or_appositive_is_the_writers(
    engine: Engine, text: str, content: str, aside: str
) -> None:
    claims = claims_of(engine, text)
    c = only(claims, content, text)
    assert grounded(c, text) == content
    assert c.source is not None
    assert all(x.source is None for x in claims if x.start >= text.index(aside))


def test_a_relative_clause_inside_reported_content_stays_in_it(engine: Engine) -> None:
    text = "The mayor said the bridge, which opened in 1950, is unsafe."
    c = only(claims_of(engine, text), "which opened", text)
    assert grounded(c, text) == "the bridge, which opened in 1950, is unsafe"


def test_quotation_spans() -> None:
    text = "He said “one. two” and then ''three.''\n\"four\n\nfive \"six\n\n\"seven\" eight"
    spans = [text[a:b] for a, b in quotations(text)]
    # A quotation left open ends with its paragraph, unless the next one reopens it.
    assert spans == ["“one. two”", "''three.''", '"four', '"six\n\n"seven"']


def test_doubled_apostrophes_are_quote_marks(engine: Engine) -> None:
    text = "''We won,'' the coach said. ''The fans deserved it.'' Tickets sold out."
    result = engine.analyse(text)
    claims = list(result.claims)
    c = only(claims, "We won", text)
    assert c.is_quote
    assert c.source is not None
    assert c.source.text == "the coach"
    assert only(claims, "The fans", text).quote_source is not None
    assert not only(claims, "Tickets sold", text).is_quote
    # Sentences still cover the text: no half quote mark is left between them.
    covered = "".join(text[s.start : s.end] for s in result.sentences)
    assert covered.replace(" ", "") == text.replace(" ", "")


# --- captions, pronouns -----------------------------------------------------------------


def test_a_credited_caption_without_a_verb_is_the_credits_claim(engine: Engine) -> None:
    text = "The fair opened.\n\nTwo riders at the north gate Image: Jane Roe."
    c = only(claims_of(engine, text), "Two riders", text)
    assert c.source is not None
    assert c.source.text == "Jane Roe"
    assert c.cue is not None
    assert c.cue.text == "Image"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company said it would reply within a week.", "The company would reply within a week"),
        ("Analysts said they expect a cut.", "Analysts expect a cut"),
        # Number must agree, and a copula is rarely said of the speaker.
        ("The banks said it was a mistake.", "it was a mistake"),
        # A person is never "it".
        (
            "Mr. Holt said it will take months for the shares to rebound.",
            "it will take months for the shares to rebound",
        ),
        # Inside a direct quotation, "it" and "they" are whatever the speaker speaks of.
        ('"It will take a year to recover," the company said.', "It will take a year to recover"),
        ('"They expect a cut," the analysts said.', "They expect a cut"),
    ],
)
def test_it_and_they_that_open_a_claim_are_its_source(engine: Engine, text: str, expected: str) -> None:
    claims = claims_of(engine, text)
    assert [c.text for c in claims] == [expected]


def test_it_said_keeps_its_source_and_it_is_said_has_none(engine: Engine) -> None:
    text = "It said profits rose. It is said that the bank failed."
    claims = claims_of(engine, text)
    said = only(claims, "profits rose", text)
    assert said.source is not None
    assert said.source.text == "It"
    assert only(claims, "the bank failed", text).source is None


def test_names_in_a_stance_source_are_not_split(engine: Engine) -> None:
    text = "Smith of the Beacon and Ledger criticized the ruling."
    claims = claims_of(engine, text)
    assert len(claims) == 1
    assert claims[0].source is not None
    assert claims[0].source.text == "Smith of the Beacon and Ledger"


def test_a_participle_describing_the_source_is_part_of_the_source(engine: Engine) -> None:
    text = "A memo released on Friday by the port authority said the pier was unsafe."
    (claim,) = [c for c in claims_of(engine, text) if c.source is not None]
    assert getattr(claim.source, "text", None) == "A memo released on Friday by the port authority"


def test_a_citing_participle_stays_out_of_the_source(engine: Engine) -> None:
    text = "Local radio, citing fire officials, reported that the pier had collapsed."
    (claim,) = [c for c in claims_of(engine, text) if c.source is not None]
    assert getattr(claim.source, "text", None) == "Local radio"


def test_an_unlisted_verb_with_a_that_clause_reports_its_holder(engine: Engine) -> None:
    text = "Defense lawyers countered that the search was illegal."
    c = only(claims_of(engine, text), "the search was illegal", text)
    assert getattr(c.source, "text", None) == "Defense lawyers"


def test_the_unlisted_verb_is_the_cue(engine: Engine) -> None:
    text = "Defense lawyers countered that the search was illegal."
    c = only(claims_of(engine, text), "the search was illegal", text)
    assert getattr(c.cue, "text", None) == "countered"


def test_a_that_clause_of_a_verb_of_bringing_about_is_not_reported(engine: Engine) -> None:
    text = "The mayor ensured that the shelters stayed open."
    assert all(c.source is None for c in claims_of(engine, text))


@pytest.mark.parametrize(
    "text",
    [
        'He vowed, "We will win this fast," referring to the Northern Front State.',
        'She said the plan "did not work," and the town has become a failed state.',
    ],
)
def test_a_noun_after_a_quotation_is_not_its_cue(engine: Engine, text: str) -> None:
    cues = {c.cue.text.lower() for c in claims_of(engine, text) if c.cue is not None}
    assert "state" not in cues


def test_a_dateline_parsed_as_a_subject_is_not_the_source(engine: Engine) -> None:
    text = "OSLO (Reuters) - Northwind Shipping Chairman Erik Dahl said on Friday he met the buyers."
    sources = {c.source.text for c in claims_of(engine, text) if c.source is not None}
    assert sources == {"Northwind Shipping Chairman Erik Dahl"}


def test_a_subject_the_parser_hung_in_a_fronted_phrase_is_the_source(engine: Engine) -> None:
    # The parser reads "the Commission, the fund" as an apposition and leaves "said" with no subject.
    text = (
        "In a filing with the Borel Securities Commission, the fund, managed by Acme Capital,"
        " said it bought 3,000 shares."
    )
    bought = only(claims_of(engine, text), "bought", text)
    assert bought.source is not None and bought.source.text == "the fund, managed by Acme Capital"


def test_a_source_keeps_the_closing_bracket_it_opens(engine: Engine) -> None:
    text = "Senator Maria Ortiz (D-Ore.) said the bill would pass."
    sources = {c.source.text for c in claims_of(engine, text) if c.source is not None}
    assert sources == {"Senator Maria Ortiz (D-Ore.)"}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # A name the parser cut into several subjects is one source.
        pytest.param(
            "Saraya Karam al-Jabal (SKJ) said the city fell.", "Saraya Karam al-Jabal (SKJ)", id="hyphen"
        ),
        pytest.param("<Baker Lane Inc> said profits rose.", "<Baker Lane Inc>", id="brackets"),
        pytest.param(
            "MACAU (Reuters) - Acme Chairman Tom Lund said profits rose.",
            "Acme Chairman Tom Lund",
            id="not-a-dateline",
        ),
        pytest.param(
            "Acme Computer AG <ACME.F> said it won an order.", "Acme Computer AG <ACME.F>", id="ticker"
        ),
        # A wire dateline before a bracketed or digit-initial name is no part of it.
        pytest.param(
            "MONTREAL, March 9 - (Lund Industries Inc) said profit would rise.",
            "(Lund Industries Inc)",
            id="dateline-bracket",
        ),
        pytest.param("BOREL, Ore., June 4 - 4Sight Corp said it filed.", "4Sight Corp", id="dateline-digit"),
        # The subject the parser gave a participle before the cue.
        pytest.param(
            "<Borel Optics Ltd>, reporting a much lower profit, said it expected growth.",
            "<Borel Optics Ltd>",
            id="participle-subject",
        ),
        # ... or made it a second reported clause.
        pytest.param(
            "Borel Inc, reporting a net loss for the quarter, said orders remain strong.",
            "Borel Inc",
            id="participle-read-as-content",
        ),
        # The subject a coordinated cue shares, with its ticker, whichever the parser
        # made the subject.
        pytest.param(
            "Rhonair <RHON.Z> reported a 4.4 pct fall in 1986 net income to 12.5 mln francs"
            " and said that, under its revised, flexible payout policy, it would raise its"
            " payout to 21 francs per share from 18.",
            "Rhonair <RHON.Z>",
            id="shared-with-ticker",
        ),
        # When or how the speaker spoke is not part of the source.
        pytest.param("Reyes on Tuesday said the governor had been a poor manager.", "Reyes", id="when"),
        pytest.param(
            "Lund at the time said he had asked his staff to study the plan.", "Lund", id="at-the-time"
        ),
        pytest.param(
            "The mayor in a statement on Friday said the bridge would close.", "The mayor", id="how"
        ),
    ],
)
def test_the_source_is_the_speakers_whole_name_and_nothing_more(
    engine: Engine, text: str, source: str
) -> None:
    said = [c for c in engine.analyse(text).claims if c.cue is not None]
    assert [c.source and c.source.text for c in said] == [source]


def test_a_cue_without_its_own_subject_after_although_shares_the_speaker(engine: Engine) -> None:
    text = (
        "Sales chief Ann Berg said she expected 40 mln crowns from leasing this year,"
        " although said much hinged on the pace of orders."
    )
    claims = engine.analyse(text).claims
    hinged = only(list(claims), "hinged", text)
    assert hinged.source is not None and hinged.source.text == "Sales chief Ann Berg"


def test_a_contrasting_clause_at_the_end_is_no_trailing_cue(engine: Engine) -> None:
    text = (
        "She said that at the summit the creditor nations pledged themselves to opening"
        " their markets, while the debtor nations agreed to cut their budget deficits."
    )
    pledged = only(list(engine.analyse(text).claims), "pledged", text)
    assert pledged.source is not None and pledged.source.text == "She"


def test_a_speaker_the_parser_hung_as_an_apposition_is_the_source(engine: Engine) -> None:
    text = (
        "Acme Corp hopes to sell its branch in Lima, Peru, a spokesman in Dallas for the parent group said."
    )
    (claim,) = engine.analyse(text).claims
    assert (claim.text, claim.source and claim.source.text) == (
        "Acme Corp hopes to sell its branch in Lima, Peru",
        "a spokesman in Dallas for the parent group",
    )


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The senator said she did not think the bill would pass.", "denied"),
        ("The senator said she thought the bill would pass.", "asserted"),
        ("The senator said she no longer thought the bill would pass.", "denied"),
    ],
)
def test_a_negated_belief_denies_what_it_holds(engine: Engine, text: str, stance: str) -> None:
    (held,) = [c for c in engine.analyse(text).claims if c.cue is not None and c.cue.text.startswith("th")]
    assert held.stance == stance


def test_the_tail_of_a_question_is_no_claim(engine: Engine) -> None:
    text = "“Where will it end?” Smith told Borel Radio in an interview aired on Monday."
    assert not [c for c in engine.analyse(text).claims if c.cue is not None]


def test_a_title_and_name_hung_inside_the_content_are_the_source(engine: Engine) -> None:
    text = "Talks will be held on March 11, Peru's Minister of State for Trade, Ana Rios Vega, said."
    (claim,) = engine.analyse(text).claims
    assert (claim.text, claim.source and claim.source.text) == (
        "Talks will be held on March 11",
        "Peru's Minister of State for Trade, Ana Rios Vega",
    )


def test_a_trailing_cue_reports_the_whole_report(engine: Engine) -> None:
    text = "Smith said Jones kept him from the talks for weeks, the Times reported."
    claims = engine.analyse(text).claims
    assert [(c.text, c.source and c.source.text) for c in claims] == [
        ("Smith said Jones kept him from the talks for weeks", "the Times"),
        ("Jones kept him from the talks for weeks", "Smith"),
    ]


def test_an_addressee_the_parser_joined_to_the_subject_is_not_in_the_claim(engine: Engine) -> None:
    (claim,) = engine.analyse("The minister told reporters capacity was far above demand.").claims
    assert claim.text == "capacity was far above demand"


def test_a_trailing_cue_coordinated_with_the_first_clause_reports_it_too(engine: Engine) -> None:
    text = "Borel's debt rose in May, but despite the losses, the firm remains sound, bankers told Reuters."
    claims = claims_of(engine, text)
    assert [c.source and c.source.text for c in claims] == ["bankers", "bankers"]


def test_an_infinitive_describing_a_noun_is_no_cue(engine: Engine) -> None:
    text = "There is no evidence to suggest the vote was rigged."
    assert [c.text for c in claims_of(engine, text)] == [text.rstrip(".")]


def test_a_quotation_after_a_colon_is_the_words_of_the_clauses_subject(engine: Engine) -> None:
    text = 'Lee spoke on Monday: "We will win. They will lose."'
    claims = claims_of(engine, text)
    assert [(c.source and c.source.text, c.cue and c.cue.text) for c in claims[:2]] == [
        (None, None),
        ("Lee", ":"),
    ]


def test_a_quotation_after_a_colon_carries_its_speaker_on(engine: Engine) -> None:
    text = 'Lee spoke on Monday: "We will win. They will lose."'
    assert claims_of(engine, text)[2].quote_source is not None


def test_what_someone_knows_the_answer_to_is_no_claim_of_its_own(engine: Engine) -> None:
    text = '"I know what a fair price is," Moore said.'
    assert [c.text for c in claims_of(engine, text)] == ["I know what a fair price is"]


def test_the_warnings_of_a_possessor_are_theirs(engine: Engine) -> None:
    text = "Inflation has stayed low, belying budget hawks' warnings that it would soar."
    claim = claims_of(engine, text)[-1]
    assert (claim.text, claim.source and claim.source.text) == ("it would soar", "budget hawks")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The minister made it clear that taxes would rise.", "made it clear"),
        ("She made it known that she would run again.", "made it known"),
        ("The minister made clear that taxes would rise.", "made clear"),
    ],
)
def test_made_it_clear_is_a_cue(engine: Engine, text: str, cue: str) -> None:
    (claim,) = claims_of(engine, text)
    assert (claim.source and claim.source.text, claim.cue and claim.cue.text) == (text.split(" made")[0], cue)


def test_what_a_thing_does_not_imply_is_no_claim_of_its_own(engine: Engine) -> None:
    text = "Opening the export books does not imply the country will sell heavily, the official said."
    assert [c.text for c in claims_of(engine, text)] == [
        "Opening the export books does not imply the country will sell heavily"
    ]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        pytest.param(
            'She ended the rally by saying, "The mill will reopen."', "The mill will reopen", "She", id="by"
        ),
        pytest.param(
            'Lund drew jeers upon saying, "The plan has failed."', "The plan has failed", "Lund", id="upon"
        ),
        pytest.param(
            "The governor got into trouble last week by saying that the judge could not be fair.",
            "the judge could not be fair",
            "The governor",
            id="by-that",
        ),
        pytest.param(
            "Mr. Lund, after first saying he would skip the debate, took part in it.",
            "would skip the debate",
            "Mr. Lund",
            id="after",
        ),
        pytest.param(
            "Since announcing in October that she would not run, Ms. Lane has backed the mayor.",
            "would not run",
            "Ms. Lane",
            id="since",
        ),
    ],
)
def test_a_gerund_after_a_preposition_is_said_by_its_hosts_subject(
    engine: Engine, text: str, content: str, source: str
) -> None:
    claim = only(claims_of(engine, text), content, text)
    assert claim.source is not None and claim.source.text == source


def test_a_that_clause_hung_deep_under_the_cues_phrase_is_its_content(engine: Engine) -> None:
    text = "The minister said in the third of a set of notes on its website that the ferry had sunk."
    (claim,) = claims_of(engine, text)
    assert (claim.text, claim.source and claim.source.text) == ("the ferry had sunk", "The minister")


@pytest.mark.parametrize(
    "text",
    [
        'Ann Ruiz said: "As we have said since May, the senator has been helping the inquiry."',
        'Ann Ruiz said: "The senator has been helping the inquiry, as we have said since May."',
    ],
)
def test_a_speakers_as_we_have_said_is_no_new_report(engine: Engine, text: str) -> None:
    (claim,) = claims_of(engine, text)
    assert claim.source is not None and claim.source.text == "Ann Ruiz"


def test_the_writers_as_we_reported_is_no_claim(engine: Engine) -> None:
    text = "As we reported on Monday, the dam is unsafe."
    assert [(c.text, c.source) for c in claims_of(engine, text)] == [("the dam is unsafe", None)]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('As the paper put it, "The deal is dead."', "the paper"),
        ("The deal, as one banker put it, is dead.", "one banker"),
    ],
)
def test_as_someone_put_it_reports_its_host(engine: Engine, text: str, source: str) -> None:
    (claim,) = claims_of(engine, text)
    assert (claim.source and claim.source.text, claim.cue and claim.cue.text) == (source, "put it")


def test_quoted_as_saying_reports_through_the_quoting_outlet(engine: Engine) -> None:
    text = "The Borel Gazette quoted a ministry official as saying that talks would resume."
    (claim,) = claims_of(engine, text)
    assert (claim.text, [s.text for s in claim.source_chain]) == (
        "talks would resume",
        ["The Borel Gazette", "a ministry official"],
    )


def test_one_quoted_as_saying_said_it(engine: Engine) -> None:
    text = "Lund was quoted in today's Borel Gazette as saying the strike would end."
    (claim,) = claims_of(engine, text)
    assert (claim.text, claim.source and claim.source.text) == ("the strike would end", "Lund")


def test_it_quoted_as_saying_keeps_the_outlet_as_source(engine: Engine) -> None:
    text = "The Borel Gazette reported a rise in prices. It quoted Lund as saying the strike would end."
    claim = only(claims_of(engine, text), "the strike would end", text)
    assert claim.source is not None and claim.source.text == "It"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "That said, a loss in the state would hurt the senator.",
            [("a loss in the state would hurt the senator", None)],
            id="that-said",
        ),
        pytest.param(
            "Having said that, the senator will win.", [("the senator will win", None)], id="having-said"
        ),
        pytest.param(
            '"That said, we will win," Lund said.', [("we will win", "Lund")], id="inside-a-quotation"
        ),
        pytest.param(
            "That said, the rally drew a crowd, organizers said.",
            [("the rally drew a crowd", "organizers")],
            id="before-a-trailing-cue",
        ),
    ],
)
def test_that_said_is_a_connective_not_a_report(
    engine: Engine, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == expected


def test_a_speech_participle_on_the_reported_clause_goes_on_with_the_speaker(engine: Engine) -> None:
    text = 'Lund said the senator\'s plan reminds him of a failed bill, explaining, "It will not pass."'
    claim = only(claims_of(engine, text), "It will not pass", text)
    assert claim.source is not None and claim.source.text == "Lund"


def test_a_claim_after_before_goes_on_with_the_speaker_when_the_reported_subject_cannot_speak(
    engine: Engine,
) -> None:
    text = (
        "Berg said the stalemate has kept the town calm, before claiming that new tariffs would hurt farmers."
    )
    claim = only(claims_of(engine, text), "new tariffs would hurt farmers", text)
    assert claim.source is not None and claim.source.text == "Berg"


def test_a_speech_participle_of_a_reported_speaker_stays_theirs(engine: Engine) -> None:
    text = "Lund said the minister resigned, saying he was tired."
    claim = only(claims_of(engine, text), "was tired", text)
    assert claim.source is not None and claim.source.text == "the minister"


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        pytest.param('The heckler yelled: "You lie!"', "You lie", "The heckler", id="colon"),
        pytest.param('One man shouted, "You are a liar!"', "You are a liar", "One man", id="comma"),
        pytest.param('One man shouted, "Go home!"', "Go home", "One man", id="command"),
        pytest.param('Lund continued: "Go home!"', "Go home", "Lund", id="command-after-continued"),
    ],
)
def test_a_way_of_speaking_introduces_its_quotation(
    engine: Engine, text: str, content: str, source: str
) -> None:
    (claim,) = claims_of(engine, text)
    assert (claim.text, claim.source and claim.source.text) == (content, source)


def test_a_way_of_speaking_in_an_as_clause_reports_nothing_of_its_host(engine: Engine) -> None:
    text = 'Lund smiled as the heckler yelled: "You lie!"'
    smiled = only(claims_of(engine, text), "Lund smiled", text)
    assert smiled.source is None


def test_an_addressee_the_parser_joined_to_the_contents_subject_is_left_out(engine: Engine) -> None:
    text = "The union head told reporters talks late yesterday broke up without an agreement."
    (claim,) = claims_of(engine, text)
    assert (claim.text, claim.source and claim.source.text) == (
        "talks late yesterday broke up without an agreement",
        "The union head",
    )


def test_an_as_clause_whose_verb_has_its_own_object_reports_nothing(engine: Engine) -> None:
    text = "As he weighed a bid last spring, Mr. Lund felt slighted by the party."
    felt = only(claims_of(engine, text), "felt slighted", text)
    assert felt.source is None


def test_the_name_after_an_inverted_cue_is_the_source_when_the_parser_hangs_it_elsewhere(
    engine: Engine,
) -> None:
    text = (
        '"Turnout will decide it," said Joe Brock, a longtime Clinton confidant who leads'
        " the super PAC Correct the Count."
    )
    claim = only(claims_of(engine, text), "Turnout will decide it", text)
    assert claim.source is not None and claim.source.text.startswith("Joe Brock")


def test_a_closing_according_to_reports_every_coordinated_clause(engine: Engine) -> None:
    text = "The club was paid $29 and the firm was paid $35, according to tax records."
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == [
        ("The club was paid $29", "tax records"),
        ("the firm was paid $35", "tax records"),
    ]


def test_a_sentence_opening_with_the_poll_it_comes_from_is_the_polls_finding(engine: Engine) -> None:
    text = "In a Borel Times poll last month, Mr. Lund had a 10-point lead."
    (claim,) = claims_of(engine, text)
    assert (claim.text, claim.source and claim.source.text, claim.cue and claim.cue.text) == (
        "Mr. Lund had a 10-point lead",
        "a Borel Times poll",
        "In",
    )


def test_a_sentence_opening_with_a_month_has_no_source(engine: Engine) -> None:
    (claim,) = claims_of(engine, "In May, prices rose.")
    assert claim.source is None


def test_all_told_is_a_connective_not_a_report(engine: Engine) -> None:
    (claim,) = claims_of(engine, "All told, up to 5 million people could be eligible for the plan.")
    assert claim.source is None


@pytest.mark.parametrize(
    "text",
    [
        '"Are you OK? Don\'t run," he said, when a child seemed to slip.',
        '"Stay calm," he said, as a child slipped.',
    ],
)
def test_a_clause_saying_when_something_was_said_is_not_what_was_said(engine: Engine, text: str) -> None:
    slipped = only(claims_of(engine, text), "slip", text)
    assert slipped.source is None


@pytest.mark.parametrize(
    "text",
    [
        '"We would have lost," Mr. Lund, now 81 and retired in Lima, Ohio, said by telephone this week.',
        "''We would have lost,'' Mr. Lund, now 81 and retired in Lima, Ohio, said by telephone this week.",
    ],
)
def test_a_long_aside_between_the_speaker_and_the_cue_keeps_the_speaker(engine: Engine, text: str) -> None:
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == [
        ("We would have lost", "Mr. Lund")
    ]


def test_a_closing_as_clause_with_its_own_object_reports_nothing_of_the_host(engine: Engine) -> None:
    text = "The tour was a gamble, as surveys show the mayor with a wide lead."
    host = only(claims_of(engine, text), "gamble", text)
    assert host.source is None


def test_a_closing_as_clause_without_an_object_reports_the_host(engine: Engine) -> None:
    text = "The tour was a gamble, as surveys show."
    (claim,) = claims_of(engine, text)
    assert claim.source is not None and claim.source.text == "surveys"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Lund made the case that the race was still wide open.", "Lund"),
        (
            "Lund and Berg thanked donors and sought to make the case that the race was still wide open.",
            "Lund and Berg",
        ),
    ],
)
def test_made_the_case_is_a_cue(engine: Engine, text: str, source: str) -> None:
    claim = only(claims_of(engine, text), "wide open", text)
    assert (claim.source and claim.source.text, claim.cue and claim.cue.text) == (source, "case")


def test_in_a_study_a_body_found_is_the_bodys_finding(engine: Engine) -> None:
    text = "In a recent study, a farm group found wide support for the levy among growers."
    (claim,) = claims_of(engine, text)
    assert claim.source is not None and claim.source.text == "a farm group"


def test_a_purpose_after_a_closing_quote_is_no_speaker(engine: Engine) -> None:
    text = "Lund touted her “all-county plan,” pledging to tour every state."
    claims = claims_of(engine, text)
    assert claims, "the sentence is still a claim"
    assert all(c.source is None or "tour" not in c.source.text for c in claims)


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("Lund repeated his accusation that the mayor had hidden the report.", "Lund", "accusation"),
        ("Critics aired their complaints that the agency had failed to act.", "Critics", "complaints"),
    ],
)
def test_an_accusation_or_complaint_reports_its_clause(
    engine: Engine, text: str, source: str, cue: str
) -> None:
    claim = claims_of(engine, text)[-1]
    assert (claim.source and claim.source.text, claim.cue and claim.cue.text) == (source, cue)


def test_the_side_that_makes_an_accusation_is_no_claim(engine: Engine) -> None:
    text = "Lund repeated his accusation that the mayor had hidden the report."
    assert [c.text for c in claims_of(engine, text)] == ["the mayor had hidden the report"]


@pytest.mark.parametrize("filler", ["You see", "I mean", "You know"])
def test_a_spoken_filler_is_no_claim(engine: Engine, filler: str) -> None:
    text = f'"{filler}, the plan is dead," Lund said.'
    assert [(c.text, c.source and c.source.text) for c in claims_of(engine, text)] == [
        ("the plan is dead", "Lund")
    ]
