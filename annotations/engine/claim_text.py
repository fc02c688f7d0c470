"""The text and grounding of a claim: the run of its clause around the head, and the
proposition a reader should see (connective dropped, relative pronoun replaced by its
noun, shared subject added, a denied noun phrase or gerund rebuilt as a clause, one
text per coordinated proper noun).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from . import lexicon as lx
from .clauses import Clause, noun_read_as_conjunct, opening_when
from .tokens import (
    _QUOTE_OPENERS,
    BRACKETS,
    _descendants,
    _has_subject,
    _has_that,
    _Info,
    _info,
    _np_range,
    strip_range,
    who_antecedent,
)

_SPACE_BEFORE_PUNCT = re.compile(r" ([,;:.!?])")


def _trailing_aside(info: _Info, c: Clause) -> int:
    """ "She said the plan would cost $5 billion, a figure the agency disputes.": an
    appositive set off by a comma or a dash at the end of the sentence, outside
    quotation marks, is the writer's note on what was reported, not part of it.
    Returns the index of the comma or dash, or -1."""
    dep, words = info.dep, info.words
    own = set(c.tokens)
    for k in c.tokens:
        if dep[k] != "appos" or k == c.head:
            continue
        left = info.doc[k].left_edge.i
        end = info.doc[k].right_edge.i + 1
        if left < 2 or words[left - 1] not in lx.ASIDE_PUNCT or left - 1 not in own:
            continue
        if not all(info.punct[end:]) or any(q in info.text[: info.idx[left]] for q in _QUOTE_OPENERS):
            continue
        return left - 1
    return -1


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    info = _info(doc)
    return info.idx[a], info.idx[b - 1] + info.length[b - 1]


# A verb contracted onto a word the claim text replaces is written out.
_CONTRACTED = {"'s": "is", "’s": "is", "'re": "are", "’re": "are", "'ll": "will", "’ll": "will"}


def _text_of(doc: Doc, toks: Iterable[int], replace: dict[int, str] | None = None) -> str:
    """Text of the tokens; a gap between non-adjacent tokens becomes one space."""
    info = _info(doc)
    idx, length, full = info.idx, info.length, info.text
    order = sorted(toks)
    if order and order[-1] - order[0] == len(order) - 1 and (not replace or replace.keys().isdisjoint(order)):
        # One run of adjacent tokens, nothing replaced: the tokens tile the text.
        joined = full[idx[order[0]] : idx[order[-1] + 1]]
        text = " ".join(joined.split()).strip(",;:—–- ")
        return _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    parts: list[str] = []
    prev = -2
    for i in order:
        if parts and i != prev + 1 and not parts[-1].endswith((" ", "\n")):
            parts.append(" ")
        if replace and i in replace:
            # The replacement keeps the token's trailing whitespace; a token dropped
            # keeps it too when nothing before it left a space ("Ally's Health [and
            # Tennis Corp] operates").
            ws = full[idx[i] + length[i] : idx[i + 1]]
            if replace[i]:
                parts.append(replace[i] + ws)
            elif ws and parts and not parts[-1][-1:].isspace():
                parts.append(" ")
        elif (
            replace
            and replace.get(i - 1)
            and info.lower[i] in _CONTRACTED
            and info.tag[i] in ("VBZ", "VBP", "MD")
        ):
            # "the population that's black" -> "the population is black", not "population's"
            verb = _CONTRACTED[info.lower[i]]
            if verb == "is" and i + 1 < len(info.lower) and info.lower[i + 1] in ("been", "got", "had"):
                verb = "has"  # "who's been in office"
            parts.append(f" {verb}{full[idx[i] + length[i] : idx[i + 1]]}")
        else:
            parts.append(full[idx[i] : idx[i + 1]])  # text_with_ws: tokens tile doc.text
        prev = i
    text = " ".join("".join(parts).split()).strip(",;:—–- ")
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def past_tense(word: str) -> str:
    """Simple past of an -ing form ("fleeing" -> "fled") for rebuilt propositions."""
    w = word.lower()
    stem = w[:-3] if w.endswith("ing") and len(w) > 4 else w
    for cand in (stem, stem + "e"):
        if cand in lx.IRREGULAR_PAST:
            return lx.IRREGULAR_PAST[cand]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem + "ed"  # "rigging" -> "rigged", "stopping" -> "stopped"
    if stem.endswith("e"):
        return stem + "d"
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


def _nominal_claim(doc: Doc, a: int, b: int, subject: tuple[int, int] | None = None) -> tuple[str, int]:
    """ "Assad fleeing" -> "Assad fled"; with ``subject`` (the denier), "taking bribes"
    -> "The minister took bribes"; otherwise the noun phrase itself."""
    toks = list(range(a, b))
    for i in toks:
        t = doc[i]
        if not t.lower_.endswith("ing"):
            continue
        rest = _text_of(doc, range(i + 1, b))
        if i == a and subject is not None:
            return " ".join(x for x in (_text_of(doc, range(*subject)), past_tense(t.text), rest) if x), i
        # Only a named or possessive doer makes a clause: "Assad('s) fleeing", not "vote rigging".
        if i > a and any(doc[j].tag_ in ("NNP", "NNPS", "PRP$", "POS") for j in range(a, i)):
            subject_text = _text_of(doc, [j for j in range(a, i) if doc[j].tag_ != "POS"])
            return " ".join(x for x in (subject_text, past_tense(t.text), rest) if x), i
        break
    return _text_of(doc, toks), a


_IMPERATIVE_OPENERS = frozenset({"do", "don't", "don’t", "please", "let", "never"})


def _is_imperative(doc: Doc, h: int, toks: Sequence[int]) -> bool:
    """ "Let it play out." / "Do not get involved.": a subjectless base verb (or "do
    not", "let", "please") opening a main clause; a verb coordinated with one too."""
    info = _info(doc)
    dep, tag, kids = info.dep, info.tag, info.kids
    d = dep[h]
    if d not in ("ROOT", "conj", "parataxis") or _has_subject(info, h):
        return False
    if any(dep[c] in ("aux", "auxpass") and tag[c] == "MD" for c in kids[h]):
        return False
    up = info.head[h]
    if d == "conj" and up != h:
        t = doc[up]
        head_toks = [x.i for x in t.subtree if x.i < up] + [up]
        return _is_imperative(doc, up, head_toks)
    punct = info.punct
    first = next((i for i in sorted(toks) if not punct[i] and dep[i] != "cc"), None)
    if first is None:
        return False
    return info.lower[first] in _IMPERATIVE_OPENERS or (tag[first] == "VB" and first == h)


def _is_incomplete(doc: Doc, h: int) -> bool:
    """ "Oilseed export registrations were:" introduces a table; it states nothing."""
    info = _info(doc)
    if info.lower[h] not in lx.BE_FORMS or h + 1 >= len(info.head) or info.words[h + 1] != ":":
        return False
    dep = info.dep
    return not any(
        dep[c]
        in ("attr", "acomp", "prep", "advmod", "ccomp", "xcomp", "npadvmod", "oprd", "dobj", "advcl", "expl")
        for c in info.kids[h]
    )


# Prepositions whose object is a set taken together.
_RELATING = frozenset({"between", "among", "amongst"})


# Verbs whose "of" lists the members of a whole: "made up of", "composed of".
_MADE_OF = frozenset({"made", "composed", "comprised", "consisting", "consists", "consist", "consisted"})
# Nouns for a whole made of its members: "a grouping of X and Y" is neither alone.
_GROUP_NOUNS = frozenset(
    {
        "grouping",
        "coalition",
        "alliance",
        "union",
        "merger",
        "combination",
        "federation",
        "consortium",
        "group",
        "pair",
    }
)


_ONLY = frozenset({"only", "just", "solely", "exclusively"})


def _only_before(info: _Info, i: int) -> bool:
    """Whether "only"/"just" stands right before the name ``i`` (or before its
    preposition): the names are said of together."""
    first = info.doc[i].left_edge.i
    if info.dep[i] == "pobj" and info.head[i] == first - 1:
        first -= 1
    return info.lower[first] in _ONLY or first > 0 and info.lower[first - 1] in _ONLY


def _members_of(info: _Info, p: int) -> bool:
    """Whether preposition ``p`` is the "of" of "made up of", "composed of", "consists of",
    "a grouping of"."""
    return info.lower[p] == "of" and info.lower[info.head[p]] in _MADE_OF | _GROUP_NOUNS


def _done_together(info: _Info, v: int) -> bool:
    """The verb ``v`` tells of its subjects together: a verb of meeting, or one with
    "together", "jointly", "each other", "one another"."""
    if info.lower[v] in lx.TOGETHER_VERBS:
        return True
    if info.lower[v] in lx.BE_FORMS and any(
        info.lower[k] in lx.TOGETHER_ADJECTIVES and info.dep[k] in ("acomp", "advmod")
        for k in range(v + 1, min(v + 4, len(info.lower)))
    ):
        return True  # "Berg and Lund are (roughly) even in Lima"
    for k in info.kids[v]:
        w = info.lower[k]
        if w in ("together", "jointly") or w == "other" and k > 0 and info.lower[k - 1] == "each":
            return True
        if info.dep[k] == "dobj" and any(
            info.lower[g] == "their" and info.dep[g] == "poss" for g in info.kids[k]
        ):
            return True  # "Borelia and Lundia will settle their dispute": theirs together
        if w == "another" and k > 0 and info.lower[k - 1] == "one":
            return True
        if (
            info.dep[k] == "dobj"
            and w in lx.FOUNDED_BODIES
            and info.lower[v] in lx.FOUNDING_VERBS
            and any(info.lower[g] in ("a", "an") for g in info.kids[k])
        ):
            return True  # "Lund and Hale founded a firm": one firm, founded together
    return False


def _inside_a_name(info: _Info, first: int, conjs: Sequence[int]) -> bool:
    """ "the Ministry of Fisheries and Forestry", "the Board for Arts and Heritage":
    bare names after the "of"/"for"/"on" of a name are part of it ("the
    governments of France and Germany" are two)."""
    of = info.head[first]
    if (
        info.dep[first] != "pobj"
        or info.lower[of] not in ("of", "for", "on")
        or info.tag[info.head[of]] not in ("NNP", "NNPS")
    ):
        return False
    return not any(info.dep[k] == "det" for x in conjs for k in info.kids[x])


def _bracketed_name(info: _Info, first: int, last: int) -> bool:
    """Whether ``first``..``last`` lie inside one pair of angle brackets, as newswires
    mark a company's name ("<Lane and Berg>")."""
    words = info.words
    opened = next((k for k in range(first - 1, max(first - 8, -1), -1) if words[k] in ("<", ">")), -1)
    closed = next((k for k in range(last + 1, min(last + 8, len(words))) if words[k] in ("<", ">")), -1)
    return opened >= 0 and words[opened] == "<" and closed >= 0 and words[closed] == ">"


_PAIRING = frozenset({"both", "either", "neither"})
_THEIR = frozenset({"their", "theirs", "they", "them", "themselves"})


def _firm_word(info: _Info, x: int) -> bool:
    """Whether the name headed by ``x`` ends in a firm's suffix, before any ticker
    ("Electric Co <PCG>")."""
    first = info.doc[x].left_edge.i
    return any(info.lower[k] in lx.FIRM_SUFFIXES for k in range(first, x + 1))


def _plural_title(info: _Info, k: int) -> bool:
    """ "Presidents", "Sens.", "Governors": a title for more than one name."""
    w = info.words[k]
    return (
        info.tag[k] in ("NNS", "NNPS")
        or w.endswith("s")
        and w[:-1] in lx.TITLE_WORDS
        or w.removesuffix(".") in lx.PLURAL_TITLES
    )


def _capitalised_object(info: _Info, p: int) -> bool:
    """Whether preposition ``p`` has a proper noun as its object ("of Montreal")."""
    return any(info.dep[k] == "pobj" and info.tag[k] in ("NNP", "NNPS") for k in info.kids[p])


def _set_off_apposition(info: _Info, conjs: Sequence[int]) -> int:
    """The end (exclusive, after the closing comma) of an apposition set off by commas
    after the last of ``conjs`` ("Jim Wright, a Texas Democrat,"; the parser may hang it
    on any of them), or -1."""
    last = max(conjs)
    for x in conjs:
        for k in info.kids[x]:
            if info.dep[k] != "appos":
                continue
            a, b = info.doc[k].left_edge.i, info.doc[k].right_edge.i
            if (
                a == last + 2
                and info.words[a - 1] == ","
                and b + 1 < len(info.words)
                and info.words[b + 1] == ","
            ):
                return b + 2
    return -1


def _reciprocal(info: _Info, k: int) -> bool:
    """ "one another", "each other" at ``k``: the names act on each other."""
    return k + 1 < len(info.lower) and (info.lower[k], info.lower[k + 1]) in (
        ("one", "another"),
        ("each", "other"),
    )


# Words of an amount that names joined by "and" share ("a third of output from X and Y").
_AMOUNT_WORDS = frozenset(
    {
        "pct",
        "percent",
        "per",
        "third",
        "thirds",
        "half",
        "quarter",
        "quarters",
        "majority",
        "most",
        "bulk",
        "share",
    }
)


def _measured(info: _Info, toks: Sequence[int], name: int) -> bool:
    """The clause of ``toks`` gives an amount (a number or a share: "rose 5 pct", "a third
    of") outside the coordination of ``name``: said of the names together."""
    own = {t.i for t in info.doc[name].subtree}
    return any(
        t not in own and (info.tag[t] == "CD" and not _year_or_day(info, t) or info.lower[t] in _AMOUNT_WORDS)
        for t in toks
    )


def _year_or_day(info: _Info, t: int) -> bool:
    """The number ``t`` is a year or a day ("in 1990", "March 3")."""
    word = info.words[t]
    return len(word) == 4 and word.isdigit() or info.lower[info.head[t]] in lx.TIME_WORDS


def _all_of_them(info: _Info, cop: int) -> bool:
    """The subject of copula ``cop`` is a definite plural ("The managers of the fund
    are ..."): the names after it say who all of them are, and one alone would say
    that he is the only one."""
    subj = next((k for k in info.kids[cop] if info.dep[k] == "nsubj"), -1)
    return (
        subj >= 0
        and info.tag[subj] == "NNS"
        and any(info.dep[k] == "det" and info.lower[k] in ("the", "these", "those") for k in info.kids[subj])
    )


# What joins the parties of a case or a match ("Roe v. Wade", "Lund vs. Berg").
_VERSUS = frozenset({"v.", "v", "vs.", "vs", "versus"})


def coordinated_names(doc: Doc, toks: Sequence[int]) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """For "Aleppo and Hama fell": the whole coordination and each conjunct's range.

    Only coordinations of proper nouns are split: "Aleppo and Hama" are two checkable
    facts, "salt and pepper" is one thing.
    """
    info = _info(doc)
    dep, tag, kids = info.dep, info.tag, info.kids
    out = []
    own: set[int] | None = None
    for i in sorted(toks):
        if tag[i] not in ("NNP", "NNPS") or dep[i] not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
            continue
        if dep[i] == "pobj" and info.lower[info.head[i]] in _RELATING:
            continue  # "trade between Canada and Mexico" is one fact about the pair
        if _only_before(info, i):
            continue  # "met only by Trump and Cruz": by the two of them and nobody else
        if dep[i] == "pobj" and _measured(info, toks, i):
            # "a third of output comes from Chile and Peru", "Exports to Chile and Peru rose 5
            # pct", "operates 143 restaurants in Ohio and Texas", "the top three in A, B and
            # C": of all of them together
            continue
        if dep[i] == "pobj" and info.dep[info.head[i]] == "agent" and dep[info.head[info.head[i]]] == "acl":
            continue  # "underwriters led by Lane and Berg": together, not each alone
        if dep[i] == "pobj" and _members_of(info, info.head[i]):
            continue  # "a panel made up of Tower, Scowcroft and Muskie": all of them together
        if dep[i] in ("nsubj", "nsubjpass") and _done_together(info, info.head[i]):
            continue  # "Russia and China met": neither met alone
        if dep[i] == "attr" and _all_of_them(info, info.head[i]):
            continue  # "The managers are Lund Bank and Hale Trust": who all of them are
        if own is None:
            own = set(toks)
        if any(tag[k] in ("JJS", "RBS") for k in kids[info.head[i]]):
            continue  # "hit Kent, Essex and Surrey the most": compared with each other
        if any(info.lower[k] == "respectively" for k in own):
            continue  # "Kenya and Ghana grew 8 and 11 pct, respectively": each has its own figure
        conjs = [i]
        stack = [i]
        group = False
        common: list[int] = []
        while stack:
            x = stack.pop()
            for g in kids[x]:
                if (
                    dep[g] == "conj"
                    and tag[g] in ("NNP", "NNPS")
                    and info.words[g][:1].isupper()
                    and g in own
                ):
                    conjs.append(g)
                    stack.append(g)
                elif dep[g] == "conj" and (
                    info.lower[g] == "others" or any(info.lower[k] == "other" for k in kids[g])
                ):
                    group = True
                elif dep[g] == "conj":
                    common.append(g)
        if group:
            continue  # "Chile, Peru and other nations": one list that ends in a group
        if any(k < max(conjs) for k in common):
            continue  # "Marines and sailors and Airmen": a common noun among the names
        ccs = [info.lower[k] for x in conjs for k in kids[x] if dep[k] == "cc"]
        if not ccs:
            continue  # "Carson, Huckabee, Fiorina earned fees": a headline's list, no "and" to split at
        if "or" in ccs or "nor" in ccs:
            continue  # "Voters can pick Lund or Berg": one choice, neither name alone is claimed
        if any(c in _VERSUS for c in ccs):
            continue  # "overturn Roe v. Wade": one case between the two
        if len(conjs) < 2 or any(info.lower[x] in lx.FIRM_CONJUNCTS for x in conjs[1:]):
            continue  # "Lane-Berg and Associates", "Smith and Sons": one firm
        if any(info.lower[x] in lx.TIME_WORDS for x in conjs):
            continue  # "expiration months of April, May and July": one list of dates
        if _firm_word(info, conjs[-1]) and not _firm_word(info, conjs[0]):
            continue  # "Golf and Tennis Corp", "Gas and Electric Co <PCG>": one firm ("Acme Corp and Beta Inc" are two)
        if any(len(info.words[x]) == 1 and info.words[x].isupper() for x in conjs):
            continue  # "B and C", "A and G": a firm's initials
        if _inside_a_name(info, i, conjs):
            continue  # "the Ministry of Fisheries and Forestry": one ministry
        if _bracketed_name(info, min(conjs), max(conjs)):
            continue  # "<Lane and Berg>": the brackets mark one company's name
        if any(dep[k] == "compound" and _plural_title(info, k) for k in kids[conjs[0]]):
            continue  # "Presidents Obama and Bush": one title for the pair
        if any(info.lower[k] in _THEIR or _reciprocal(info, k) for k in own if k > max(conjs)):
            continue  # "For Clinton and Trump, their strategies ...": said of the pair
        ranges = []
        for x in conjs:
            excl: set[int] = set()
            for child in doc[x].children:
                a, b = child.left_edge.i, child.right_edge.i
                if (
                    child.dep_ == "appos"
                    and a > 0
                    and b + 1 < len(doc)
                    and (doc[a - 1].text, doc[b + 1].text) == ("(", ")")
                ):
                    continue  # "John Smith (R-Utah)": the bracket stays with its name
                if child.dep_ == "prep" and child.lower_ == "of" and _capitalised_object(info, child.i):
                    continue  # "Bank of Montreal Asia Ltd": the name goes on
                if (
                    child.dep_ in ("conj", "cc", "appos", "prep", "relcl", "acl", "preconj")
                    or child.text == ","
                ):
                    excl.update(range(a, b + 1))
            ranges.append(_np_range(doc, x, excl))
        described = _set_off_apposition(info, conjs)
        ranges = [(a + 1, b) if info.lower[a] in _PAIRING and b > a + 1 else (a, b) for a, b in ranges]
        start = min(r[0] for r in ranges)
        before = start - 1
        while before > 0 and not info.words[before].strip():
            before -= 1  # (a doubled space is a token of its own)
        # "both the United States and the United Nations": "both" goes with the coordination.
        if before >= 0 and info.lower[before] in _PAIRING:
            start = before
            if any(info.dep[k] == "neg" or info.lower[k] == "only" for k in own):
                # "has not carried both Lund and Borel" is not "neither"; "the only one
                # who topped both" may have topped each with others
                continue
        # "Lund and Speaker Tom Hale, a Utah Democrat, have": the apposition describes
        # the last name only; the coordination ends after it, and no name takes it.
        whole = (start, max(described, *(r[1] for r in ranges)))
        if whole[1] < len(info.lower) and info.lower[whole[1]] in ("all", "both"):
            continue  # "Peru, Chile and Bolivia all backed the plan": said of them together
        out.append((whole, sorted(ranges)))
    return out


def _join(prefix: str, text: str) -> str:
    return f"{prefix} {text}" if prefix and text else text or prefix


def relative_subject(info: _Info, toks: Sequence[int]) -> dict[int, str]:
    """ "the talks, which sources said would focus on debt": a claim opening with a
    relative pronoun that is the subject of a clause below the relative clause (the
    parser made "said" the relative clause) reads with the noun it stands for."""
    first = next((t for t in sorted(toks) if not info.skip[t]), -1)
    if first < 0 or info.lower[first] not in ("which", "who", "that") or info.tag[first] not in ("WDT", "WP"):
        return {}
    if info.dep[first] not in ("nsubj", "nsubjpass"):
        return {}
    cur = info.head[first]
    noun = -1
    for _ in range(6):
        if info.dep[cur] == "relcl":
            noun = info.head[cur]
            break
        if info.head[cur] == cur:
            break
        if info.dep[cur] == "ccomp" and noun < 0:
            # "the talks here, which sources said would ...": the parser may hang "said"
            # elsewhere; the noun right before the comma is the one described.
            k = first - 1
            while k > 0 and (info.punct[k] or info.tag[k] == "RB") and first - k < 4:
                k -= 1
            noun = k if info.words[first - 1] == "," else -1
        cur = info.head[cur]
    if noun < 0 or not info.tag[noun].startswith("NN") or noun > first or first - noun > 3:
        return {}  # (a noun further away is a misparse: "a case (... a boy who ...)")
    return {first: _text_of(info.doc, range(info.doc[noun].left_edge.i, noun + 1))}


def _contact_subject(info: _Info, c: Clause) -> str:
    """ "a plan he said will cut costs": the reported clause of a relative clause without
    a relative word has no subject of its own; it is the noun the relative clause
    describes ("a plan will cut costs"). Else ""."""
    h = c.head
    if c.kind != "ccomp" or _has_subject(info, h):
        return ""
    cue = info.head[h]
    if info.dep[cue] != "relcl" or not info.verbal[h] or info.doc[h].left_edge.i != cue + 1:
        return ""  # (the reported clause follows the cue at once: "he said | will cut")
    if any(info.tag[k] in ("WDT", "WP", "WRB") or info.lower[k] == "that" for k in info.kids[cue]):
        return ""
    noun = info.head[cue]
    if not info.tag[noun].startswith("NN") or noun > cue:
        return ""
    return _text_of(info.doc, range(info.doc[noun].left_edge.i, noun + 1))


def _context(doc: Doc, c: Clause, toks: Sequence[int]) -> tuple[str, dict[int, str]]:
    """What a reader needs to read a split-off clause as a proposition: the noun a
    relative or participial clause describes, the subject a coordinated verb shares.

    Returns a prefix for the claim text and replacements for tokens of the clause.
    """
    prefix, replace = _context_of(doc, c, toks)
    if not prefix and not replace:
        replace = relative_subject(_info(doc), toks)
    if not prefix and not replace:
        prefix = _contact_subject(_info(doc), c)
    # The proposition without its connective: "that X" / "while X" / "and X" read as X;
    # "if"/"unless"/"whether" stay because they change what is claimed.
    first = min(toks)
    info = _info(doc)
    f_dep, f_lower = info.dep[first], info.lower[first]
    complementizer = (
        f_lower == "that" and info.tag[first] in ("IN", "WDT") and f_dep not in ("nsubj", "nsubjpass")
    )
    if first not in replace and (
        f_dep == "cc"
        or f_dep == "mark"
        and f_lower in lx.DROPPABLE_MARKS
        # ("Although A, B, A and G said": the mark of A inside the claim stays.)
        and info.head[first] == c.head
        or c.kind in ("ccomp", "acl")
        and complementizer
        and (c.kind == "ccomp" or info.tag[first] == "IN")
        or c.kind == "advcl"
        and first == opening_when(info, c.head)
    ):
        # (A "when" clause left on its own tells of a past event, see clauses._is_dependent_fragment.)
        replace = {**replace, first: ""}
        date = _when_date(info, c.head, first) if c.kind == "advcl" and f_lower == "when" else ""
        last = max((t for t in toks if not info.skip[t]), default=-1)
        if date and last > first and last not in replace:
            replace[last] = f"{info.words[last]} {date}"  # "..., when X fell" -> "X fell on May 3"
    return prefix, replace


def with_restrictors(info: _Info, toks: Sequence[int], clauses: Sequence[Clause]) -> list[int]:
    """The clause's tokens for its text, with the participle clauses that say which of
    its nouns it is about: "The man | arrested on Monday | was released" reads "The man
    arrested on Monday was released" (the participle is still a claim of its own, and
    the claim's span stays its own clause). Only a participle right after its noun, not
    set off by a comma or a bracket ("HTS, designated as ...," describes the noun)."""
    own = set(toks)
    extra: list[int] = []
    for q in clauses:
        h = q.head
        noun = info.head[h]
        if q.kind != "acl" or noun not in own or info.tag[h] not in ("VBN", "VBD") or h in own:
            continue
        left = info.doc[h].left_edge.i
        if not (noun < left and not info.punct[left - 1] and info.tag[noun].startswith("NN")):
            continue
        if _has_subject(info, h) or len(q.tokens) > _RESTRICTOR_MAX:
            continue
        last = max(q.tokens)
        extra.extend(t for t in q.tokens if not (t == last and info.punct[t]))
    return sorted(own.union(extra)) if extra else list(toks)


# Longer participle phrases stay out of the host's text (it would read as the whole sentence).
_RESTRICTOR_MAX = 8


def _when_date(info: _Info, h: int, when: int) -> str:
    """ "on March 3" when the "when" clause headed by ``h`` follows ", " after the date
    its host happened on ("stepped in on March 3, when the krona fell"); else ""."""
    if when < 2 or info.words[when - 1] != ",":
        return ""
    date = when - 2
    p = info.head[date]
    if info.dep[date] == "nummod":
        date, p = p, info.head[p]  # "March 3": the day hangs on the month
    if info.dep[date] != "pobj" or info.lower[p] not in ("on", "in") or info.head[p] != info.head[h]:
        return ""
    if not (info.lower[date] in lx.TIME_WORDS or info.tag[date] == "CD"):
        return ""
    return _text_of(info.doc, range(p, when - 1))


_BRACKET_WORDS = frozenset(BRACKETS) | frozenset(BRACKETS.values())
# "it appears/seems ...": an "it" that stands for nothing.
_RAISING_VERBS = frozenset(
    {"appear", "appears", "appeared", "seem", "seems", "seemed", "remains", "remained", "looks", "looked"}
)


def _pronoun_is_source(
    info: _Info, toks: Sequence[int], src: tuple[int, int], replace: dict[int, str]
) -> dict[int, str]:
    """ "The company said it would reply" -> "The company would reply", "Analysts said they
    expect ..." -> "Analysts expect ...": a claim opening with it/they as its subject
    speaks of the source of the same sentence when the number agrees, "it" is not a
    person, and the claim is reported, not quoted ("'It will take a year,' she said")."""
    first = next((t for t in toks if not info.skip[t] and t not in replace), -1)
    if first < 0 or info.lower[first] not in ("it", "they") or info.dep[first] not in ("nsubj", "nsubjpass"):
        return replace
    a, b = src
    # (the name before an apposition: "Acme Inc, a unit of Borel Group, said it ...")
    end = next((t for t in range(a, b) if info.words[t] in (",", "(", "—") or _spaced_dash(info, t)), b)
    while end + 1 < b and info.words[end] == "," and info.tag[end + 1] == "NNP":
        # "Goldman, Sachs and Co", "Lane, Berg and Moss Inc": a firm's name with a comma in it
        nxt = next((t for t in range(end + 1, b) if info.words[t] in (",", "(")), b)
        if info.lower[nxt - 1] not in lx.FIRM_SUFFIXES:
            break
        end = nxt
    if end - a > 10 or info.lower[a] in _THIRD_PERSON or src[0] <= first < src[1]:
        return replace
    if src[1] > first:
        return replace  # '"... it may help," Lund wrote': a source after the pronoun is not it
    verb = info.head[first]
    if info.dep[first] == "nsubjpass" and any(info.dep[k] == "ccomp" for k in info.kids[verb]):
        return replace  # "it is expected (that) the sales will close": no one, an expletive
    last = end - 1
    if info.words[last] == ">":
        # "Morgan Stanley and Co <MS>": the name without its ticker (not "Acme and
        # <Borel Inc>", a second name in brackets).
        opened = next((t for t in range(last - 1, a, -1) if info.words[t] == "<"), -1)
        ticker = info.words[opened + 1 : last] if opened > a else []
        if ticker and len(ticker) <= 2 and all(w.isupper() for w in ticker):
            last = opened - 1
    if _quoted(info, first):
        return replace
    head = next(
        (
            t
            for t in range(a, b)
            if not info.punct[t]
            and info.words[t] not in _BRACKET_WORDS
            and (not a <= info.head[t] < b or info.head[t] == t)
        ),
        b - 1,
    )
    # A firm's name is one ("Lane and Berg Co", "General Dynamics"); "and" joining two
    # names, or a common plural, is more than one.
    firm = info.lower[last] in lx.FIRM_SUFFIXES or info.tag[head] == "NNPS" and info.lower[first] == "it"
    plural = not firm and (
        info.tag[head] in ("NNS", "NNPS")
        or any(info.dep[k] == "conj" and a <= k < end for k in info.kids[head])
    )
    if info.tag[head] not in ("NN", "NNS", "NNP", "NNPS") or plural != (info.lower[first] == "they"):
        return replace
    if not plural and _is_person(info, a, head):
        return replace
    if info.lower[info.head[first]] in lx.BE_FORMS or info.lower[info.head[first]] in _RAISING_VERBS:
        return replace  # "it may be a sign that ...", "it appears certain ...": rarely the speaker
    return {**replace, first: info.text[info.idx[a] : info.idx[last] + info.length[last]]}


def _spaced_dash(info: _Info, t: int) -> bool:
    """A "-" set off by a space, as an aside opens ("Acme - the maker of ..."), not one
    inside a name ("Micro-Membranes Inc")."""
    return info.words[t] == "-" and t > 0 and info.idx[t] > info.idx[t - 1] + info.length[t - 1]


def _quoted(info: _Info, i: int) -> bool:
    """Token ``i`` is inside a direct quotation: more double quotation marks open than close
    before it in its unit (curly and guillemets by kind, straight ones by count; single
    marks are also apostrophes)."""
    before = info.text[: info.idx[i]]
    opened = before.count("\u201c") - before.count("\u201d") + before.count("\u00ab") - before.count("\u00bb")
    return opened > 0 or before.count('"') % 2 == 1


_PERSON_TITLES = frozenset(
    {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sen.", "rep.", "gov.", "president"}
)


def _is_person(info: _Info, a: int, head: int) -> bool:
    """The source ``a``..``head`` names a person ("Mr. Dale", "Jane Roe"), who is never "it"."""
    return info.lower[a] in _PERSON_TITLES or info.doc[head].ent_type_ == "PERSON"


def _be_form(info: _Info, noun: int, *, tagged_past: bool = False) -> str:
    """ "is"/"are"/"was"/"were" for a passive participle describing ``noun``: number from
    the noun (`_plural`), tense from the sentence's main verb, or past when the tagger read
    the participle as a past tense."""
    root = noun
    for _ in range(50):
        if info.head[root] == root:
            break
        root = info.head[root]
    # Past also after a present perfect: "The offensive, launched in May, has resulted ..."
    past = info.tag[root] == "VBD" or any(
        info.dep[k] in ("aux", "auxpass") and (info.tag[k] == "VBD" or info.lower[k] in ("has", "have"))
        for k in info.kids[root]
    )
    past = past or tagged_past
    plural = _plural(info, noun)
    return ("were" if plural else "was") if past else ("are" if plural else "is")


def _is_past_date(info: _Info, k: int) -> bool:
    """Token ``k`` dates a participle in the past: "installed in 1983", "built last year",
    "signed two years ago"."""
    w = info.lower[k]
    if w in ("ago", "yesterday", "last", "earlier", "previously", "formerly"):
        return True
    return info.tag[k] == "CD" and len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2030


def _plural(info: _Info, noun: int) -> bool:
    """The noun's number: from the verb it is the subject of when that verb shows it
    ("Kells, ..., represents" is one place), else a named place or organisation is singular
    ("the United States"), else the tag."""
    if info.dep[noun] in ("nsubj", "nsubjpass"):
        verb = info.head[noun]
        shown = [verb, *(k for k in info.kids[verb] if info.dep[k] in ("aux", "auxpass"))]
        for t in shown:
            if info.tag[t] == "VBZ" or info.lower[t] in ("was", "is", "has"):
                return False
            if info.lower[t] in ("were", "are", "have"):
                return True
            if info.tag[t] == "VBP" and info.tag[noun] != "NNP":
                # (Not after a singular name: "The Commission ... forecast" is a past
                # tense the tagger read as a plural present.)
                return True
    if info.doc[noun].ent_type_ in _SINGULAR_NAMES:
        return False
    return info.tag[noun] in ("NNS", "NNPS")


_SINGULAR_NAMES = frozenset({"GPE", "LOC", "FAC", "ORG"})


# Prepositions a relative clause leaves at its end ("the city he lives in").
_STRANDABLE = frozenset({"in", "on", "at", "to", "for", "with", "from", "about", "into", "of", "by", "over"})
_RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose", "that", "where", "when", "why"})


def _noun_text(info: _Info, up: int, *, moved: bool = False) -> str:
    """The noun phrase ending at ``up`` (without what follows it); ``moved``: it goes
    later in the claim, so a sentence-initial "The"/"A" is lower-cased."""
    first = info.doc[up].left_edge.i
    noun = _text_of(info.doc, range(first, up + 1))
    if moved and info.lower[first] in ("the", "a", "an"):
        # (Also after a colon: "...: The baggage she brings" -> "she brings the baggage".)
        noun = info.lower[first] + noun[len(info.lower[first]) :]
    return noun


def _relative_noun(info: _Info, up: int, rel: int) -> str:
    """The noun phrase a relative word ``rel`` stands for, hung by the parser on ``up``:
    "who"/"whose" after a title is its person's ("Ann Cole, a top aide to Governor Tim
    Reyes whose portfolio" is Ann Cole's)."""
    if info.lower[rel] in ("who", "whose"):
        up = who_antecedent(info, up, rel)
    return _noun_text(info, up)


def _last_word_of(info: _Info, own: set[int]) -> int:
    return max(t for t in own if not info.skip[t])


# Nouns a relative clause without a relative word tells the why, how or when of.
_ADJUNCT_NOUNS = frozenset(
    {
        "reason",
        "reasons",
        "way",
        "ways",
        "time",
        "times",
        "day",
        "days",
        "moment",
        "year",
        "years",
        "week",
        "month",
    }
)


def _object_gap(info: _Info, h: int, up: int, own: set[int]) -> dict[int, str]:
    """ "the plant it bought last year" -> "it bought the plant last year", "a package the
    government plans to adopt soon" -> "... plans to adopt a package soon": a relative
    clause without a relative word leaves its noun out as an object; it goes back after
    the verb that has none (or the preposition left without its object)."""
    dep, kids = info.dep, info.kids
    if any(info.lower[k] in _RELATIVE_WORDS for k in own) or not _has_subject(info, h):
        return {}
    v = h
    for _ in range(4):
        nxt = next((k for k in kids[v] if dep[k] == "xcomp"), -1)
        if nxt < 0:
            break
        v = nxt
    if (
        any(dep[k] in ("dobj", "ccomp", "attr", "dative", "acomp") for k in kids[v])
        or info.lower[v] in lx.BE_FORMS
    ):
        return {}
    if info.lower[up] in _ADJUNCT_NOUNS:
        return {}  # "the reasons the movement should win", "the day he left": no object left out
    last = _last_word_of(info, own)
    stranded = last if last > v and info.lower[last] in _STRANDABLE and not kids[last] else -1
    at = stranded if stranded >= 0 else v + 1 if v + 1 < len(dep) and dep[v + 1] == "prt" else v
    if at not in own:
        return {}
    return {at: f"{info.words[at]} {_noun_text(info, up, moved=True)}"}


def _a_date(info: _Info, up: int, x: int) -> bool:
    """ "on January 27, when ...", "in March, when ...": "when" after a month or a day."""
    return info.lower[x] == "when" and info.tag[up] == "NNP" and info.lower[up] in lx.TIME_WORDS


def _a_day(info: _Info, up: int) -> bool:
    """A day, not a month: "January 27", "Tuesday"."""
    return info.lower[up] in lx.WEEKDAYS or any(info.tag[k] == "CD" for k in info.kids[up])


def _relative_named(info: _Info, h: int, up: int, own: set[int]) -> dict[int, str]:
    """The relative word of a relative clause headed by ``h`` replaced by the noun
    ``up`` it stands for: "trucks whose route is changed" -> "trucks' route is changed",
    "the group, with which it made the offer" -> "it made the offer with the group"."""
    dep, lower = info.dep, info.lower
    for x in sorted(own):
        if x >= h:
            break
        if lower[x] == "whose":
            noun = _relative_noun(info, up, x)
            return {x: noun + ("'" if noun.endswith("s") else "'s")}
        moved = _noun_text(info, up, moved=True)
        last = _last_word_of(info, own)
        if lower[x] in ("when", "where") and info.head[x] == h:
            # "since 1931, when it opened a Lima office" -> "... office in 1931"; "Lima,
            # where the council sits" -> "the council sits in Lima" (a proper noun
            # after "where" is nearly always a place).
            if info.tag[up] != ("CD" if lower[x] == "when" else "NNP") and not _a_date(info, up, x):
                continue
            at = "in"
            if lower[x] == "when" and info.tag[up] == "NNP" and _a_day(info, up):
                at = "on"
                day = max([up, *(k for k in info.kids[up] if info.tag[k] == "CD" and k > up)])
                moved = _text_of(info.doc, range(info.doc[up].left_edge.i, day + 1))
            return {x: "", last: f"{info.words[last]} {at} {moved}"} if last > x else {}
        if (
            lower[x] in ("that", "which", "whom")
            and dep[x] == "dobj"
            and (info.head[x] == h or _object_hung_on_infinitive(info, x, h))
        ):
            # "the chairs that the paper interviewed" -> "the paper interviewed the chairs"
            v = h + 1 if h + 1 < len(dep) and dep[h + 1] == "prt" and h + 1 in own else h
            return {x: "", v: f"{info.words[v]} {moved}"}
        if lower[x] not in ("which", "whom") or dep[x] != "pobj":
            continue
        p = info.head[x]
        if lower[x - 1] == "of" and info.head[p] != h:
            # "the farm deficit, much of which is with Chile" -> "much of the farm
            # deficit is with Chile"
            return {x: moved}
        if p not in own or dep[p] != "prep" or info.head[p] != h or p != x - 1 or last <= x:
            return {}
        return {p: "", x: "", last: f"{info.words[last]} {info.words[p]} {moved}"}
    return {}


def _object_hung_on_infinitive(info: _Info, x: int, h: int) -> bool:
    """ "the tool that voters use to find their polling place": the parser made the
    relative object ``x`` the object of "find", which has its own; it is the object of the
    relative clause's verb ``h``, which has none."""
    dep, v = info.dep, info.head[x]
    return (
        v != h
        and info.head[v] == h
        and dep[v] == "xcomp"
        and any(dep[k] == "dobj" and k != x for k in info.kids[v])
        and not any(dep[k] == "dobj" for k in info.kids[h])
    )


def _context_of(doc: Doc, c: Clause, toks: Sequence[int]) -> tuple[str, dict[int, str]]:
    kind = c.kind
    if kind == "ccomp":
        return _participle_read_as_verb(doc, c, toks)
    if kind not in ("prep", "relcl", "acl", "conj"):
        return "", {}
    own = set(toks)
    info = _info(doc)
    h = c.head
    up = info.head[h]
    dep, tag, kids = info.dep, info.tag, info.kids
    if kind == "prep" and info.lower[h] == "including" and tag[up].startswith("NN"):
        return _text_of(doc, range(doc[up].left_edge.i, up + 1)), {}
    if kind == "relcl" and tag[up] == "CD":
        return "", _relative_named(info, h, up, own)  # "since 1979, when ..."
    if kind == "relcl" and tag[up].startswith("NN"):
        rel = next(
            (x for x in kids[h] if dep[x] in ("nsubj", "nsubjpass") and tag[x] in ("WDT", "WP") and x in own),
            None,
        )
        if rel is not None:
            # "the team, which consists of girls" -> "the team consists of girls".
            return "", {rel: _relative_noun(info, up, rel)}
        relative = _relative_named(info, h, up, own)
        return "", relative or _object_gap(info, h, up, own)
    # A participle the tagger took for a past tense ("the bridge, closed/VBD since May,")
    # describes the noun all the same: an "acl" is never a finite verb.
    if (
        kind == "acl"
        and tag[h] in ("VBN", "VBG", "VBD")
        and tag[up].startswith("NN")
        and up < h
        and not _has_subject(info, h)
        and not _has_that(info, h)
    ):
        noun = _text_of(doc, range(doc[up].left_edge.i, up + 1))
        if tag[h] in ("VBN", "VBD") and not any(dep[k] in ("aux", "auxpass") for k in kids[h]):
            # "a group designated as a terrorist organization" -> "a group is designated ..."
            # A participle tagged as a past tense was read as one by the tagger: "was".
            dated = any(_is_past_date(info, k) for k in _descendants(info, h))
            return f"{noun} {_be_form(info, up, tagged_past=tag[h] == 'VBD' or dated)}", {}
        return noun, {}
    if kind == "conj" and dep[up] == "relcl" and tag[info.head[up]].startswith("NN"):
        rel = next((x for x in kids[h] if dep[x] in ("nsubj", "nsubjpass") and tag[x] in ("WDT", "WP")), None)
        if rel is not None and rel in own:
            # "the arrangement that has been in place and which was due to expire": the
            # second relative word stands for the same noun.
            return "", {rel: _relative_noun(info, info.head[up], rel)}
    if kind == "conj" and not _has_subject(info, h):
        if noun_read_as_conjunct(info, h) in own:
            return "", {}  # "..., but last week's quake ... was a reminder": its own subject
        apposition = _continued_apposition(info, h)
        if apposition >= 0:
            # "HTS, a group with roots in al-Qaeda and designated as a terrorist
            # organization": the participle describes the noun the apposition names,
            # given without the apposition it continues (a short one, "(HTS)", stays).
            named = info.head[apposition]
            first = min(own)
            rep = {first: ""} if dep[first] == "cc" else {}
            drop = {apposition, *_descendants(info, apposition)}
            noun = _text_of(doc, range(*_np_range(doc, named, drop)))
            return f"{noun} {_be_form(info, named)}", rep
        subj = next((x for x in kids[up] if dep[x] in ("nsubj", "nsubjpass")), None)
        host = up
        for _ in range(4):
            # "Acme launched it, but reduced it and amended the terms": the third verb
            # shares the subject of the first.
            if subj is not None or dep[host] != "conj" or info.head[host] == host:
                break
            host = info.head[host]
            subj = next((x for x in kids[host] if dep[x] in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj not in own:
            first = min(own)
            rep = {first: ""} if dep[first] == "cc" else {}
            shared = _text_of(doc, range(*_np_range(doc, subj, set())))
            if tag[subj] in ("WDT", "WP") and dep[up] == "relcl" and tag[info.head[up]].startswith("NN"):
                # "Tom Bell, who is retiring but remains a director": the relative's noun
                # is the shared subject.
                shared = _relative_noun(info, info.head[up], subj)
            if (tag[h] in ("VBN", "VB") or tag[h] == tag[up] == "VBG") and not any(
                dep[k] in ("aux", "auxpass") for k in kids[h]
            ):
                # "The man was arrested and questioned" -> "The man was questioned", "who
                # were selling pounds and buying francs" -> "... were buying francs": the verb
                # shares the auxiliaries too.
                aux = [
                    info.words[k]
                    for k in kids[up]
                    if dep[k] in ("aux", "auxpass", "neg") and k < up and _fits(info, k, tag[h])
                ]
                if aux:
                    shared = f"{shared} {' '.join(aux)}"
            return shared, rep
    return "", {}


def _fits(info: _Info, aux: int, tag: str) -> bool:
    """Whether auxiliary ``aux`` can go before a verb tagged ``tag``: "have used ... and
    leave" shares no "have" with the bare "leave" (a modal or "do" it would)."""
    if tag == "VB":
        return info.tag[aux] == "MD" or info.lower[aux] in ("do", "does", "did", "to", "not", "n't", "never")
    if tag == "VBG":
        return info.lower[aux] in lx.BE_FORMS or info.dep[aux] == "neg"
    return True


def _continued_apposition(info: _Info, v: int) -> int:
    """The apposition participle ``v`` continues when the parser coordinated it with a
    verb: "led by HTS, a group with roots in al-Qaeda and designated as a terrorist
    organization" hangs "designated" on "led", yet the word before its "and" ends the
    apposition "a group ..." of "HTS". Returns the apposition's head ("group"), or -1."""
    dep, tag, head, words = info.dep, info.tag, info.head, info.words
    if tag[v] not in ("VBN", "VBD") or any(dep[k] in ("dobj", "aux", "auxpass") for k in info.kids[v]):
        return -1
    if tag[v] == "VBD" and (v + 1 >= len(words) or info.lower[v + 1] not in ("as", "by")):
        return -1  # a past tense unless a passive's "as"/"by" follows
    cc = v - 1
    if cc < 1 or dep[cc] != "cc":
        return -1
    last = cc - 1
    x = last
    for _ in range(20):
        if dep[x] == "appos":
            if tag[head[x]] in ("NNP", "NNPS", "NN", "NNS") and max([x, *_descendants(info, x)]) == last:
                return x
            return -1
        if head[x] == x or not tag[head[x]].startswith(("NN", "IN", "JJ", "DT", "CD")):
            return -1
        x = head[x]
    return -1


def _misread_participle(info: _Info, v: int) -> int:
    """The subject of ``v`` when ``v`` is a participle the parser made a reported clause's
    verb: "said the bridge, closed since May, will reopen" parses as two clauses of "said",
    "the bridge, closed since May" (a VBD with "bridge" as its subject, a comma between)
    and "will reopen" (no subject). Returns -1 otherwise."""
    if info.dep[v] != "ccomp" or info.tag[v] not in ("VBD", "VBN") or _has_that(info, v):
        return -1
    subj = next((k for k in info.kids[v] if info.dep[k] == "nsubj" and k < v), -1)
    if subj < 0 or info.words[v - 1] != "," or any(info.dep[k] in ("aux", "auxpass") for k in info.kids[v]):
        return -1
    up = info.head[v]
    after = next((k for k in info.kids[up] if k > v and info.dep[k] == "ccomp"), -1)
    if after < 0 or _has_subject(info, after) or info.words[info.doc[after].left_edge.i - 1] != ",":
        return -1
    return subj


def _participle_read_as_verb(doc: Doc, c: Clause, toks: Sequence[int]) -> tuple[str, dict[int, str]]:
    """Both halves of a misread participle (`_misread_participle`) as propositions:
    "the bridge was closed since May" and "the bridge will reopen"."""
    info = _info(doc)
    h = c.head
    subj = _misread_participle(info, h)
    if subj >= 0:
        return "", {h - 1: " " + _be_form(info, subj, tagged_past=True)}
    if _has_subject(info, h):
        return "", {}
    up = info.head[h]
    before = [k for k in info.kids[up] if k < h and info.dep[k] == "ccomp"]
    if before:
        subj = _misread_participle(info, before[-1])
        if subj >= 0:
            return _text_of(doc, range(*_np_range(doc, subj, set()))), {}
    return "", {}


_THIRD_PERSON = frozenset({"he", "she", "they", "it", "him", "her", "them"})


def _clause_span(doc: Doc, c: Clause) -> tuple[tuple[int, int], list[int]] | None:
    info = _info(doc)
    punct = info.punct
    runs: list[tuple[int, int]] = []
    for a, b in _runs(c.tokens):
        a, b = strip_range(info, a, b, keep_and=bool(runs))
        # Runs without a word (a stray ">" or ")" the parser hung on this clause) are dropped.
        if a < b and not all(punct[a:b]):
            runs.append((a, b))
    if not runs:
        return None
    main = next((r for r in runs if r[0] <= c.head < r[1]), None) or max(runs, key=lambda r: r[1] - r[0])
    s, e = info.idx[main[0]], info.idx[main[1] - 1] + info.length[main[1] - 1]
    # Keep an opening quote mark with its quotation.
    if s > 0 and info.text[s - 1] in _QUOTE_OPENERS:
        s -= 1
    return (s, e), [i for r in runs for i in range(r[0], r[1])]
