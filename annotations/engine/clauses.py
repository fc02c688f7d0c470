"""Clause segmentation of one parsed unit (step 1 of extraction), and the records the
later steps fill in (``Clause``, ``Attribution``, ``RawClaim``).

``segment``: find clause heads (root, finite complements, adverbial, relative and
participial clauses, coordinated verbs, purpose infinitives, clausal prepositions,
"according to"/"including"/"because of") and give every token to its nearest head.
Which dependencies count was measured on the GUM news training documents. After
attribution, ``merge_dependent_clauses`` gives some clauses back to the clause above
them (reported content as one claim; no claims of purposes, conditions or bare adjuncts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import lexicon as lx
from .tokens import (
    _QUOTE_OPENERS,
    BRACKETS,
    _descendants,
    _has_subject,
    _has_that,
    _has_to,
    _Info,
    _info,
    finite_form,
)
from .types import Stance

# Dependency labels that start a clause of their own (GUM-style EDUs).
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis"})
# Participial and infinitival modifiers of nouns are clauses only when verbal.
VERBAL_MOD_DEPS = frozenset({"acl"})
# Dependencies is_clause_head can accept; other tokens are not even looked at.
_HEAD_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "acl", "conj", "xcomp", "dobj", "prep"}
)
_JOINERS = frozenset({"cc", "punct", "mark"})
# Prepositions that head a clause without a verbal complement (see is_clause_head).
_PREP_HEAD_WORDS = lx.ACCORDING | {"including", "because"}


@dataclass(slots=True)
class Attribution:
    source: tuple[int, int] | None  # token index range [start, end) within the unit
    cue: tuple[int, int]
    stance: Stance = "asserted"
    chain: list[tuple[int, int]] = field(default_factory=list)
    # "dismissed rumors of X": the claim is built from a noun phrase, not a clause.
    nominal: tuple[int, int] | None = None
    # The source is the subject of a host verb ("X stated ..., declaring ...").
    borrowed: bool = False
    origin: int = -1  # head of the cue clause that made it
    nominal_subject: tuple[int, int] | None = None  # "X denied taking" -> X took
    # A stance cue inside its own clause ("Lund wants to raise taxes"): the claim is
    # grounded from this token on (the content), its text stays the whole clause.
    content_from: int = -1
    content_to: int = -1  # end (exclusive) of that content


@dataclass(slots=True)
class Clause:
    head: int
    kind: str
    tokens: list[int] = field(default_factory=list)
    is_cue: bool = False  # the "X said" side of an attribution: not a claim
    attributions: list[Attribution] = field(default_factory=list)


@dataclass(slots=True)
class RawClaim:
    """A claim in unit-relative character offsets."""

    start: int
    end: int
    text: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    stance: Stance
    chain: list[tuple[int, int]]
    head: int  # token index of the clause head, for pronoun resolution / ordering
    # "Let it play out.": a command, a claim only when someone is quoted giving it
    # (kept or dropped once the quotations are known, discourse.Discourse.claims).
    imperative: bool = False
    # What a relative "who" as the source stands for ("the minister, who said").
    source_ref: tuple[int, int] | None = None


def _is_bare_small_clause(info: _Info, i: int) -> bool:
    """ "help the girls enter", "let it play out": a bare infinitive with a subject."""
    dep = info.dep
    return (
        info.tag[i] == "VB"
        and not _has_to(info, i)
        and not any(dep[c] in ("aux", "mark") for c in info.kids[i])
    )


def _quoted_command(info: _Info, i: int) -> bool:
    """'"Stay indoors tonight," the mayor said': a command in quotation marks that a verb
    of saying reports is what was said."""
    head = info.lower[info.head[i]]
    lemma = lx.CUE_VERBS.get(head) or lx.INTRO_VERBS.get(head)  # "the man shouted, \"Go home!\""
    if lemma not in lx.SPEECH_CUES or _has_subject(info, i):
        return False
    first = info.doc[i].left_edge.i
    if first < i and info.words[first] in _QUOTE_OPENERS:
        return True  # the opening mark hangs on the command
    return first > 0 and info.words[first - 1] in _QUOTE_OPENERS


# Verbs of what follows from something: negated, they claim nothing of their clause.
_ENTAILING = frozenset(
    {
        "imply",
        "implies",
        "implied",
        "mean",
        "means",
        "meant",
        "prove",
        "proves",
        "proved",
        "show",
        "shows",
        "showed",
    }
)


def describes_a_noun(info: _Info, v: int) -> bool:
    """ "There is no cause to think the pact failed", "evidence to suggest the
    test was rigged": an infinitive describing a noun says what the noun is about; nobody
    believes or suggests anything, and the content stays in the claim."""
    return (
        info.dep[v] in ("relcl", "acl")
        and _has_to(info, v)
        and not _has_subject(info, v)
        and info.tag[info.head[v]] in ("NN", "NNS")
    )


def _is_complement_clause(info: _Info, i: int) -> bool:
    """ "said (that) the plan failed" is a unit; "caused a crane to collapse", "saw the
    teams meet", "makes America great" and "it's what makes ..." are not."""
    dep, lower, kids = info.dep, info.lower, info.kids[i]
    # "millions of pilgrims arrive/NN": a noun-tagged head with a subject is a verb.
    mistagged = info.tag[i] in ("NN", "NNS") and any(dep[c] == "nsubj" for c in kids)
    if not (info.verbal[i] or mistagged) or _has_to(info, i):
        return False
    if _is_bare_small_clause(info, i) and not _quoted_command(info, i):
        return False
    h = info.head[i]
    if lower[h] in lx.SMALL_CLAUSE_VERBS and not any(dep[c] == "mark" for c in kids):
        return False
    if describes_a_noun(info, h):
        return False
    if info.lower[h] in _ENTAILING and any(info.dep[c] == "neg" for c in info.kids[h]):
        return False  # "The decision does not imply the country will sell": nobody claims it will
    if (
        info.tag[i] == "VBG"
        and lower[h] not in lx.CUE_VERBS
        and not any(dep[c] in ("aux", "auxpass", "mark") for c in kids)
        and not any(dep[c] in ("dobj", "ccomp") and c != i for c in info.kids[h])
    ):
        return False  # "Acme holds deposits totalling $6 bln": an object and its participle
    if lower[h] not in lx.BE_FORMS:
        return True
    first = info.doc[i].left_edge.i
    return lower[first] not in ("what", "whatever")


