"""Each sentence rule of annotations/engine/sentences.py (CUT_RULES, JOIN_RULES) with its
example: invented sentences, split by the default (pySBD) splitter."""

from __future__ import annotations

import pytest

from annotations.engine import sentences as sent

# rule name -> (text, expected sentences)
EXAMPLES: dict[str, tuple[str, list[str]]] = {
    "mail_header_time": (
        "Jo Bloggs 03/15/2001 04:11 PM Please send the draft.",
        ["Jo Bloggs", "03/15/2001 04:11 PM", "Please send the draft."],
    ),
    "mail_header_sender": (
        "Call me. Jo Bloggs@ACME 03/15/2001 04:11 PM Please send the draft.",
        ["Call me.", "Jo Bloggs@ACME", "03/15/2001 04:11 PM", "Please send the draft."],
    ),
    "mail_header_date": (
        "Call me when the roof is done. Jo Bloggs 03/15/2001 04:11 PM Please send the draft.",
        ["Call me when the roof is done.", "Jo Bloggs", "03/15/2001 04:11 PM", "Please send the draft."],
    ),
    "mail_header_field": (
        "Jo Bloggs <jo@example.org> Subject: Roof repairs",
        ["Jo Bloggs <jo@example.org>", "Subject: Roof repairs"],
    ),
    "after_contact": (
        "Jo Bloggs Site Manager jo@example.org Please call me on Monday.",
        ["Jo Bloggs Site Manager jo@example.org", "Please call me on Monday."],
    ),
    "salutation": (
        "Ann: Please send the draft by Friday.",
        ["Ann:", "Please send the draft by Friday."],
    ),
    "signature_name": (
        "The roof is fixed. Best, Ann I will call you on Monday.",
        ["The roof is fixed.", "Best,", "Ann", "I will call you on Monday."],
    ),
    "before_closing_date": (
        "A talk with the mayor of Springfield Tuesday, May 5, 2015",
        ["A talk with the mayor of Springfield", "Tuesday, May 5, 2015"],
    ),
    "short_word_before_lower_case": (
        "Feed the cat twice a day. as it grows, feed it less.",
        ["Feed the cat twice a day.", "as it grows, feed it less."],
    ),
    "question_before_lower_case": (
        "Is the lake far ? or is it near?is it cheap",
        ["Is the lake far ?", "or is it near?", "is it cheap"],
    ),
    "lower_word_before_I": (
        "Please call me. I will be in all day.",
        ["Please call me.", "I will be in all day."],
    ),
    "stop_without_space": (
        "The soup was cold.The bread was stale.",
        ["The soup was cold.", "The bread was stale."],
    ),
    "before_opening_quotation": (
        'She left the room. "We are done," he said.',
        ["She left the room.", '"We are done," he said.'],
    ),
    "abbreviation_before_name": (
        "She was born in Ft. Worth and moved away.",
        ["She was born in Ft. Worth and moved away."],
    ),
    "abbreviation_before_number": (
        "We read approx. 300 letters on Wed. Sept. 20 last year.",
        ["We read approx. 300 letters on Wed. Sept. 20 last year."],
    ),
    "inline_list_item": (
        "The plan covers (a) the roof and (b) the hall.",
        ["The plan covers (a) the roof and (b) the hall."],
    ),
    "mark_before_lower_case": (
        "Is the lake far from town? or is it near the station?",
        ["Is the lake far from town?", "or is it near the station?"],
    ),
    "period_before_lower_case": (
        "The soup was cold. the bread was stale.",
        ["The soup was cold.", "the bread was stale."],
    ),
    "clear_end": (
        "The staff were kind--the soup was cold. Service was slow--we left.",
        ["The staff were kind--the soup was cold.", "Service was slow--we left."],
    ),
    "exclamation_before_capital": (
        "The new menu is great!!! THE DESSERTS ARE BETTER.",
        ["The new menu is great!!!", "THE DESSERTS ARE BETTER."],
    ),
    "closing_parenthesis": (
        "We paid extra (the view was worth it.) Breakfast was included.",
        ["We paid extra (the view was worth it.)", "Breakfast was included."],
    ),
    "closing_quotation": (
        "Her note said \u201cthe keys are under the mat -- call me.\u201d Nobody called.",
        ["Her note said \u201cthe keys are under the mat -- call me.\u201d", "Nobody called."],
    ),
    "after_link": (
        "Both maps are online: http://maps.example.org/a http://maps.example.org/b Hope it helps",
        ["Both maps are online: http://maps.example.org/a", "http://maps.example.org/b", "Hope it helps"],
    ),
    "before_numbered_item": (
        "Our guests came from the U.S.A. 3. Former mayors came too.",
        ["Our guests came from the U.S.A.", "3. Former mayors came too."],
    ),
    "numbered_item_number": (
        "The roof leaks. 2. The hall is too cold.",
        ["The roof leaks.", "2. The hall is too cold."],
    ),
    "figure_label": (
        "Figure 2.4 Two hikers on the ridge at dawn.",
        ["Figure 2.4", "Two hikers on the ridge at dawn."],
    ),
    "around_rule_line": (
        "Call me on Monday. ========== Jo Bloggs Site Manager",
        ["Call me on Monday.", "==========", "Jo Bloggs Site Manager"],
    ),
    "after_attachment": (
        "<< File: roof plan.doc >> Here is the new plan.",
        ["<< File: roof plan.doc >>", "Here is the new plan."],
    ),
    "after_citations": (
        "The hall opened in 1901. [3] It burned down in 1950.",
        ["The hall opened in 1901. [3]", "It burned down in 1950."],
    ),
    "closing_before_signature": (
        "See you on Monday. Thanks, Ann Lee",
        ["See you on Monday.", "Thanks,", "Ann Lee"],
    ),
    "after_emoticon": (
        "The cake was great :) We will order again.",
        ["The cake was great :)", "We will order again."],
    ),
    "inside_a_word": (
        "The shop was closed again!!!! We left.",
        ["The shop was closed again!!!!", "We left."],
    ),
    "before_citation": (
        "The bridge was finished in 1932. [12]",
        ["The bridge was finished in 1932. [12]"],
    ),
    "before_emoticon": (
        "We finally got the keys! :D",
        ["We finally got the keys! :D"],
    ),
    "quotation_then_speaker": (
        "\u201cIs anyone home?\u201d I called.",
        ["\u201cIs anyone home?\u201d I called."],
    ),
}

