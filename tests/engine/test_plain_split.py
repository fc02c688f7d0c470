"""The pySBD shortcut for plain paragraphs must cut exactly where pySBD cuts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.engine import sentences as sent

PARAGRAPHS = [
    "He went home. The U.S. economy grew 5.93 pct in 1987. Exports rose.",
    "In the U.S. The end came.",
    "Sales rose to 1,750. Then they fell to 340. Prices were flat at 5.81 dlrs.",
    "It is. Then it was not.",
    "He left at 6 a.m. on Monday. The talks ended at 5 p.m. He said so.",
    "Contact us at info@example.com. We reply fast.",
    "See e.g. the report. Dr. Smith agreed. Mr. Jones did not.",
    "The company's shares rose. Analysts' views differed. It was 'fine'. Done.",
    "Item ii. This one. And vi. That one. Mid. Next.",
    "Smith Corp. The bid failed. Borelia Smith said so. OK.",
    "Prices rose... The market fell. A. B. Jones left.",
    "He said: It was over. Rates rose; Bonds fell. Done.",
    "No. 5 was sold. Art. 3 applies. Fig. 2 shows it.",
    "The U.S.-based firm left. Then it came back.",
    "Results were (mostly) good. Then bad.",
    "Word.Then another. Fine.",
    "Growth slowed in 1986. In 1987 it rose. By 12. The end.",
    "The U.S. Agriculture Department said so. U.K. Officials agreed. E.F. Lund left.",
    "He lives in the U.S. He works there. Trade with the U.K. The end.",
    "D.A.M. Freight Services Inc said so. Its L.A.M. Unit left. At 5 P.M. Trading ended.",
    'He said "the U.S. Treasury will act. It must." Then he left.',
    "The International Monetary Fund (IMF) said so. The Lund Aero of Canada (Lund) unit, it said, grew.",
    "Prices (revised lower) fell. Sales (a) rose. Costs (ii) fell. Items (12) sold. Rates (R-Iowa) rose.",
    "He works for (IMF). Then he left (Reuters). The end (Canada).",
    '"We expect growth to continue," he said. Sales rose.',
    'He called it "an error" and left. Then "Growth" Is the word. It rose.',
    '"Growth" Is the word. It rose.',
    '"Growth" is the word. It rose.',
    'He said "it is well-" Then it rose. Done.',
]


def _corpus_paragraphs(n: int) -> list[str]:
    path = Path("/work/shared/corpus/news_10k.jsonl")
    if not path.exists():
        return []
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            text = json.loads(line)["text"]
            out.extend(text[s:e] for s, e in sent.paragraphs(text))
    return out


@pytest.mark.parametrize("para", PARAGRAPHS)
def test_plain_cuts_match_pysbd(para: str) -> None:
    fast = sent.PysbdSplitter("en")
    slow = sent.PysbdSplitter("en")
    slow._plain = False
    assert fast.split(para) == slow.split(para)


def test_plain_cuts_match_pysbd_on_news() -> None:
    paras = _corpus_paragraphs(300)
    if not paras:
        pytest.skip("news corpus not available")
    fast = sent.PysbdSplitter("en")
    slow = sent.PysbdSplitter("en")
    slow._plain = False
    plain = sum(sent._pysbd_plain_cuts(p) is not None for p in paras)
    assert plain > len(paras) // 10  # the shortcut is actually taken
    for p in paras:
        assert fast.split(p) == slow.split(p), p


def test_plain_cuts_examples() -> None:
    assert sent._pysbd_plain_cuts("He went home. The U.S. economy grew.") == [13]
    assert sent._pysbd_plain_cuts("In the U.S. The end.") is None
    assert sent._pysbd_plain_cuts("Smith Corp. The bid failed.") is None
    # Initials before a capital are protected unless pySBD may cut there.
    assert sent._pysbd_plain_cuts("The U.S. Agriculture Department said so. It rose.") == [40]
    assert sent._pysbd_plain_cuts("He lives in the U.S. He works there.") is None
    assert sent._pysbd_plain_cuts("D.A.M. Freight said so.") is None
    # A parenthesis of capitalised words between spaces does not need pySBD.
    assert sent._pysbd_plain_cuts("The Fund (IMF) said so. It rose.") == [23]
    assert sent._pysbd_plain_cuts("Sales (a) rose. It fell.") is None
    assert sent._pysbd_plain_cuts("He left (Reuters). It fell.") == [18]
    # Quotations: pySBD protects their stops, cuts after one that opens a sentence
    # (unless it ends with a comma) and after one ending with a stop before a capital.
    assert sent._pysbd_plain_cuts('"We expect growth," he said. Sales rose.') == [28]
    assert sent._pysbd_plain_cuts('"Growth" Is the word. It rose.') == [8, 21]
    assert sent._pysbd_plain_cuts('He said "it grew." Sales rose.') == [18]
    assert sent._pysbd_plain_cuts('He said "yes." Then left.') == [14]
    assert sent._pysbd_plain_cuts('"Why not?" He asked. It rose.') == [10, 20]
    assert sent._pysbd_plain_cuts('It called it "a disaster". The market fell.') == [26]
    assert sent._pysbd_plain_cuts('"Go home" He said so') is None  # no stop: not searched


# Shapes the shortcut now answers itself: quotations with stops inside, several
# quotations, quotations opening a paragraph or a sentence, parentheses anywhere,
# words with capitals, digits, "/" or "-", two-digit numbers, single initials.
ACCEPTED = [
    '"We\'re sinking by our own doing," said one trader. "What can we do now? Nothing."',
    '"It is over. We lost," he said. "We lost."',
    '"Why not?" He asked. It rose.',
    '"Why not?" he asked. It rose.',
    'He said "it is well-" Then it rose. Done.',
    'It called it "a disaster". The market fell.',
    'He left. "We are done," he said.',
    'He said: "The U.S. Treasury will act. It must!" Then he left.',
    '"(The plan) will give the lenders a choice," Berg said. "We have tried this."',
    '"I was worried. But Lund has assured (the board) that he will not," Berg added.',
    'He said "yes," Then left',
    "He left (Reuters). It fell.",
    "Senator Tom Lund (D-Cal.) said so (in a statement). It rose.",
    "The Fund (IMF) said so. (The Bank) It agreed.",
    "(Lund Aero of Canada) It agreed. Then it left.",
    "It rose 4.2 pct in 1991/92. Sales in 1989/90 were 3.15 mln tonnes.",
    "Issue price is 99-3/8. Lead manager is Borel Bank. It rose 41.2 BCF. It said so.",
    "Acme filed the bid on March 14. It was seen as a factor on April 3. Done.",
    "Ann T. Berg, editor of Borel reports, expects growth. However, she is wary.",
]

# Shapes that must still go to pySBD.
STILL_PYSBD = [
    '"Go home" He said so',  # no stop left: pySBD does not search, the shortcut cannot tell
    "The meeting (see a) and (b) ended. It rose.",  # lettered list items
    "Sales fell 2. The rest 3. It rose.",  # numbered list items in sequence
    'Smith Corp. "We are done," he said.',  # an abbreviation before a quotation
    "He left -- it was late. Then -- he said. Fine.",  # stops between "--" are protected
    "Sales rose.12 The end came.",  # a numbered reference
    "He works for I. The end.",  # "I." may end a sentence
    "It fell. the end came.",  # a lower-case word after a period
    'He said "a (b" c). Done.',  # crossed quotation and parenthesis
    'He said ("yes") Then. Done.',  # a quotation inside a parenthesis
    "He said 'yes.' Then left.",  # single quotes
    'He said"it grew." Then.',  # a quotation not after a space
    'He said "yes" (Reuters) "no." Then.',  # pySBD breaks lines around such a parenthesis
    "Sens. Tom Lund (D-Cal.) said so. It rose.",  # an abbreviation
]


@pytest.mark.parametrize("para", ACCEPTED)
def test_new_shapes_take_the_shortcut_and_match_pysbd(para: str) -> None:
    cuts = sent._pysbd_plain_cuts(para)
    assert cuts is not None
    seg = sent.PysbdSplitter("en")
    expected = sent.align(para, seg._segment(para))
    assert sent._cut_spans(para, 0, len(para), cuts) == expected
    slow = sent.PysbdSplitter("en")
    slow._plain = False
    assert seg.split(para) == slow.split(para)


@pytest.mark.parametrize("para", STILL_PYSBD)
def test_uncertain_shapes_still_run_pysbd(para: str) -> None:
    assert sent._pysbd_plain_cuts(para) is None