def _in_xcomp_chain(info: _Info, i: int) -> bool:
    dep, head = info.dep, info.head
    cur = i
    for _ in range(20):
        if dep[cur] == "xcomp":
            return True
        if dep[cur] != "conj" or head[cur] == cur:
            return False
        cur = head[cur]
    return False


def _is_bare_participle_verb(info: _Info, v: int) -> bool:
    """A present participle with no subject or auxiliary of its own ("..., doing some
    shopping"): a phrase describing something, not a clause."""
    return (
        info.tag[v] == "VBG"
        and not any(info.dep[k] in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for k in info.kids[v])
        and info.dep[v] in ("advcl", "acl", "conj", "xcomp")
    )


# Words that make a subject a quantity of which coordinated verbs are said together.
_QUANTIFIERS = frozenset({"only", "just", "no", "few", "neither", "none", "nobody", "nothing"})


def _quantified_subject(info: _Info, v: int) -> bool:
    """Whether the subject of ``v`` is a quantity ("just one candidate", "no party",
    "few voters"): "just one candidate lost Iowa and won" is not two claims about it."""
    subj = next((k for k in info.kids[v] if info.dep[k] in ("nsubj", "nsubjpass")), -1)
    if subj < 0:
        return False
    first = info.doc[subj].left_edge.i
    return any(info.lower[k] in _QUANTIFIERS for k in range(first, subj + 1))


_COMPLETING_MARKS = frozenset({"because", "since", "as", "if", "when", "where"})


def _completes_a_copula(info: _Info, i: int) -> bool:
    """Whether clause ``i`` is all a bare copula before it says ("This is because prices
    rose", "That is when the trouble began"): the copula has no complement of its own."""
    h = info.head[i]
    if h > i or info.lower[h] not in lx.BE_FORMS:
        return False
    if not any(
        info.dep[k] in ("mark", "advmod") and info.lower[k] in _COMPLETING_MARKS for k in info.kids[i]
    ):
        return False
    # Only adverbs between them ("That's partly because ..."), as "was off to a start as
    # ..." has more.
    return all(info.tag[k].startswith("RB") for k in range(h + 1, info.doc[i].left_edge.i))


def _participle_read_as_verb(info: _Info, h: int, i: int) -> bool:
    """Whether ``h`` is a participle set off after its noun that the parser made the
    verb, with the real verb ``i`` as its conjunct ("These towns — spread across the state
    — have become centers", "The firm, founded in 1990, has grown"): no conjunction
    between them, and the real verb has its auxiliary."""
    dep, kids = info.dep, info.kids
    if info.tag[h] not in ("VBD", "VBN") or any(dep[k] in ("aux", "auxpass") for k in kids[h]):
        return False
    subj = next((k for k in kids[h] if dep[k] in ("nsubj", "nsubjpass") and k < h), -1)
    if (
        subj < 0
        or info.words[h - 1] not in lx.ASIDE_PUNCT
        or info.doc[subj].right_edge.i not in (h - 2, h - 1)
    ):
        return False
    if any(dep[k] == "cc" and h < k < i for k in kids[h]):
        return False
    return info.words[info.doc[i].left_edge.i - 1] in lx.ASIDE_PUNCT and any(
        dep[k] in ("aux", "auxpass") for k in kids[i]
    )


def _which_after_a_date(info: _Info, r: int) -> bool:
    """Whether relative clause ``r`` opens with ", which" as its subject after a date or a
    year ("in May, which hurt exporters", "in 2011, which led to ..."): the "which"
    stands for what the clause before it says, not for the date."""
    up = info.head[r]
    if not (info.tag[up] == "CD" or info.lower[up] in lx.TIME_WORDS):
        return False
    w = next(
        (k for k in info.kids[r] if info.dep[k] in ("nsubj", "nsubjpass") and info.lower[k] == "which"), -1
    )
    return w > 0 and info.words[w - 1] == ","


def _existence_described(info: _Info, n: int, p: int) -> bool:
    """Whether participle ``p`` describes ``n``, the noun a "there is" claims exists:
    split, "There are no survivors left" would claim there are none at all."""
    if info.dep[n] != "attr" or info.tag[p] not in ("VBN", "VBG") or _has_subject(info, p):
        return False
    return any(info.dep[k] == "expl" for k in info.kids[info.head[n]])


def _unasserted_noun_clause(info: _Info, n: int, i: int) -> bool:
    """Clause ``i`` is the that-clause of noun ``n`` saying what is only feared, hoped,
    likely ("a fear that the dam will fail"), or what nobody said ("no assurance that
    ..."); not when the noun sits in a reporting verb's phrase (_cue_phrase_noun)."""
    if not (info.lower[n] in lx.HEDGE_NOUNS or info.lower[n] in lx.CUE_NOUNS and no_such_noun(info, n)):
        return False
    return _has_that(info, i) and not _cue_phrase_noun(info, n)


def no_such_noun(info: _Info, n: int) -> bool:
    """ "There is no assurance that ...", "gave no indication that ...": nobody gave it,
    so its that-clause is no one's claim."""
    return any(info.dep[k] == "det" and info.lower[k] == "no" for k in info.kids[n])


def _cue_phrase_noun(info: _Info, n: int) -> bool:
    """Whether noun ``n`` sits in a phrase of a reporting verb ("claiming without any
    evidence that ..."), where the parser hangs the verb's that-clause on it."""
    return info.dep[n] == "pobj" and info.lower[info.head[info.head[n]]] in lx.CUE_VERBS