# Near misses each rule must leave alone.
KEPT_WHOLE = [
    "I will be out on 03/15/2001 04:11 PM and back later.",
    "The meeting is on Tuesday, May 5, 2015",
    "Send it vs. I keep it.",
    "Call 555-0100 Fax: 555-0101",
    "See http://example.org/index.php?id=3 now",
    "See http://example.org/watch?v=abc now",
    "Subject: Roof repairs",
    "Note - The figures exclude the new hall.",
    "Thanks, Ann.",
    "Thank you, Mr. Lee.",
    "She works at Yahoo! in the accounting department.",
    "The firm moved to Calif. last year.",
    "See e.g. the annex for details.",
    "He met Mr. Smith at 5 p.m. on the pier.",
    "The rate was 5.5 pct. in March.",
    "The bridge (finished in 1932 [12]) still stands.",
    "I can see Mt. Fuji from here.",
    "Send it to Yahoo! Messenger users.",
    "1.) The first item",
    "The photos are in Table 3 Appendix B.",
]


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sent.make_splitter("pysbd").split(text)]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rule_example(name: str) -> None:
    text, expected = EXAMPLES[name]
    assert split(text) == expected


def test_every_rule_has_an_example() -> None:
    names = {n for n, _ in sent.CUT_RULES + sent.JOIN_RULES}
    assert names == set(EXAMPLES)


@pytest.mark.parametrize("text", KEPT_WHOLE)
def test_kept_whole(text: str) -> None:
    assert split(text) == [text]


# Variants a rule also covers, beside its main example.
VARIANTS: list[tuple[str, list[str]]] = [
    # mail_header_time with a 24-hour time
    (
        "Jo Bloggs 15/03/2001 16:11 Please send the draft.",
        ["Jo Bloggs", "15/03/2001 16:11", "Please send the draft."],
    ),
    # closing_before_signature after a two-word closing
    ("See you on Monday. Kind regards, Ann Lee", ["See you on Monday.", "Kind regards,", "Ann Lee"]),
    # salutation with a dash, after a header's time
    ("Ann - The draft is attached.", ["Ann -", "The draft is attached."]),
    # quotation_then_speaker in the present tense and after an ellipsis
    ("\u201cCan we go now?\u201d I ask.", ["\u201cCan we go now?\u201d I ask."]),
    ("\u201cWait \u2026\u201d Ann said.", ["\u201cWait \u2026\u201d Ann said."]),
    # abbreviation_before_name with a plural title
    (
        "Three governors ran: Berg and Govs. Tom Hale of Ohio and Ann Moss of Utah.",
        ["Three governors ran: Berg and Govs. Tom Hale of Ohio and Ann Moss of Utah."],
    ),
    # before_opening_quotation after a capitalised word
    ('It was Ann. "We are done," he said.', ["It was Ann.", '"We are done," he said.']),
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS)
def test_rule_variant(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_rules_apply_to_sentencex_too() -> None:
    text, expected = EXAMPLES["after_citations"]
    got = [text[s:e] for s, e in sent.make_splitter("sentencex").split(text)]
    assert got == expected


def test_every_gate_names_a_cut_rule() -> None:
    assert set(sent._GATES) <= {n for n, _ in sent.CUT_RULES}


@pytest.mark.parametrize("name", sorted(sent._GATES))
def test_gate_holds_wherever_its_rule_matches(name: str) -> None:
    # A gate only skips paragraphs where its rule could not match anyway.
    pattern = dict(sent.CUT_RULES)[name]
    texts = [t for t, _ in EXAMPLES.values()] + KEPT_WHOLE + [t for t, _ in VARIANTS]
    missed = [t for t in texts if pattern.search(t) and not sent._GATES[name].search(t)]
    assert missed == []