def _alternative(info: _Info, h: int, i: int) -> bool:
    """Whether conjunct ``i`` of ``h`` is joined by "or"/"nor": alternatives, not two
    things said. Under a negation they are ("did not raise rates or cut spending" says
    it did neither)."""
    kids = info.kids[h]
    ccs = [k for k in kids if info.dep[k] == "cc" and h < k < i]
    return bool(ccs) and info.lower[ccs[-1]] in ("or", "nor") and not any(info.dep[k] == "neg" for k in kids)


def is_clause_head(info: _Info, i: int) -> bool:
    """Where GUM-style discourse units begin (measured on GUM news: relative,
    adverbial, participial and complement clauses split; "want to go" does not)."""
    dep = info.dep[i]
    verbal = info.verbal
    if dep == "ROOT":
        return True
    if dep == "ccomp":
        return _is_complement_clause(info, i)
    if dep in CLAUSE_DEPS:
        if dep == "advcl" and _completes_a_copula(info, i):
            return False  # "That's partly because the rules are murky": one claim
        if dep == "relcl" and _unasserted_noun_clause(info, info.head[i], i):
            return False  # "no assurance that it will succeed", read as a relative clause
        if dep == "relcl" and info.tag[i] == "MD":
            return False  # "every vote he can": its verb left out, it says nothing alone
        if dep == "relcl" and _which_after_a_date(info, i):
            return False  # "Prices fell in May, which hurt exporters": not "May hurt exporters"
        return verbal[i] or _has_subject(info, i)
    h = info.head[i]
    if dep in VERBAL_MOD_DEPS:
        if _unasserted_noun_clause(info, h, i) or (
            info.lower[h] in lx.HEDGE_NOUNS and _has_subject(info, i) and not _cue_phrase_noun(info, h)
        ):
            return False  # "There is a fear (that) the dam will fail": no failure is claimed
        if _existence_described(info, h, i):
            return False  # "There are no survivors left in the village": not "There are no survivors"
        return verbal[i]
    if dep == "conj":
        if not verbal[i]:
            return False
        if _alternative(info, h, i):
            return False  # "Lund may resign or be fired": one claim; neither half is claimed
        if _participle_read_as_verb(info, h, i):
            return False  # "These towns, spread across the state, have become ...": one claim
        if _has_subject(info, i):
            return True  # "..., and groups faced off in pairs"
        # Verb phrases coordinated under a clause ("was arrested and questioned") are
        # units; verbs sharing one infinitive ("to recognize, pick up and carry") are not.
        # Nor are verbs sharing a bare infinitive's subject ("help it cut its deficit and
        # save foreign exchange").
        if info.tag[i] == "VBG" and _is_bare_participle_verb(info, h) and info.lower[i] not in lx.CUE_VERBS:
            return False  # "out at parties, doing some shopping, taking in a movie": one participle phrase
        if (
            info.tag[i] == "VB"
            and info.tag[h] in ("VBN", "VBD", "VBZ")
            and not _has_to(info, i)
            and any(k < i and verbal[k] and _has_to(info, k) for k in info.kids[h])
        ):
            # "used their airtime to shape opinion, mock rivals and leave doubts": a bare
            # verb cannot continue a past or a participle; it continues an infinitive
            # the parser lost.
            return False
        if _quantified_subject(info, h):
            return False  # "just one candidate lost Iowa and still won": said of the one, together
        return verbal[h] and not _in_xcomp_chain(info, h) and not _is_bare_small_clause(info, h)
    if dep == "xcomp":
        # "orange to represent water": an infinitive hanging off a non-verb is a purpose
        # clause, but "was able to" is not.
        return (
            _has_to(info, i) and not verbal[h] and info.dep[h] not in ("acomp", "attr")
        ) or _quoted_command(info, i)
    lower = info.lower
    if dep == "dobj" and _has_that(info, i) and lower[h] in lx.CUE_VERBS:
        return True  # "observed that the date ... coincided", misparsed as an object
    if dep == "prep":
        if lower[i] in lx.ACCORDING or lower[i] in ("including", "because"):
            # "..., including Aleppo and Hama", "because of the rain": units of their own
            # in GUM (7/7 and 12/13 in the news training documents).
            return True
        deps = info.dep
        comp = next((c for c in info.kids[i] if deps[c] == "pcomp" and verbal[c]), None)
        if comp is None:
            return False
        # "after leaving", "by firing", "with the medal going to Poland".
        return lower[i] in lx.CLAUSAL_PREPS or _has_subject(info, comp)
    return False


def segment(doc: Doc) -> tuple[list[Clause], dict[int, int]]:
    """Clauses of the unit and the owner clause head of every token."""
    n = len(doc)
    # Plain lists: spaCy Token objects are created on every access, ints are cheap.
    info = _info(doc)
    head_of, dep_of, lower, verbal = info.head, info.dep, info.lower, info.verbal
    # Cheap necessary conditions of is_clause_head, so most tokens are never looked at.
    pcomp_of = {head_of[i] for i, d in enumerate(dep_of) if d == "pcomp"}
    that_of = {head_of[i] for i, w in enumerate(lower) if w == "that" and dep_of[i] == "mark"}
    is_head = [False] * n
    acl_heads: list[int] = []
    for i, d in enumerate(dep_of):
        if d not in _HEAD_DEPS:
            continue
        if (
            (d in ("conj", "acl") and not verbal[i])
            or (d == "dobj" and i not in that_of)
            or (d == "prep" and i not in pcomp_of and lower[i] not in _PREP_HEAD_WORDS)
        ):
            continue
        if is_clause_head(info, i):
            is_head[i] = True
            if d == "acl":
                acl_heads.append(i)
    own = [-1] * n
    for i in range(n):
        if own[i] >= 0:
            continue
        path: list[int] = []
        cur = i
        while not is_head[cur] and own[cur] < 0 and head_of[cur] != cur and len(path) < n:
            path.append(cur)
            cur = head_of[cur]
        top = own[cur] if own[cur] >= 0 else cur
        # A root that is not a clause head (fragment) owns its tokens.
        if not is_head[top]:
            is_head[top] = True
            if dep_of[top] == "acl":
                acl_heads.append(top)
        for p in path:
            own[p] = top
        own[cur] = top if not is_head[cur] or cur == top else cur
    # "and" / commas in front of a coordinated clause belong to that clause.
    for i in range(n - 1):
        if dep_of[i] in _JOINERS:
            nxt = own[i + 1]
            if dep_of[nxt] == "conj" and head_of[nxt] == own[i] and doc[nxt].left_edge.i == i + 1:
                own[i] = nxt
    _object_read_as_subject(info, is_head, own)
    _subject_read_as_conjunct(info, is_head, own)
    _addressee_read_as_compound(info, is_head, own)
    # "<Caribor> president Berg ...", "(Lund Industries Inc), a distributor, ...": the
    # parser may hang an opening bracket elsewhere; it goes with what it encloses.
    for i, w in enumerate(info.words[:-1] if not BRACKETS.keys().isdisjoint(info.words) else ()):
        close = BRACKETS.get(w)
        if close is not None:
            j = next((k for k in range(i + 1, min(n, i + 12)) if info.words[k] == close), -1)
            if j > 0 and own[i + 1] == own[j] != own[i]:
                own[i] = own[i + 1]
    # "in order to enlarge": the purpose marker opens the purpose clause.
    for h in sorted(acl_heads):
        o = head_of[h]
        if lower[o] == "order" and o > 0 and lower[o - 1] == "in":
            own[o] = own[o - 1] = h
    clauses: dict[int, Clause] = {}
    for i in range(n):
        h = own[i]
        c = clauses.get(h)
        if c is None:
            kind = dep_of[h]
            if kind == "prep":
                kind = "according" if lower[h] in lx.ACCORDING else "prep"
            c = clauses[h] = Clause(head=h, kind=kind)
        c.tokens.append(i)
    return list(clauses.values()), dict(enumerate(own))


def _addressee_read_as_compound(info: _Info, is_head: list[bool], own: list[int]) -> None:
    """ "The minister told reporters capacity was far above demand": the parser made the
    addressee a compound of the content's subject ("reporters capacity"); it is the cue's."""
    dep, head = info.dep, info.head
    for c in range(len(dep)):
        v = head[c]
        if dep[c] != "ccomp" or not is_head[c] or info.lower[v] not in lx.ADDRESSEE_VERBS or c < v:
            continue
        subj = next((k for k in info.kids[c] if dep[k] in ("nsubj", "nsubjpass")), -1)
        if subj >= 0 and _addressee_compound(info, v, subj) >= 0:
            own[v + 1] = own[v]


def _addressee_compound(info: _Info, v: int, noun: int) -> int:
    """The addressee of telling verb ``v`` that the parser made the first word of
    ``noun`` ("told reporters capacity was ...", "told reporters talks ended"): a plural,
    a name or a pronoun right after the verb, as a compound of the noun; or -1."""
    k = v + 1
    if info.doc[noun].left_edge.i != k or info.dep[k] != "compound" or info.head[k] != noun:
        return -1
    return k if info.tag[k] in ("NNS", "NNP", "NNPS", "PRP") else -1


def noun_read_as_conjunct(info: _Info, v: int) -> int:
    """The subject the parser made a conjunct of the verb before ``v`` ("The city is
    shaken by tremors, but last week's quake, which ..., was a reminder": "quake" and
    "was" both hang on "shaken"), or -1: a noun conjunct right before the subjectless
    conjunct verb ``v``, with only punctuation and its own clauses between them."""
    if info.dep[v] != "conj" or _has_subject(info, v):
        return -1
    up = info.head[v]
    nouns = [k for k in info.kids[up] if info.dep[k] == "conj" and k < v]
    if not nouns or not info.tag[nouns[-1]].startswith("NN"):
        return -1
    n = nouns[-1]
    rest = set(range(info.doc[n].right_edge.i + 1, info.doc[v].left_edge.i))
    return n if all(info.punct[t] for t in rest) else -1


def _subject_read_as_conjunct(info: _Info, is_head: list[bool], own: list[int]) -> None:
    """Give the subject the parser made a conjunct (`noun_read_as_conjunct`) to its
    verb's clause, with the "but" before it."""
    for v in range(len(own)):
        if not is_head[v]:
            continue
        n = noun_read_as_conjunct(info, v)
        if n < 0:
            continue
        was = own[n]
        first = info.doc[n].left_edge.i
        if first > 0 and info.dep[first - 1] == "cc" and own[first - 1] == was:
            first -= 1
        for t in range(first, info.doc[n].right_edge.i + 1):
            if own[t] == was:
                own[t] = v


def _object_read_as_subject(info: _Info, is_head: list[bool], own: list[int]) -> None:
    """ "France warned the plan to tax oils could damage trade", "A spokesman told
    Acme the council's view is that ...": the parser made the content's subject the
    (second) object of the verb above it. A complement clause with no subject that
    starts with its verb right after that object gets it."""
    dep, head = info.dep, info.head
    for c in range(len(dep)):
        if dep[c] != "ccomp" or not is_head[c] or _has_subject(info, c):
            continue
        v = head[c]
        objs = [k for k in info.kids[v] if dep[k] == "dobj" and k < c]
        addressee = -1
        if objs and info.lower[v] in lx.ADDRESSEE_VERBS and len(objs) < 2:
            # "told a news conference the country's output is expected to fall": the
            # parser made the content's subject an apposition of the addressee.
            objs += [k for k in info.kids[objs[0]] if dep[k] == "appos" and info.doc[k].left_edge.i > objs[0]]
            # "told reporters talks ended": ... or made the addressee a word of it.
            addressee = _addressee_compound(info, v, objs[0])
            if len(objs) < 2 and addressee < 0:
                continue  # "told the committee (rates) would rise": the object is whom it was told
        if not objs:
            continue
        obj = objs[-1]
        first = info.doc[c].left_edge.i
        o = info.doc[obj]
        # "The bank said total loans at end-May fell ...": a phrase the parser hung on
        # the verb may stand between the object and the complement; it goes with them.
        between = set(range(o.right_edge.i + 1, first))
        beside = {
            t
            for p in info.kids[v]
            if dep[p] in ("prep", "npadvmod", "punct") and o.i < p < first
            for t in [p, *_descendants(info, p)]
        }
        if not between <= beside:
            continue
        if not (
            first == c and info.tag[c] in ("VBD", "VBZ", "VBP", "MD") or dep[first] in ("aux", "auxpass")
        ):
            continue  # the complement starts with its verb: "... could damage", "... is"
        was = own[obj]
        for t in range(o.left_edge.i if addressee < 0 else addressee + 1, first):
            if own[t] == was or t in beside:
                own[t] = c


def _depth(info: _Info, i: int) -> int:
    d = 0
    while info.head[i] != i and d < 100:
        i = info.head[i]
        d += 1
    return d


# Clause kinds merged into the clause above them inside reported content: the speaker
# said the sentence as one statement ("X said the law helped kids who would have
# dropped out" is one claim of X's, not three).
_REPORTED_MERGE = frozenset({"relcl", "advcl", "acl", "prep", "conj", "xcomp", "ccomp", "parataxis"})
# Marks of a condition: "if it succeeds" states nothing on its own.
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "once"})
# Marks of a time the clause may never reach: "before the workers could finish the order"
# does not say they finished it, "until the company publishes its results" not that it has.
_OPEN_TIME_MARKS = frozenset({"before", "until", "till"})


def _as_long_as(info: _Info, k: int) -> bool:
    """The mark ``k`` is the last word of "as long as" / "so long as" (a condition)."""
    lower = info.lower
    return lower[k] == "as" and k >= 2 and lower[k - 1] == "long" and lower[k - 2] in ("as", "so")


def as_comment(info: _Info, h: int) -> bool:
    """ "..., as it had predicted", "as Lund said": a cue clause that tells who foresaw
    or said the clause it hangs on, and says nothing of its own."""
    dep, lower, kids = info.dep, info.lower, info.kids
    return (
        dep[h] == "advcl"
        and lower[h] in lx.CUE_VERBS
        and any(dep[k] == "mark" and lower[k] == "as" for k in kids[h])
        and not any(dep[k] in ("dobj", "ccomp", "xcomp") for k in kids[h])
    )


def is_condition(info: _Info, c: Clause) -> bool:
    """ "if the firm can show it is profitable", "unless the minister says so", "as long
    as he considers them cheap": a cue in it is hypothetical, nobody has said or shown
    anything."""
    return c.kind == "advcl" and any(
        info.dep[k] == "mark" and (info.lower[k] in ("if", "unless") or _as_long_as(info, k))
        for k in info.kids[c.head]
    )


def participle_after_comma(info: _Info, v: int) -> bool:
    """ "the loan, agreed in principle in May, had been held up": a participle set off
    by commas after its noun, which the parser read as that noun's verb of agreeing or
    saying, with the real verb as its complement."""
    if info.tag[v] != "VBD" or v < 2 or info.words[v - 1] != ",":
        return False
    subj = next((k for k in info.kids[v] if info.dep[k] in ("nsubj", "nsubjpass") and k < v), -1)
    if subj < 0 or info.doc[subj].right_edge.i not in (v - 2, v - 1):
        return False
    comp = next((k for k in info.kids[v] if info.dep[k] == "ccomp" and k > v), -1)
    if comp < 0 or info.words[info.doc[comp].left_edge.i - 1] != ",":
        return False
    # "The firm, said analysts, will fail": an inverted speaker is no participle's.
    return not any(v < k < comp and info.dep[k] in ("nsubj", "dobj", "attr", "dative") for k in info.kids[v])


def opens_question(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` is an indirect question ("what the needs are",
    "whether it closes")."""
    return info.lower[info.doc[h].left_edge.i] in lx.QUESTION_WORDS


def _is_past(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` is in a past tense ("reported", "was sold", "had left")."""
    tag, dep = info.tag, info.dep
    return tag[h] == "VBD" or any(dep[k] in ("aux", "auxpass") and tag[k] == "VBD" for k in info.kids[h])


def opening_when(info: _Info, h: int) -> int:
    """The "when" that opens the adverbial clause headed by ``h``, or -1."""
    return next(
        (
            k
            for k in info.kids[h]
            if k < h and info.dep[k] == "advmod" and info.lower[k] in ("when", "whenever")
        ),
        -1,
    )


def _respectively(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` has, or is followed by, "respectively"."""
    sub = info.doc[h]
    k = sub.right_edge.i + 1
    while k < len(info.words) and info.punct[k]:
        k += 1
    return (k < len(info.words) and info.lower[k] == "respectively") or any(
        info.lower[t] == "respectively" for t in range(sub.left_edge.i, sub.right_edge.i + 1)
    )


def _is_dependent_fragment(info: _Info, c: Clause) -> bool:
    """A clause of the article's own text that cannot stand as a claim: a purpose or
    other infinitive ("to pay off debts"), a condition ("if it succeeds"), a time that may
    never come ("before they could finish", "when the merger closes"), a verb-less or
    subject-less adjunct ("after leaving", "with thousands fleeing", "including Aleppo"),
    or a participle that is not a cue ("performing his duties"). (Relative clauses stay:
    their text names the noun they describe, see _context_of.)"""
    h, kind = c.head, c.kind
    dep, lower, tag, kids = info.dep, info.lower, info.tag, info.kids
    if kind in ("xcomp", "prep"):
        return True
    if (
        (kind == "ccomp" or kind == "conj" and dep[info.head[h]] == "ccomp")
        and opens_question(info, h)
        and not c.attributions
    ):
        return True  # "(to find out) what the valley's needs are": a question, not a claim
    if kind == "ccomp" and is_condition(info, Clause(info.head[h], info.dep[info.head[h]])):
        return True  # "if the minister says | the deal is off": what nobody said yet
    if kind == "conj" and any(dep[k] == "mark" and lower[k] in _CONDITION_MARKS for k in kids[h]):
        return True  # "may be drawn down until May | but only if Acme runs short": its condition
    if kind == "advcl":
        if any(
            dep[k] == "mark"
            and (lower[k] in _CONDITION_MARKS or lower[k] in _OPEN_TIME_MARKS or _as_long_as(info, k))
            for k in kids[h]
        ):
            return True
        if any(dep[k] == "mark" and lower[k] == "than" for k in kids[h]):
            return True  # "Sales grew faster | than analysts had expected": the measure, one claim
        if any(dep[k] == "advmod" and lower[k] in _ANY_PLACE_OR_TIME and k < h for k in kids[h]):
            return True  # "Wherever the mayor goes, the cameras follow": one claim about both
        if any(
            dep[k] == "mark" and k > 0 and lower[k - 1] in ("just", "even", "only", "right") for k in kids[h]
        ):
            return True  # "comes just as Congress is to consider the bill": one time, one claim
        if lower[info.head[h]] in _SEEMING and any(dep[k] == "mark" and lower[k] == "like" for k in kids[h]):
            return True  # "it felt like we were going backwards": one impression
        if lower[info.head[h]] in ("come", "comes", "came") and any(
            dep[k] == "mark" and lower[k] == "as" for k in kids[h]
        ):
            return True  # "The vote comes as officials scramble": "The vote comes" says nothing alone
        if any(dep[k] == "mark" and lower[k] == "so" for k in kids[h]) and any(
            dep[k] == "aux" and lower[k] in ("can", "could", "would", "will", "may", "might") for k in kids[h]
        ):
            return True  # "granted immunity so he can testify": a purpose
        if opening_when(info, h) >= 0 and not _is_past(info, h):
            # "when the merger closes": a time to come, not an event that happened.
            return True
        if _has_to(info, h):
            return True  # "(making it hard) for couriers to know the address": a purpose
        if tag[h] == "VBD" and not any(dep[k] in ("mark", "aux", "auxpass") for k in kids[h]):
            # "..., earlier revised up from 700 mln": a participle the tagger read as a
            # past tense (a past tense of its own has a subject or a mark).
            return not _has_subject(info, h) and not _has_that(info, h)
        return not _has_subject(info, h) and tag[h] in ("VBG", "VBN", "VB")
    if (
        kind in ("conj", "advcl", "acl")
        and tag[h] == "VBG"
        and _has_subject(info, h)
        and not any(dep[k] in ("aux", "auxpass") for k in kids[h])
    ):
        return True  # "With her numbers dropping and | her rivals gaining, ...": a circumstance, no verb
    if kind == "conj" and dep[info.head[h]] in ("amod", "pcomp") and not _has_subject(info, h):
        # "imported and locally made tyres": a second adjective, not a clause;
        # "after rising in April and falling a year earlier": a second object of "after".
        return True
    if kind == "relcl" and _describes_whole(info, h):
        return True
    first = info.lower[info.doc[h].left_edge.i]
    if kind == "relcl" and (
        first in ("how", "whether", "what")
        or first in lx.QUESTION_WORDS
        and lower[info.head[h]] in ("idea", "clue", "notion", "sense", "question", "doubt")
    ):
        # "has no idea | how many votes her rival needs", "no idea | who their senator
        # is": a question, not a relative clause
        return True
    if kind == "conj" and dep[info.head[h]] == "relcl" and _describes_whole(info, info.head[h]):
        return True  # "the kind of stuff I'd read | and try to make an ad out of"
    if kind == "relcl" and _has_to(info, h) and not _has_subject(info, h):
        return True  # "several options to cut the deficit": an infinitive, not a relative clause
    if kind == "conj" and infinitive_continued(info, h) >= 0:
        return True
    if kind == "conj" and _shares_its_object(info, h):
        return True  # "Acme designs and | builds small engines": both verbs take the engines
    if kind == "ccomp" and lower[info.head[h]] in lx.REQUEST_VERBS and _subjunctive(info, h):
        return True  # "requested that it be given the data": a request, not a claim of its own
    if kind == "ccomp" and _has_to(info, info.head[h]) and lower[info.head[h]] not in lx.CUE_VERBS:
        return True  # "froze the funds to ensure | it has enough cash": what it means to ensure
    if kind in ("relcl", "advcl", "ccomp", "acl") and _result_of_degree(info, h):
        return True
    if (
        kind == "relcl"
        and info.words[info.doc[h].left_edge.i - 1] != ","
        and _under_a_condition(info, info.head[h])
    ):
        return True  # "unless the party picks a nominee | that donors could support": no fact
    if kind in ("relcl", "acl") and _names_an_event(info, info.head[h]):
        return True  # "In the unlikely event | they all resign, the board ...": a condition
    if (
        kind == "conj"
        and tag[h] == "VB"
        and _has_to(info, info.head[h])
        and not _has_subject(info, h)
        and not any(dep[k] in ("aux", "auxpass") and tag[k] != "TO" for k in kids[h])
    ):
        # "sell the stake to cut debt | and focus on its business", "to widen roads and
        # | to fund research": a second purpose
        return True
    if kind in ("acl", "ccomp") and lower[info.head[h]] in ("fact", "facts") and _has_that(info, h):
        return True  # "damped by the fact | that most copper comes as a by-product": the fact is its clause
    if kind in ("acl", "relcl") and _respectively(info, h):
        return True  # "notes and bonds | valued at 2 and 6 mln dlrs, respectively": said of each in turn
    if kind == "acl":
        if lower[h] in lx.PERIOD_PARTICIPLES and lower[info.head[h]] in lx.PERIOD_NOUNS:
            return True  # "revenue in the year ended June 30": which year, not that it ended
        if _completed_noun(info, info.head[h]):
            return True  # "differs little from the one reached a year ago": which one
        if tag[h] == "VBN" and all(dep[k] in ("advmod", "neg", "punct") for k in kids[h]):
            # "locally made tyres", "those polled": a bare participle describes
            # its noun as an adjective would; there is nothing to claim.
            return True
        return tag[h] == "VBG" or _has_to(info, h)
    return False


def _shares_its_object(info: _Info, h: int) -> bool:
    """Verb ``h`` follows its conjunct as "V1 and V2 OBJECT", in the same form, where V1
    has no object or complement of its own: the object is both verbs' ("designs and
    builds engines")."""
    p = info.head[h]
    if p != h - 2 or info.lower[h - 1] not in ("and", "or") or not info.verbal[p] or _has_subject(info, h):
        return False
    if info.tag[p] != info.tag[h]:
        return False  # ("had been striking and demand higher pay": two acts)
    if not any(info.dep[k] in ("dobj", "xcomp", "ccomp") for k in info.kids[h]):
        return False
    return not any(info.dep[k] in _OBJECTS for k in info.kids[p])


_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative", "prep", "prt"})


# Verbs of an impression whose "like" clause is what it is like: "it felt like ...".
_SEEMING = frozenset(
    {
        "feel",
        "feels",
        "felt",
        "seem",
        "seems",
        "seemed",
        "look",
        "looks",
        "looked",
        "sound",
        "sounds",
        "sounded",
    }
)

# Nouns a relative clause completes rather than describes: "the kind of stuff I'd read",
# "only those who won", "times when it felt like ...", "the way he has acted".
_COMPLETED_NOUNS = frozenset(
    {
        "kind",
        "sort",
        "type",
        "those",
        "anyone",
        "anybody",
        "everyone",
        "someone",
        "somebody",
        "something",
        "anything",
        "everything",
        "nothing",
        "nobody",
        "times",
        "cases",
        "moments",
        "way",
        "ways",
    }
)


_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})
# Words for a person or group that, after "is a"/"as a", say nothing without their clause.
_PEOPLE_WORDS = frozenset(
    {
        "man",
        "woman",
        "person",
        "people",
        "guy",
        "leader",
        "candidate",
        "politician",
        "country",
        "party",
        "group",
    }
)


def _describes_whole(info: _Info, h: int) -> bool:
    """Whether the relative clause headed by ``h`` completes its noun, which says nothing
    without it ("That's the kind of stuff | I'd read", "only those | who have won")."""
    up = info.head[h]
    if info.dep[up] == "pobj" and info.lower[info.head[up]] == "of":
        up = info.head[info.head[up]]  # "the kind of stuff (that) I'd read"
    if any(
        (
            info.lower[k] in ("only", "first", "last", "same")
            or info.lower[k] in _ORDINALS
            or info.tag[k] == "JJS"
        )
        and k < up
        for k in info.kids[up]
    ):
        # "the only candidate who topped both", "the same day that ...", "the second
        # convention that Lund will miss", "the biggest firm that ...": which one
        return True
    if info.lower[up] == "all":
        return True  # "all I got": what, only with its clause
    if (
        (info.dep[up] == "attr" or info.dep[up] == "pobj" and info.lower[info.head[up]] == "as")
        and any(info.dep[k] == "det" and info.lower[k] in ("a", "an") for k in info.kids[up])
        and info.lower[up] in _PEOPLE_WORDS
    ):
        return True  # "Lund is a man who keeps his word": "Lund is a man" says nothing
    if any(
        info.dep[k] == "det" and info.lower[k] in ("any", "every", "whatever", "whichever")
        for k in info.kids[up]
    ):
        return True  # "pick any candidate they like": not "they like any candidate"
    if (
        info.tag[up] in ("NN", "NNS")
        and info.dep[up] in ("nsubj", "nsubjpass")
        and any(info.lower[k] == "when" and info.dep[k] == "advmod" and k < h for k in info.kids[h])
    ):
        return True  # "The reaction when a fight starts can look ...": which reaction
    return _completed_noun(info, up)


def _completed_noun(info: _Info, n: int) -> bool:
    """Whether noun ``n`` says nothing without the clause describing it: "those", "the
    kind", or "the one(s)" standing for one named before ("the one reached a year ago")."""
    if info.lower[n] in _COMPLETED_NOUNS:
        return True
    return info.lower[n] in ("one", "ones") and any(
        info.dep[k] == "det" and info.lower[k] in ("the", "this", "that", "these", "those")
        for k in info.kids[n]
    )


# "wherever the mayor goes", "whenever rates rise": said of every such place or time.
_ANY_PLACE_OR_TIME = frozenset({"wherever", "whenever", "however", "whatever"})


def _subjunctive(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` is in the subjunctive: a bare verb with a subject and
    no modal ("that Acme drop the plan", "that it be given the data")."""
    if not _has_subject(info, h):
        return False
    return info.tag[finite_form(info, h)] == "VB"  # (not "to" + verb: TO, not VB)


def _result_of_degree(info: _Info, h: int) -> bool:
    """ "not so many that costs would soar", "such a small share that ...": a that-clause
    saying how much "so" or "such" is. Without it the host says nothing measurable, and
    it claims nothing by itself."""
    if not any(info.dep[k] == "mark" and info.lower[k] == "that" for k in info.kids[h]):
        return False
    up = info.head[h]
    near = [up, *info.kids[up]]
    return any(info.lower[k] in ("so", "such") and k < h for n in near for k in info.kids[n])


def _under_a_condition(info: _Info, n: int) -> bool:
    """Whether noun ``n`` lies inside a condition: an if/unless clause or a "barring" /
    "absent" phrase (what is said of it there is hypothetical)."""
    for _ in range(8):
        up = info.head[n]
        if info.lower[n] in ("barring", "absent"):
            return True
        if info.dep[n] == "advcl" and is_condition(info, Clause(n, "advcl")):
            return True
        if up == n:
            return False
        n = up
    return False


def _names_an_event(info: _Info, n: int) -> bool:
    """ "in the event (that) ...", "in case ...": a condition put as a noun."""
    return info.lower[n] in ("event", "case") and info.dep[n] == "pobj" and info.lower[info.head[n]] == "in"


def infinitive_continued(info: _Info, h: int) -> int:
    """For a bare verb the parser coordinated with a finite verb before it, the infinitive
    in between that it continues ("promised new laws to protect renters, | raise wages
    and curb speculation": Berg did not raise wages), else -1. A bare verb cannot
    share a past or present tense's subject ("he said and left", not "he said and leave")
    unless the finite verb has an auxiliary ("did not rise or fall", "will cut and run")."""
    up = info.head[h]
    if info.tag[h] != "VB" or info.dep[h] != "conj" or info.tag[up] not in ("VBD", "VBZ"):
        return -1
    if _has_subject(info, h) or any(
        info.dep[k] in ("aux", "auxpass", "neg") for k in info.kids[up] + info.kids[h]
    ):
        return -1
    for j in range(h - 1, up, -1):
        if info.tag[j] == "VB" and _has_to(info, j):
            return j
    return -1


def _is_bare_participle(info: _Info, c: Clause) -> bool:
    """A participle with no subject of its own that says nothing by itself: bare ("those
    polled") or a time of asking ("when asked if ...", "if pressed")."""
    h = c.head
    if c.kind not in ("advcl", "acl", "relcl") or info.tag[h] not in ("VBN", "VBG") or _has_subject(info, h):
        return False
    dep, lower = info.dep, info.lower
    return all(dep[k] in ("advmod", "neg", "punct") for k in info.kids[h]) or any(
        dep[k] in ("advmod", "mark") and lower[k] in ("when", "if", "whenever") and k < h
        for k in info.kids[h]
    )


# What a copula may have beside the clause it frames: "It is (not) clear that ...".
_FRAME_DEPS = frozenset(
    {"nsubj", "expl", "acomp", "aux", "neg", "advmod", "punct", "cc", "attr", "prt", "advcl", "csubj"}
)


def _copula_frame(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` is all that its copula says: "The problem is | that
    prices are too high", "It is likely | that the bank will cut rates", "it's clear |
    that ...". Split off, the frame would be a fragment and the clause an unhedged claim."""
    up = info.head[h]
    if info.dep[up] == "acomp":
        up = info.head[up]  # "It is likely that ...": the clause hangs on the adjective
    if up == h:
        return False
    if info.lower[up] not in lx.BE_FORMS and not _it_frame(info, up):
        return False
    return all(info.dep[k] in _FRAME_DEPS or k == h or k == info.head[h] for k in info.kids[up])


def _it_frame(info: _Info, v: int) -> bool:
    """ "It seems | that ...", "This means | that ...": a verb that is not a cue, with only
    "it"/"this"/"that" as its subject, frames its clause like a copula."""
    if info.lower[v] in lx.CUE_VERBS or not info.verbal[v]:
        return False
    subj = [k for k in info.kids[v] if info.dep[k] in ("nsubj", "expl")]
    return len(subj) == 1 and info.lower[subj[0]] in ("it", "this", "that")


def merge_dependent_clauses(
    doc: Doc, clauses: list[Clause], owner: dict[int, int], inherited: dict[int, list[Attribution]]
) -> list[Clause]:
    """Give clauses that are no claim of their own to the clause above them, deepest
    first: inside reported content every dependent clause (the content is what the
    source said, as one statement), elsewhere only those that cannot stand alone
    (_is_dependent_fragment). A clause with its own attribution, a cue clause and
    "according to" are never merged, nor into; a coordinated clause with its own subject
    stays a claim of its own."""
    info = _info(doc)
    by_head = {c.head: c for c in clauses}
    gone: set[int] = set()
    for c in sorted(clauses, key=lambda c: -_depth(info, c.head)):
        kind = c.kind
        if kind not in _REPORTED_MERGE or c.is_cue or c.attributions:
            continue
        if kind == "conj" and _has_subject(info, c.head) and not _is_dependent_fragment(info, c):
            continue
        atts = inherited.get(c.head)
        up = info.head[c.head]
        if kind == "conj" and (j := infinitive_continued(info, c.head)) >= 0:
            up = j  # the infinitive the parser did not coordinate it with
        if info.lower[up] == "order" and up > 0 and info.lower[up - 1] == "in":
            up = info.head[up - 1]  # "in order to X" hangs on what "in" hangs on
        ph = owner.get(up, up)
        p = by_head.get(ph)
        if p is not None and p is not c and p.is_cue and not atts and _is_bare_participle(info, c):
            # "..., said the spokesman, when asked if the offer would proceed", "those
            # polled said": the participle belongs to the "X said" side, and so does the
            # question it asks.
            c.is_cue = True
            for q in clauses:
                if q.kind == "ccomp" and info.head[q.head] == c.head:
                    q.is_cue = True
            continue
        fragment = (
            _is_dependent_fragment(info, c)
            or kind == "ccomp"
            and _copula_frame(info, c.head)
            # "That is | why the state matters": what the copula says, one claim
            or kind == "advcl"
            and opens_question(info, c.head)
            and _copula_frame(info, c.head)
        )
        if not atts and not fragment:
            continue
        if kind == "prep" and info.lower[c.head] in lx.ACCORDING:
            continue
        if p is None or p is c or p.kind == "according":
            continue
        if p.is_cue and not fragment:
            continue
        # (A fragment on the "X said" side goes with it: "To bolster its position, the
        # company said ..." is no claim; in a nested report, '"Until you sit there, you
        # don't know what it is like," he said', it is part of the report's claim.)
        if not p.is_cue and inherited.get(ph) != atts and (atts or not fragment):
            # (A fragment of the writer's joins an attributed clause: "They called for
            # sanctions | to stop all shipping" is what they called for.)
            continue
        p.tokens = sorted(p.tokens + c.tokens)
        gone.add(c.head)
        for t in c.tokens:
            owner[t] = ph
    return [c for c in clauses if c.head not in gone]
