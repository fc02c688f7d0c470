"""Clause-level claims and their attribution, from one spaCy dependency parse.

Works on one parsed *unit* (a sentence, or a chunk of an over-long sentence) at a
time; offsets are relative to the unit and the engine adds the unit's start.

1. ``segment``: find clause heads (root, finite complements, adverbial, relative and
   participial clauses, coordinated verbs, purpose infinitives, clausal prepositions,
   "according to"/"including"/"because of") and give every token to its nearest head.
   Which dependencies count was measured on the GUM news training documents.
2. ``find_attributions``: cue verbs with a clausal complement, participle cues that
   borrow their host's subject, "according to X", parentheticals, trailing
   '"...," said X', that-clauses of saying nouns and certainty adjectives, "citing Y"
   links, denials (stance, not negation), and cues that introduce what follows (":").
   A cue clause is the "X said" side and not a claim itself.
3. ``extract``: every other clause becomes a ``RawClaim`` grounded in the run of its
   tokens around the head, with the governing attribution, a readable text, and one
   claim per coordinated proper noun.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import add
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from . import lexicon as lx
from .types import Stance

# Dependency labels that start a clause of their own (GUM-style EDUs).
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis"})
# Participial and infinitival modifiers of nouns are clauses only when verbal.
VERBAL_MOD_DEPS = frozenset({"acl"})
_SPACE_BEFORE_PUNCT = re.compile(r" ([,;:.!?])")
# Dependencies is_clause_head can accept; other tokens are not even looked at.
_HEAD_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "acl", "conj", "xcomp", "dobj", "prep"}
)
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_JOINERS = frozenset({"cc", "punct", "mark"})
# Prepositions that head a clause without a verbal complement (see is_clause_head).
_PREP_HEAD_WORDS = lx.ACCORDING | {"including", "because"}


@dataclass(slots=True)
class _Info:
    """Per-token attributes of one parsed unit as plain lists: a spaCy ``Token`` is a new
    Python object on every ``doc[i]``, and ``token.dep_``/``.tag_`` look up strings each
    time, which made the rules cost a fifth of the parse."""

    doc: Doc
    head: list[int]
    dep: list[str]
    tag: list[str]
    lower: list[str]
    punct: list[int]  # 1 for punctuation
    skip: list[bool]  # punctuation, space or "cc": trimmed from claim edges
    verbal: list[bool]
    idx: list[int]  # character offset of each token, then len(doc.text)
    length: list[int]
    text: str  # doc.text (a property that joins every token on each call)
    kids: list[list[int]]  # children of each token, in order (== token.children)
    words: list[str]  # token texts


# Where a unit's _Info is kept: in its own Doc, not in a module-level cache.
_INFO_KEY = "claimdesk.token_info"


class _Names(dict[int, str]):
    """String-store hashes of labels, tags and lower-cased words already seen (hashes
    are the same in every StringStore)."""

    store: Any = None

    def __missing__(self, key: int) -> str:
        name: str = self.store[key & _U64]
        self[key] = name
        return name


class _Verbal(dict[int, bool]):
    """Tag hash -> the tag is a verb's (VB*, MD)."""

    def __missing__(self, key: int) -> bool:
        tag = _STRINGS[key]
        verbal = self[key] = tag.startswith("VB") or tag == "MD"
        return verbal


_STRINGS = _Names()
_VERBAL = _Verbal()


_ATTRS = [HEAD, DEP, TAG, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]
_U64 = (1 << 64) - 1


def _signed(h: int) -> int:
    return h - (1 << 64) if h >= 1 << 63 else h


_CC = _signed(get_string_id("cc"))


def _info(doc: Doc, text: str | None = None) -> _Info:
    """Token attributes of ``doc``, computed once and kept in ``doc.user_data`` until
    ``release_info`` (the engine releases them once the unit is extracted: the _Info
    refers to its Doc). ``text``, when the caller has it, is the string the doc was made
    from (== ``doc.text``)."""
    kept: _Info | None = doc.user_data.get(_INFO_KEY)
    if kept is not None:
        return kept
    # One int64 view: HEAD is a relative offset stored unsigned (the view restores its
    # sign); string hashes become negative keys, which the caches below accept.
    rel, deps, tags, lowers, punct, space, idx, length = doc.to_array(_ATTRS).view(np.int64).T.tolist()
    n = len(rel)
    head = list(map(add, rel, range(n)))
    if text is None or (n and idx[-1] + length[-1] > len(text)):
        text = doc.text
    words = [text[a : a + k] for a, k in zip(idx, length, strict=True)]
    idx.append(len(text))
    cache = _STRINGS
    if len(cache) > 200_000:
        cache.clear()
    cache.store = doc.vocab.strings
    get = cache.__getitem__
    dep = list(map(get, deps))
    tag = list(map(get, tags))
    lower = list(map(get, lowers))
    verbal = list(map(_VERBAL.__getitem__, tags))
    cc = _CC
    skip = [bool(p or s or d == cc) for p, s, d in zip(punct, space, deps, strict=True)]
    kids: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            kids[h].append(i)
    info = _Info(doc, head, dep, tag, lower, punct, skip, verbal, idx, length, text, kids, words)
    doc.user_data[_INFO_KEY] = info
    return info


token_info = _info


def release_info(doc: Doc) -> None:
    """Drop the _Info kept in ``doc`` (it refers to the doc: a reference cycle)."""
    doc.user_data.pop(_INFO_KEY, None)


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
    # A stance cue inside its own clause ("Clinton wants to raise taxes"): the claim is
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


def _has_subject(info: _Info, i: int) -> bool:
    """Token ``i`` has a subject of its own."""
    dep = info.dep
    return any(dep[c] in SUBJ_DEPS for c in info.kids[i])


def _has_to(info: _Info, i: int) -> bool:
    dep, lower = info.dep, info.lower
    return any(dep[c] == "aux" and lower[c] == "to" for c in info.kids[i])


def _has_that(info: _Info, i: int) -> bool:
    dep, lower = info.dep, info.lower
    return any(dep[c] == "mark" and lower[c] == "that" for c in info.kids[i])


def _is_bare_small_clause(info: _Info, i: int) -> bool:
    """ "help the girls enter", "let it play out": a bare infinitive with a subject."""
    dep = info.dep
    return (
        info.tag[i] == "VB"
        and not _has_to(info, i)
        and not any(dep[c] in ("aux", "mark") for c in info.kids[i])
    )


def _is_complement_clause(info: _Info, i: int) -> bool:
    """ "said (that) the plan failed" is a unit; "caused a crane to collapse", "saw the
    teams meet", "makes America great" and "it's what makes ..." are not."""
    dep, lower, kids = info.dep, info.lower, info.kids[i]
    # "millions of pilgrims arrive/NN": a noun-tagged head with a subject is a verb.
    mistagged = info.tag[i] in ("NN", "NNS") and any(dep[c] == "nsubj" for c in kids)
    if not (info.verbal[i] or mistagged) or _is_bare_small_clause(info, i) or _has_to(info, i):
        return False
    h = info.head[i]
    if lower[h] in lx.SMALL_CLAUSE_VERBS and not any(dep[c] == "mark" for c in kids):
        return False
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
        return verbal[i] or _has_subject(info, i)
    if dep in VERBAL_MOD_DEPS:
        return verbal[i]
    h = info.head[i]
    if dep == "conj":
        if not verbal[i]:
            return False
        if _has_subject(info, i):
            return True  # "..., and groups faced off in pairs"
        # Verb phrases coordinated under a clause ("was arrested and questioned") are
        # units; verbs sharing one infinitive ("to recognize, pick up and carry") are not.
        return verbal[h] and not _in_xcomp_chain(info, h)
    if dep == "xcomp":
        # "orange to represent water": an infinitive hanging off a non-verb is a purpose
        # clause, but "was able to" is not.
        return _has_to(info, i) and not verbal[h] and info.dep[h] not in ("acomp", "attr")
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


def _cue_lemma(info: _Info, i: int) -> str | None:
    if info.verbal[i]:
        return lx.CUE_VERBS.get(info.lower[i])
    # "The Department notes/NNS, \"...\"": a mis-tagged verb with a subject and a complement.
    if info.tag[i].startswith("NN"):
        dep = info.dep
        kids = {dep[c] for c in info.kids[i]}
        if "nsubj" in kids and "ccomp" in kids:
            return lx.CUE_VERBS.get(info.lower[i])
    return None


def _subtree_range(t: Token) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _strip_punct(doc: Doc, a: int, b: int) -> tuple[int, int]:
    skip = _info(doc).skip
    while a < b and skip[a]:
        a += 1
    while b > a and skip[b - 1]:
        b -= 1
    return a, b


def _np_range(doc: Doc, i: int, exclude: set[int]) -> tuple[int, int]:
    """Token range of the noun phrase headed by token ``i``, without clauses hanging off
    it (``exclude``)."""
    t = doc[i]
    keep_set = {j for j in range(t.left_edge.i, t.right_edge.i + 1) if j not in exclude}
    # The contiguous run around the head.
    a = b = i
    while a - 1 in keep_set:
        a -= 1
    while b + 1 in keep_set:
        b += 1
    # "the team's coach, Alireza Mehraban, in their first matchup, ...": a name and one
    # appositive at most; past the second comma the parse has usually run away.
    words = _info(doc).words
    commas = [j for j in range(i, b + 1) if words[j] == ","]
    if len(commas) >= 2:
        b = commas[1] - 1
    return _strip_punct(doc, a, b + 1)


def _descendants(info: _Info, i: int) -> list[int]:
    """Indices of ``i``'s subtree without ``i`` (any order)."""
    kids = info.kids
    out: list[int] = []
    stack = list(kids[i])
    while stack:
        x = stack.pop()
        out.append(x)
        stack.extend(kids[x])
    return out


def _clause_subtree_tokens(doc: Doc, heads: set[int], t: Token) -> set[int]:
    """Tokens of every clause (other than t's own) nested under t."""
    out: set[int] = set()
    for c in _descendants(_info(doc), t.i):
        if c in heads:
            x = doc[c]
            out.update(range(x.left_edge.i, x.right_edge.i + 1))
    return out


def _host_subject(t: Token) -> Token | None:
    """Subject of the nearest verb above t that has one ("X ..., insisting ...")."""
    cur = t.head
    seen = 0
    while seen < 20:
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        seen += 1
    return None


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


def _intro_mark(doc: Doc, t: Token) -> int:
    """Index of the ":" or opening quote that follows a cue and starts its content
    ("She continued: ...", "The letter reads \"...\"", "with Boswell stating: ..."),
    or -1. Only the cue's own small words may come between."""
    for x in doc[t.i + 1 : t.i + 10]:
        if x.text == ":" or x.text in lx.QUOTE_OPEN or x.tag_ == "``":
            return x.i
        if x.text == '"' and x.tag_ != "''":
            return x.i
        if (
            x.text == ","
            and x.i + 1 < len(doc)
            and (
                doc[x.i + 1].text in lx.QUOTE_OPEN
                or doc[x.i + 1].text == '"'
                and doc[x.i + 1].tag_ != "''"
                or doc[x.i + 1].tag_ == "``"
            )
        ):
            return x.i + 1
        if _info(doc).verbal[x.i] or x.text in (".", ";", ","):
            return -1
    return -1


def _introduces_following(doc: Doc, t: Token) -> bool:
    """ "She continued:" / "X said, \"..." : the content comes after the cue clause."""
    end = t.right_edge.i
    nxt = [x for x in doc[end + 1 : end + 3]]
    last = doc[end]
    if last.text in (":", "\u2014") or (nxt and nxt[0].text == ":"):
        return True
    rest = doc[end + 1 :]
    if last.text == "," or (nxt and nxt[0].text == ","):
        return not any(x.is_alpha for x in rest) or any(
            x.text in lx.QUOTE_OPEN or x.text in lx.QUOTE_STRAIGHT and x.tag_ != "''"
            for x in doc[end : end + 3]
        )
    return False


def _that_clauses(doc: Doc, cue: Token, heads: set[int]) -> list[Token]:
    """ "told LA Weekly in a statement that the case was ...", "observed that the date
    ... coincided": a that-clause the parser hung under the cue's object."""
    out = []
    for x in cue.subtree:
        if x.i == cue.i or x.i not in heads or not _has_that(_info(doc), x.i) or x.dep_ in ("ccomp", "advcl"):
            continue
        cur = x.head
        for _ in range(4):
            if cur.i == cue.i:
                out.append(x)
                break
            if cur.i in heads or cur.head.i == cur.i:
                break
            cur = cur.head
    return out[:1]


def _name_word(w: str) -> bool:
    """A word of a speaker's name in a quotation's tail: "Mr.", "Lopez", "O'Neil", "'s"."""
    return (
        w.isalpha()
        or w in ("'s", "’s", ".")
        or w[-1:] == "."
        and w[:-1].isalpha()
        or w.replace("'", "").isalpha()
    )


def _tail_attribution(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """'"...," added KCNA.' / '"...," the minister said.' when the parser missed the
    link: a short "cue + name" tail after a closing quote attributes the quotation."""
    info = _info(doc)
    punct, words = info.punct, info.words
    n = len(doc)
    end = n
    while end > 0 and punct[end - 1] and words[end - 1] not in _QUOTE_CLOSERS:
        end -= 1
    q = next((i for i in range(end - 1, max(end - 10, 0) - 1, -1) if words[i] in _QUOTE_CLOSERS), None)
    if q is None:
        return
    tail = [i for i in range(q + 1, end) if not punct[i] and words[i].strip()]
    if not tail or len(tail) > 8:
        return
    cues = [i for i in tail if info.lower[i] in lx.CUE_VERBS or info.lower[i] in lx.QUOTE_TAIL_VERBS]
    if len(cues) != 1:
        return
    cue = cues[0]
    name = [i for i in tail if i != cue]
    if not name or any(not _name_word(words[i]) for i in name):
        return
    if name != list(range(name[0], name[-1] + 1)):
        return
    by_head = {c.head: c for c in clauses}
    tail_clauses = {owner[i] for i in tail}
    if any(by_head[h].is_cue for h in tail_clauses):
        return  # the parse already linked it
    src = (name[0], name[-1] + 1)
    att = Attribution(source=src, cue=(cue, cue + 1), chain=[src])
    for h in tail_clauses:
        by_head[h].is_cue = True
    for c in clauses:
        if c.head >= q or c.head in tail_clauses:
            continue
        parent = owner.get(doc[c.head].head.i, c.head)
        if parent == c.head or parent in tail_clauses or parent >= q:
            c.attributions.insert(0, att)


def _noun_cues(doc: Doc, clauses: list[Clause], by_head: dict[int, Clause]) -> None:
    """ "Montalvo came to the conclusion that the claims were lies", "the ministry's
    statement that ...": a that-clause of a saying/believing noun is attributed to the
    subject of the verb above the noun (or to the noun's possessor)."""
    info = _info(doc)
    for c in clauses:
        h = c.head
        if c.attributions or info.lower[info.head[h]] not in lx.CUE_NOUNS or not _has_that(info, h):
            continue
        noun = doc[info.head[h]]
        src_tok = next((x for x in noun.children if x.dep_ == "poss" and x.tag_ != "PRP$"), None)
        cur = noun
        for _ in range(4):
            if src_tok is not None or cur.head.i == cur.i:
                break
            cur = cur.head
            if info.verbal[cur.i]:
                if _cue_lemma(info, cur.i) in lx.DENIAL_CUES:
                    break  # "dismissed claims that ...": the denial rules handle it
                src_tok = next((x for x in cur.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if src_tok is None and cur.dep_ == "conj":
                    src_tok = _host_subject(cur)
                break
        if src_tok is None or src_tok.lower_ in ("it", "there"):
            continue
        src = _np_range(doc, src_tok.i, set())
        c.attributions.append(Attribution(source=src, cue=(noun.i, noun.i + 1), chain=[src], origin=noun.i))


def _trails(doc: Doc, t: Token) -> bool:
    """ "\"...,\" he said." : the cue clause closes the unit after a comma or quote."""
    after = [x for x in doc[t.right_edge.i + 1 :] if not x.is_punct]
    if after:
        return False
    before = doc[t.left_edge.i - 1] if t.left_edge.i > 0 else None
    return before is not None and (
        before.text in (",", "\u2014", "-")
        or before.text in lx.QUOTE_CLOSE
        or before.text in lx.QUOTE_STRAIGHT
    )


def find_attributions(
    doc: Doc, clauses: list[Clause], owner: dict[int, int]
) -> list[tuple[int, Attribution]]:
    """Mark cue clauses and attach an Attribution to each content clause head.

    Returns the cues whose content follows them ("She continued:"), with the token
    index of the cue, for the caller to attach to the next clauses or sentences.
    """
    opened: list[tuple[int, Attribution]] = []
    by_head = {c.head: c for c in clauses}
    citing: list[tuple[Clause, tuple[int, int]]] = []
    heads = set(by_head)
    # Words that can make a clause head a cue; any other head is skipped at once (the
    # checks below would all fail for it, without side effects).
    info = _info(doc)
    lower, dep, kids = info.lower, info.dep, info.kids
    has_citing = not _CITING.isdisjoint(lower)
    cue_adj_of = (
        set()
        if lx.CUE_ADJECTIVES.isdisjoint(lower)
        else {info.head[i] for i, d in enumerate(info.dep) if d == "acomp" and lower[i] in lx.CUE_ADJECTIVES}
    )
    for c in clauses:
        h = c.head
        if (
            c.kind not in ("according", "prep")
            and lower[h] not in lx.CUE_VERBS
            and lower[h] not in lx.INTRO_VERBS
            and lower[h] not in ("citing", "quoting")
            and h not in cue_adj_of
        ):
            continue
        t = doc[h]
        if c.kind == "according":
            # "According to X, Y": content is the clause hosting the phrase.
            pobj = next((g for p in t.children for g in p.children if g.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((g for g in t.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            nxt = t.i + 1 if t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" else t.i
            acc_src = _np_range(doc, pobj.i, _clause_subtree_tokens(doc, heads, pobj))
            host = owner.get(t.head.i, t.head.i)
            if host not in by_head or host == c.head:
                continue
            c.is_cue = True
            by_head[host].attributions.append(
                Attribution(source=acc_src, cue=(t.i, nxt + 1), chain=[acc_src])
            )
            continue
        if c.kind == "prep":
            # "with Boswell stating: ...": the gerund is the cue.
            t = next((x for x in t.children if x.dep_ == "pcomp"), t)
        if t.lower_ in ("citing", "quoting") and c.kind in ("advcl", "acl", "conj"):
            # "According to Yonhap, quoting KCNA, ...": a further link, not a claim.
            obj = next((g for g in t.children if g.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                c.is_cue = True
                citing.append((c, _np_range(doc, obj.i, set())))
                continue
        ti = t.i
        lemma = _cue_lemma(info, ti)
        if lemma is None and lower[ti] in lx.INTRO_VERBS and _intro_mark(doc, t) >= 0:
            lemma = lx.INTRO_VERBS[lower[ti]]
        cue_tok = t
        if lemma is None:
            # "Lukman was confident OPEC would maintain its discipline": the adjective is
            # the cue, the copula's subject the source.
            adj = next(
                (
                    a
                    for a in t.children
                    if a.dep_ == "acomp"
                    and a.lower_ in lx.CUE_ADJECTIVES
                    and any(g.dep_ == "ccomp" and g.i in heads for g in a.children)
                ),
                None,
            )
            if adj is None:
                continue
            lemma, cue_tok = adj.lower_, adj
        contents = [ch for ch in kids[cue_tok.i] if dep[ch] == "ccomp" and ch in heads]
        if not contents:
            contents = [x.i for x in _that_clauses(doc, t, heads)]
        nominal: tuple[int, int] | None = None
        nominal_subject = False
        if not contents and lemma in lx.DENIAL_CUES:
            # "dismissed rumors of Assad fleeing" / "denied reports that ..." / "denied taking".
            for ch in t.children:
                if (
                    ch.dep_ in ("xcomp", "ccomp", "dobj")
                    and ch.tag_ == "VBG"
                    and not _has_subject(info, ch.i)
                ):
                    nominal = _subtree_range(ch)
                    nominal_subject = True
                if ch.dep_ == "dobj" and ch.lower_ in lx.PROPOSITION_NOUNS:
                    for g in ch.children:
                        if g.i in heads and g.dep_ in ("acl", "ccomp", "relcl"):
                            contents.append(g.i)
                        elif g.dep_ == "prep" and g.lower_ == "of":
                            pobj = next((p for p in g.children if p.dep_ == "pobj"), None)
                            if pobj is not None:
                                nominal = _subtree_range(pobj)
        parataxis_host = None
        opens = False
        if (
            not contents
            and t.dep_ == "advcl"
            and any(ch.dep_ == "mark" and ch.lower_ == "as" for ch in t.children)
        ):
            # "As Heald told The Huffington Post, ozone has dropped": the host is the content.
            parataxis_host = owner.get(t.head.i, t.head.i)
        if not contents and not nominal and c.kind == "parataxis" and info.verbal[t.i]:
            # "The plan, he said, is dead." — the host clause is the content.
            parataxis_host = owner.get(t.head.i, t.head.i)
        if not contents and nominal is None and parataxis_host is None:
            if lemma in lx.SPEECH_CUES and (
                _intro_mark(doc, t) >= 0
                or _introduces_following(doc, t)
                and not any(ch.dep_ == "dobj" for ch in t.children if ch.i > t.i + 3)
            ):
                opens = True
            # "..., he said." with the quote parsed as the verb's head.
            elif c.kind in ("ROOT",) or not _has_subject(info, t.i):
                continue
            elif (
                t.dep_ in ("ccomp", "advcl")
                and t.i > t.head.i
                and _has_subject(info, t.i)
                and _trails(doc, t)
            ):
                parataxis_host = owner.get(t.head.i, t.head.i)
            else:
                continue
        # The source: the verb's subject, or the host's subject for participles.
        subjects = [ch for ch in kids[ti] if dep[ch] == "nsubj"]
        # '"...," said Mauer': the subject right after an inverted cue.
        subj_i = next((x for x in subjects if x > ti), None) if len(subjects) > 1 else None
        if subj_i is None and subjects:
            subj_i = subjects[0]
        borrowed = False
        if subj_i is None and (info.tag[ti] == "VBG" and dep[ti] in ("advcl", "xcomp") or dep[ti] == "conj"):
            # "X ..., insisting ...", "X tweeted and said ...": the host verb's subject.
            host_subj = _host_subject(t)
            subj_i = None if host_subj is None else host_subj.i
            borrowed = True
        if subj_i is None:
            agent = next((ch for ch in kids[ti] if dep[ch] == "agent"), None)
            if agent is not None:
                subj_i = next((g for g in kids[agent] if dep[g] == "pobj"), None)
        if subj_i is not None and (
            lower[subj_i] == "there"
            or lower[subj_i] == "it"
            and (dep[subj_i] != "nsubj" or lemma not in lx.SPEECH_CUES)
        ):
            # "it is said that", "it seems" have no source ("It said" does: the company).
            subj_i = None
        chain: list[tuple[int, int]] = []
        src: tuple[int, int] | None = None
        if subj_i is not None:
            subj = doc[subj_i]
            excl = _clause_subtree_tokens(doc, heads, subj)
            src = _np_range(doc, subj_i, excl)
            chain.append(src)
            # "X, citing Y, report": Y is the next link of the chain.
            for cand in list(subj.subtree) + list(t.children) if has_citing else ():
                if cand.lower_ in ("citing", "quoting") and cand.i != t.i:
                    for g in cand.children:
                        if g.dep_ in ("dobj", "pobj"):
                            chain.append(_np_range(doc, g.i, set()))
                    by = by_head.get(cand.i)
                    if by is not None:
                        by.is_cue = True
        cue = (cue_tok.i, cue_tok.i + 1)
        prt = [ch for ch in kids[ti] if dep[ch] == "prt" and ch == ti + 1]
        if prt:
            cue = (ti, prt[0] + 1)
        stance: Stance = "denied" if lemma in lx.DENIAL_CUES else "asserted"
        c.is_cue = True
        origin = c.head
        if opens:
            opened.append(
                (
                    t.i,
                    Attribution(
                        source=src,
                        cue=cue,
                        stance=stance,
                        chain=list(chain),
                        borrowed=borrowed,
                        origin=origin,
                    ),
                )
            )
        for ct in contents:
            by_head[ct].attributions.append(
                Attribution(
                    source=src, cue=cue, stance=stance, chain=list(chain), borrowed=borrowed, origin=origin
                )
            )
        if parataxis_host is not None and parataxis_host in by_head:
            by_head[parataxis_host].attributions.append(
                Attribution(
                    source=src, cue=cue, stance=stance, chain=list(chain), borrowed=borrowed, origin=origin
                )
            )
        if nominal is not None:
            c.attributions.append(
                Attribution(
                    source=src,
                    cue=cue,
                    stance=stance,
                    chain=list(chain),
                    nominal=nominal,
                    nominal_subject=src if nominal_subject else None,
                )
            )
    _noun_cues(doc, clauses, by_head)
    for c, link in citing:
        host_clause = by_head.get(owner.get(doc[c.head].head.i, c.head))
        if host_clause is None:
            continue
        for a in host_clause.attributions:
            if link not in a.chain:
                a.chain.append(link)
    return opened


def _inherited(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> dict[int, list[Attribution]]:
    """Attributions of each clause, including those of every clause above it (outermost first)."""
    by_head = {c.head: c for c in clauses}
    out: dict[int, list[Attribution]] = {}
    info = _info(doc)
    for c in clauses:
        _chain_of(info, by_head, owner, out, c.head)
    return out


def _chain_of(
    info: _Info,
    by_head: dict[int, Clause],
    owner: dict[int, int],
    out: dict[int, list[Attribution]],
    h: int,
    depth: int = 0,
) -> list[Attribution]:
    # A module-level function, not a closure: a recursive closure is a reference cycle
    # that kept every unit's token lists alive until the cyclic GC ran (211k objects
    # per 800 articles, ≈ 3 % of the engine's time in collections).
    if h in out:
        return out[h]
    c = by_head[h]
    own = [a for a in c.attributions if a.nominal is None]
    up = info.head[h]
    parent: list[Attribution] = []
    # "X suggested that A, though B": the concession is the writer's aside, not X's.
    dep, lower = info.dep, info.lower
    aside = (
        c.kind == "advcl"
        and any(dep[m] == "mark" and lower[m] in lx.ASIDE_MARKS for m in info.kids[h])
        or c.kind == "relcl"
        and _is_writers_relative(info, c)
    )
    if up != h and depth < 50 and not aside:
        ph = owner.get(up, up)
        if ph in by_head and ph != h and not (by_head[ph].kind == "according" and by_head[ph].is_cue):
            # (A clause inside "according to X ..." describes the source, it is not content.)
            parent = _chain_of(info, by_head, owner, out, ph, depth + 1)
            if any(a.content_from >= 0 for a in parent):
                # A stance reaches only what follows its cue (and a clause headed by the
                # cue's own preposition: "talked about how ..."), not a coordinated clause.
                parent = [
                    a
                    for a in parent
                    if a.content_from < 0
                    or (a.content_from <= h or c.kind == "prep" and h == a.cue[1] - 1)
                    and h < a.content_to
                    and c.kind not in ("conj", "parataxis")
                ]
    out[h] = parent + own
    return out[h]


_NONRESTRICTIVE = frozenset({"which", "who"})


def _is_writers_relative(info: _Info, c: Clause) -> bool:
    """ "She said she would testify to the committee, which meets on Monday": a relative
    clause set off by a comma at the end of the sentence, outside quotation marks, is
    the writer's explanation of the noun, not part of what was reported."""
    first = c.tokens[0]
    if first == 0 or info.words[first - 1] != "," or info.lower[first] not in _NONRESTRICTIVE:
        return False
    if info.dep[first] not in ("nsubj", "nsubjpass"):
        return False  # ", whose committee ...", ", whom she met": no claim of their own
    # Only at the end of the sentence: "the bridge, which opened in 1950, is unsafe"
    # keeps its relative clause inside what was said.
    end = info.doc[c.head].right_edge.i + 1
    if not all(info.punct[end:]):
        return False
    text = info.text[: info.idx[first]]
    return not any(q in text for q in _QUOTE_OPENERS)


_ASIDE_PUNCT = frozenset({",", "-", "--", "\u2014", "\u2013"})


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
        if left < 2 or words[left - 1] not in _ASIDE_PUNCT or left - 1 not in own:
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
            # The replacement keeps the token's trailing whitespace.
            parts.append(replace[i] + full[idx[i] + length[i] : idx[i + 1]] if replace[i] else "")
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
        if own is None:
            own = set(toks)
        conjs = [i]
        stack = [i]
        while stack:
            x = stack.pop()
            for g in kids[x]:
                if dep[g] == "conj" and tag[g] in ("NNP", "NNPS") and g in own:
                    conjs.append(g)
                    stack.append(g)
        if len(conjs) < 2:
            continue
        ranges = []
        for x in conjs:
            excl: set[int] = set()
            for child in doc[x].children:
                if (
                    child.dep_ in ("conj", "cc", "appos", "prep", "relcl", "acl", "preconj")
                    or child.text == ","
                ):
                    excl.update(range(child.left_edge.i, child.right_edge.i + 1))
            ranges.append(_np_range(doc, x, excl))
        whole = (min(r[0] for r in ranges), max(r[1] for r in ranges))
        out.append((whole, sorted(ranges)))
    return out


def _join(prefix: str, text: str) -> str:
    return f"{prefix} {text}" if prefix and text else text or prefix


def _context(doc: Doc, c: Clause, toks: Sequence[int]) -> tuple[str, dict[int, str]]:
    """What a reader needs to read a split-off clause as a proposition: the noun a
    relative or participial clause describes, the subject a coordinated verb shares.

    Returns a prefix for the claim text and replacements for tokens of the clause.
    """
    prefix, replace = _context_of(doc, c, toks)
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
        or c.kind == "ccomp"
        and complementizer
    ):
        replace = {**replace, first: ""}
    return prefix, replace


def _pronoun_is_source(
    info: _Info, toks: Sequence[int], src: tuple[int, int], replace: dict[int, str]
) -> dict[int, str]:
    """ "The company said it would reply" -> "The company would reply", "Analysts said they
    expect ..." -> "Analysts expect ...": a claim opening with it/they as its subject
    speaks of the source of the same sentence when the number agrees."""
    first = next((t for t in toks if not info.skip[t] and t not in replace), -1)
    if first < 0 or info.lower[first] not in ("it", "they") or info.dep[first] not in ("nsubj", "nsubjpass"):
        return replace
    a, b = src
    if b - a > 10 or info.lower[a] in _THIRD_PERSON or src[0] <= first < src[1]:
        return replace
    head = next((t for t in range(a, b) if not a <= info.head[t] < b or info.head[t] == t), b - 1)
    plural = info.tag[head] in ("NNS", "NNPS") or any(info.lower[t] == "and" for t in range(a, b))
    if info.tag[head] not in ("NN", "NNS", "NNP", "NNPS") or plural != (info.lower[first] == "they"):
        return replace
    if info.lower[info.head[first]] in lx.BE_FORMS:
        return replace  # "it may be a sign that ...": rarely the speaker
    end = next((t for t in range(a, b) if info.words[t] in (",", "(", "—", "-")), b)
    return {**replace, first: info.text[info.idx[a] : info.idx[end - 1] + info.length[end - 1]]}


def _be_form(info: _Info, noun: int) -> str:
    """ "is"/"are"/"was"/"were" for a passive participle describing ``noun``: number from
    the noun, tense from the sentence's main verb."""
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
    plural = info.tag[noun] in ("NNS", "NNPS")
    return ("were" if plural else "was") if past else ("are" if plural else "is")


def _context_of(doc: Doc, c: Clause, toks: Sequence[int]) -> tuple[str, dict[int, str]]:
    kind = c.kind
    if kind not in ("prep", "relcl", "acl", "conj"):
        return "", {}
    own = set(toks)
    info = _info(doc)
    h = c.head
    up = info.head[h]
    dep, tag, kids = info.dep, info.tag, info.kids
    if kind == "prep" and info.lower[h] == "including" and tag[up].startswith("NN"):
        return _text_of(doc, range(doc[up].left_edge.i, up + 1)), {}
    if kind == "relcl" and tag[up].startswith("NN"):
        rel = next(
            (x for x in kids[h] if dep[x] in ("nsubj", "nsubjpass") and tag[x] in ("WDT", "WP") and x in own),
            None,
        )
        if rel is not None:
            # "the team, which consists of girls" -> "the team consists of girls".
            return "", {rel: _text_of(doc, range(doc[up].left_edge.i, up + 1))}
    if (
        kind == "acl"
        and tag[h] in ("VBN", "VBG")
        and tag[up].startswith("NN")
        and up < h
        and not _has_subject(info, h)
        and not _has_that(info, h)
    ):
        noun = _text_of(doc, range(doc[up].left_edge.i, up + 1))
        if tag[h] == "VBN" and not any(dep[k] in ("aux", "auxpass") for k in kids[h]):
            # "a group designated as a terrorist organization" -> "a group is designated ..."
            return f"{noun} {_be_form(info, up)}", {}
        return noun, {}
    if kind == "conj" and not _has_subject(info, h):
        subj = next((x for x in kids[up] if dep[x] in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj not in own:
            first = min(own)
            rep = {first: ""} if dep[first] == "cc" else {}
            return _text_of(doc, range(*_np_range(doc, subj, set()))), rep
    return "", {}


_THIRD_PERSON = frozenset({"he", "she", "they", "it", "him", "her", "them"})


def _is_pronoun(doc: Doc, rng: tuple[int, int] | None) -> bool:
    return rng is not None and rng[1] - rng[0] == 1 and doc[rng[0]].lower_ in _THIRD_PERSON


def resolve_attribution(
    doc: Doc, atts: Sequence[Attribution]
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, Stance, list[tuple[int, int]]]:
    """(source, cue, stance, chain) from the attributions around a clause, outermost first.

    The source is the speaker whose cue governs the claim most directly ("According
    to ABC, Basya believes X": Basya; the outer link is the separate claim "Basya
    believes X" sourced to ABC), unless that is only a pronoun or missing and an outer
    speaker is named ("The insurgents stated they ..., declaring ..."). The chain is
    that attribution's own chain: the source, then whom it cites.
    """
    if not atts:
        return None, None, "asserted", []
    gov = atts[-1]
    cue = gov.cue
    if gov.source is None or gov.borrowed and _is_pronoun(doc, gov.source):
        for x in reversed(atts[:-1]):
            if x.source is not None and not _is_pronoun(doc, x.source):
                gov = x
                break
    stance: Stance = "denied" if any(x.stance == "denied" for x in atts) else "asserted"
    chain: list[tuple[int, int]] = []
    for link in gov.chain:
        if link not in chain and not (chain and _is_pronoun(doc, link)):
            chain.append(link)
    return gov.source, cue, stance, chain


@dataclass(slots=True)
class UnitClaims:
    claims: list[RawClaim]
    # A cue whose content continues in the next sentences ("She continued:").
    open_attribution: Attribution | None = None
    # The unit is only "the mayor shouted." after a quotation that ended the sentence
    # before it ('"Stay there!" | the mayor shouted.'): that quotation's attribution.
    closing_attribution: Attribution | None = None


_QUOTE_OPENERS = lx.QUOTE_OPEN | lx.QUOTE_STRAIGHT
_CITING = frozenset({"citing", "quoting"})
_QUOTE_CLOSERS = lx.QUOTE_CLOSE | lx.QUOTE_STRAIGHT


def _clause_span(doc: Doc, c: Clause) -> tuple[tuple[int, int], list[int]] | None:
    info = _info(doc)
    skip, punct = info.skip, info.punct
    runs = []
    for a, b in _runs(c.tokens):
        # == _strip_punct(doc, a, b)
        while a < b and skip[a]:
            a += 1
        while b > a and skip[b - 1]:
            b -= 1
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


# Subjects that are not sources of a stance: dummies, relatives, the writer and reader.
_NO_STANCE_SUBJECT = frozenset({"it", "there", "this", "that", "what", "which", "i", "we", "you"})
# Complements of a stance verb, and prepositions that belong to its cue ("called for").
_STANCE_COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "dative", "oprd"})
# Prepositions completing an object: "accused X of Y", "blamed X for Y", "described X as Y".
_OBJ_PREPS = frozenset({"of", "for", "as", "against", "about", "over", "on", "to", "into"})
_CUE_PREPS = frozenset({"for", "on", "against", "about", "to", "at", "of", "over"})


def _is_agent(info: _Info, i: int) -> bool:
    """A name, he/she/they/who, or a noun for people or an organisation: who can hold a
    stance."""
    w = info.lower[i]
    return info.tag[i] in ("NNP", "NNPS") or w in ("he", "she", "they", "who") or w in lx.AGENT_NOUNS


def _stance_verb(info: _Info, h: int) -> int:
    """The stance verb of a clause: its head, or a verb in the head's infinitive chain
    ("tried to defend", "is aiming to expand"); -1 if none."""
    cur = h
    for _ in range(3):
        if info.verbal[cur] and info.lower[cur] in lx.STANCE_VERBS:
            return cur
        nxt = next((k for k in info.kids[cur] if info.dep[k] == "xcomp" and info.verbal[k]), -1)
        if nxt < 0:
            return -1
        cur = nxt
    return -1


def stance_cues(doc: Doc, clauses: list[Clause], inherited: dict[int, list[Attribution]]) -> bool:
    """ "Clinton wants to raise the minimum wage", "Trump criticized the deal", "He
    called for a ban": a stance verb's complement is its subject's position. Only in
    clauses no other attribution covers (an outer speaker wins: "X said Clinton wants
    ..." stays X's). Returns whether any was added."""
    info = _info(doc)
    dep, kids, lower = info.dep, info.kids, info.lower
    by_head = {c.head: c for c in clauses}
    added = False
    for c in clauses:
        h = c.head
        if c.is_cue or c.kind in ("according", "prep") or inherited.get(h) or c.attributions:
            continue
        v = _stance_verb(info, h)
        if v < 0:
            continue
        cue_end = v + 1
        prt = [k for k in kids[v] if dep[k] == "prt" and k == v + 1]
        if prt:
            cue_end = prt[0] + 1
        only = lx.PREP_STANCE.get(lx.STANCE_VERBS[lower[v]])
        if only is not None:
            # "spoke about X": the preposition is part of the cue, its object the content.
            k = cue_end if cue_end < len(lower) and dep[cue_end] == "prep" else -1
            if k < 0 or lower[k] not in only or info.head[k] != v:
                continue
        has_obj = any(dep[k] in ("dobj", "dative") for k in kids[v])
        comps = [
            k
            for k in kids[v]
            if k >= cue_end
            and (
                dep[k] in _STANCE_COMPLEMENTS
                or dep[k] == "prep"
                and (k == cue_end and lower[k] in _CUE_PREPS or has_obj and lower[k] in _OBJ_PREPS)
            )
        ]
        if not comps:
            continue
        first = min(comps)
        start = doc[first].left_edge.i
        if dep[first] == "prep" and first == cue_end:
            obj = [k for k in kids[first] if dep[k] in ("pobj", "pcomp")]
            if not obj:
                continue
            cue_end = first + 1
            start = doc[obj[0]].left_edge.i
        end = max(doc[k].right_edge.i for k in comps) + 1
        # The source: the subject of the verb or of the chain's head, or a host's.
        subj = next((k for k in kids[v] if dep[k] == "nsubj"), None)
        if subj is None:
            subj = next((k for k in kids[h] if dep[k] == "nsubj"), None)
        borrowed = False
        if subj is None and (info.tag[h] == "VBG" and dep[h] in ("advcl", "xcomp") or dep[h] == "conj"):
            host = _host_subject(doc[h])
            subj = None if host is None else host.i
            borrowed = True
        if subj is None and dep[h] == "acl" and info.tag[h] == "VBG" and info.head[h] < h:
            # "voters seeking change", "a statement condemning the attacks" (the
            # statement's author: the subject of the verb above it).
            subj = info.head[h]
            if lower[subj] in lx.SAYING_NOUNS:
                host = _host_subject(doc[subj])
                subj = None if host is None else host.i
            borrowed = True
        if subj is None or info.tag[subj] in ("WDT", "EX"):
            continue
        if lower[subj] in _NO_STANCE_SUBJECT:
            continue
        if lower[v] not in lx.EVIDENCE_VERBS and not _is_agent(info, subj):
            continue
        src = _np_range(doc, subj, _clause_subtree_tokens(doc, set(by_head), doc[subj]))
        if src[0] >= src[1] or src[0] <= v < src[1]:
            continue
        c.attributions.append(
            Attribution(
                source=src,
                cue=(v, cue_end),
                chain=[src],
                borrowed=borrowed,
                origin=h,
                content_from=start,
                content_to=end,
            )
        )
        added = True
    return added


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


def _is_dependent_fragment(info: _Info, c: Clause) -> bool:
    """A clause of the article's own text that cannot stand as a claim: a purpose or
    other infinitive ("to pay off debts"), a condition ("if it succeeds"), a verb-less or
    subject-less adjunct ("after leaving", "with thousands fleeing", "including Aleppo"),
    or a participle that is not a cue ("performing his duties"). (Relative clauses stay:
    their text names the noun they describe, see _context_of.)"""
    h, kind = c.head, c.kind
    dep, lower, tag, kids = info.dep, info.lower, info.tag, info.kids
    if kind in ("xcomp", "prep"):
        return True
    if kind == "advcl":
        if any(dep[k] == "mark" and lower[k] in _CONDITION_MARKS for k in kids[h]):
            return True
        return not _has_subject(info, h) and tag[h] in ("VBG", "VBN", "VB")
    if kind == "acl":
        return tag[h] == "VBG" or _has_to(info, h)
    return False


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
        if kind == "conj" and _has_subject(info, c.head):
            continue
        atts = inherited.get(c.head)
        if not atts and not _is_dependent_fragment(info, c):
            continue
        if kind == "prep" and info.lower[c.head] in lx.ACCORDING:
            continue
        up = info.head[c.head]
        ph = owner.get(up, up)
        p = by_head.get(ph)
        if p is None or p is c or p.is_cue or p.kind == "according" or inherited.get(ph) != atts:
            continue
        p.tokens = sorted(p.tokens + c.tokens)
        gone.add(c.head)
        for t in c.tokens:
            owner[t] = ph
    return [c for c in clauses if c.head not in gone]


def _nested_report(info: _Info, h: int, clauses: list[Clause], outer: list[Attribution]) -> list[int]:
    """Tokens of "Basya believes X" in "According to ABC, Basya believes X": the cue
    clause's subtree without the outer attributions' "according to" clauses, sources and
    cues, as one run around the head, punctuation trimmed."""
    sub = set(_descendants(info, h))
    sub.add(h)
    for c in clauses:
        if c.kind == "according" and c.head in sub:
            sub.difference_update(c.tokens)
    for att in outer:
        for rng in (att.source, att.cue):
            if rng is not None:
                sub.difference_update(range(*rng))
    a, b = h, h + 1
    while a - 1 in sub:
        a -= 1
    while b in sub:
        b += 1
    skip = info.skip
    while a < b and skip[a]:
        a += 1
    while b > a and skip[b - 1]:
        b -= 1
    return list(range(a, b))


def _is_name_token(info: _Info, i: int) -> bool:
    w = info.words[i]
    return w[:1].isupper() or w in ("'s", "’s", ".", "-", "&") or info.tag[i] in ("NNP", "NNPS")


def _name_run(info: _Info, a: int, b: int) -> bool:
    """Tokens [a, b) could be a speaker's name in a headline: 1-6 capitalised words."""
    words = [i for i in range(a, b) if not info.punct[i] or info.words[i] in (".", "&", "-")]
    return 0 < len(words) <= 6 and all(_is_name_token(info, i) for i in words)


def headline_claim(doc: Doc) -> RawClaim | None:
    """Attribution in headline form, where a parse of title case cannot be trusted:
    "Milbank: Republicans ...", "Said Ellis: ...", "Trump Says Clinton Would ...",
    "Clinton Is Fit To Serve, Former White House Doctor Says". One claim (the
    content) or None."""
    info = _info(doc)
    n = len(info.words)
    words, lower = info.words, info.lower
    alpha = [i for i in range(n) if words[i][:1].isalpha()]
    if len(alpha) < 3:
        return None
    title = sum(1 for i in alpha if words[i][:1].isupper()) >= 0.7 * len(alpha)
    colon = next((i for i in range(min(n, 8)) if words[i] == ":"), -1)
    src: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    if colon > 0 and colon + 1 < n:
        first = 0
        if lower[0] in lx.HEADLINE_CUES and words[0][:1].isupper():
            cue, first = (0, 1), 1  # "Said Ellis: ..."
        else:
            cue = (colon, colon + 1)
        name = " ".join(lower[first:colon])
        if (
            _name_run(info, first, colon)
            and name not in lx.HEADLINE_LABELS
            and lower[colon - 1] not in lx.HEADLINE_LABELS
        ):
            src, content = (first, colon), (colon + 1, n)
    elif title:
        cues = [i for i in alpha if lower[i] in lx.HEADLINE_CUES and words[i][:1].isupper()]
        if len(cues) != 1:
            return None
        k = cues[0]
        comma = max((i for i in range(k) if words[i] == "," or words[i] in _QUOTE_CLOSERS), default=-1)
        if comma > 0 and _name_run(info, comma + 1, k) and n - k <= 6:
            src, cue, content = (comma + 1, k), (k, k + 1), (0, comma)  # "..., X Says"
        elif 0 < k <= 5 and comma < 0 and _name_run(info, 0, k) and k + 2 < n:
            src, cue, content = (0, k), (k, k + 1), (k + 1, n)  # "X Says ..."
    if src is None or cue is None or content is None:
        return None
    a, b = _strip_punct(doc, *content)
    s0, e0 = _strip_punct(doc, *src)
    if a >= b or s0 >= e0:
        return None
    s, e = info.idx[a], info.idx[b - 1] + info.length[b - 1]
    if s > 0 and info.text[s - 1] in _QUOTE_OPENERS:
        s -= 1
    text = _text_of(doc, range(a, b)).strip("\"'“”‘’ ")
    return RawClaim(s, e, text, (s0, e0), cue, "asserted", [(s0, e0)], a)


def closing_tail(doc: Doc) -> Attribution | None:
    """ "the mayor shouted." / "said Ann Moore.": a unit that is only a speaker and a
    cue verb, the tail of a quotation the sentence splitter cut off at its "!" or "?"
    ('"Stay there!" the mayor shouted.'). The engine gives it to the quotation before."""
    info = _info(doc)
    words = [i for i in range(len(info.words)) if not info.punct[i] and info.words[i].strip()]
    if not 2 <= len(words) <= 7 or info.words[0] in _QUOTE_CLOSERS:
        return None
    cues = [
        i
        for i in words
        if info.verbal[i] and (info.lower[i] in lx.CUE_VERBS or info.lower[i] in lx.QUOTE_TAIL_VERBS)
    ]
    if len(cues) != 1:
        return None
    cue = cues[0]
    name = [i for i in words if i != cue]
    if name != list(range(name[0], name[-1] + 1)) or cue not in (name[0] - 1, name[-1] + 1):
        return None
    if not all(_name_word(info.words[i]) for i in name) or info.dep[cue] != "ROOT":
        return None
    if not any(info.dep[i] in ("nsubj", "nsubjpass") for i in name):
        return None
    src = (name[0], name[-1] + 1)
    return Attribution(source=src, cue=(cue, cue + 1), chain=[src])


@dataclass(slots=True)
class UnitParse:
    """One unit's clauses and what the attribution rules have found in them so far."""

    doc: Doc
    clauses: list[Clause]
    owner: dict[int, int]  # token -> head of the clause that owns it
    # Cues whose content follows them ("She continued:"), with the cue's token.
    opened: list[tuple[int, Attribution]] = field(default_factory=list)
    # The attributions governing each clause, outermost first (from _inherited).
    inherited: dict[int, list[Attribution]] = field(default_factory=dict)
    # An opened cue with no content left in this unit: it carries to the next sentence.
    pending: Attribution | None = None


def rule_cue_verbs(u: UnitParse) -> None:
    """Verbs of saying and thinking with a clausal complement, "according to X",
    "citing Y", certainty adjectives, saying nouns, denials, parentheticals (see
    find_attributions): "The minister said the talks had collapsed"."""
    u.opened = find_attributions(u.doc, u.clauses, u.owner)


def rule_trailing_quote_cue(u: UnitParse) -> None:
    """'"We will not surrender," added the commander.' when the parse missed the link."""
    _tail_attribution(u.doc, u.clauses, u.owner)


def rule_introduced_content(u: UnitParse) -> None:
    """ "The commander said: ..." attributes what follows the colon or the quote mark in
    the unit; with nothing left, the next sentence (UnitClaims.open_attribution)."""
    doc, clauses, owner = u.doc, u.clauses, u.owner
    for cue_i, att in u.opened:
        # The clauses that start after the colon or quote mark (the parser often hangs
        # them elsewhere).
        mark = _intro_mark(doc, doc[cue_i])
        start = mark if mark >= 0 else doc[cue_i].right_edge.i
        later = {c.head for c in clauses if min(c.tokens) > start and not c.is_cue}
        for c in clauses:
            if c.head in later and owner.get(doc[c.head].head.i, c.head) not in later - {c.head}:
                c.attributions.insert(0, att)
        if not later:
            u.pending = att
    u.inherited = _inherited(doc, clauses, owner)


def rule_stance(u: UnitParse) -> None:
    """ "The governor wants to raise the minimum wage", "He called for a ban": see
    stance_cues. Runs after the others: a clause already inside someone's reported
    content is that source's."""
    if stance_cues(u.doc, u.clauses, u.inherited):
        u.inherited = _inherited(u.doc, u.clauses, u.owner)


def rule_merge_dependent_clauses(u: UnitParse) -> None:
    """Reported content as one claim, and no claims of purposes, conditions or bare
    adjuncts (see merge_dependent_clauses)."""
    u.clauses = merge_dependent_clauses(u.doc, u.clauses, u.owner, u.inherited)


# The attribution rules, in the order they run on every parsed unit. Each reads the
# parse and what the earlier ones found and records Attributions on the clauses (or
# marks a clause as the "X said" side). To add a rule: write a small function here with
# its made-up example as a test in tests/engine/test_attribution_rules.py, and put it
# where what it needs has been found. Headline forms are tried before all of them
# (headline_claim), the cross-sentence steps run in engine.Engine._document.
ATTRIBUTION_RULES: tuple[Callable[[UnitParse], None], ...] = (
    rule_cue_verbs,
    rule_trailing_quote_cue,
    rule_introduced_content,
    rule_stance,
    rule_merge_dependent_clauses,
)


def extract(doc: Doc) -> UnitClaims:
    """All claims of one parsed unit, in text order."""
    if len(doc) == 0:
        return UnitClaims([])
    headline = headline_claim(doc)
    if headline is not None:
        return UnitClaims([headline])
    clauses, owner = segment(doc)
    u = UnitParse(doc, clauses, owner)
    for rule in ATTRIBUTION_RULES:
        rule(u)
    return UnitClaims(_claims(u), u.pending, closing_tail(doc))


def _claims(u: UnitParse) -> list[RawClaim]:
    """One claim per clause that is not the "X said" side, with its attribution and a
    readable text; coordinated names split; nested reports and denied nouns rebuilt."""
    doc, clauses, inherited = u.doc, u.clauses, u.inherited
    claims: list[RawClaim] = []
    info = _info(doc)
    dep, lower, verbal = info.dep, info.lower, info.verbal
    # A clause's tokens are in text order (see segment), so tokens[0] is its first.
    for c in sorted(clauses, key=lambda c: c.tokens[0]):
        for a in c.attributions:
            if a.nominal is not None:
                text, hi = _nominal_claim(doc, *a.nominal, subject=a.nominal_subject)
                s, e = _char_range(doc, *a.nominal)
                claims.append(RawClaim(s, e, text, a.source, a.cue, a.stance, list(a.chain), hi))
        if c.kind == "according":
            continue
        atts = inherited.get(c.head, [])
        if c.is_cue:
            # "According to ABC, Basya believes X": "Basya believes (X)" is ABC's claim.
            outer = [x for x in atts if x.nominal is None and x.origin != c.head]
            if not outer or not _has_subject(_info(doc), c.head):
                continue
            span = _clause_span(doc, c)
            if span is None:
                continue
            (s, e), _ = span
            src, cue, stance, chain = resolve_attribution(doc, outer)
            # Grounded in the whole nested report ("Basya believes X"): it is what the
            # outer source said; the outer "according to ABC" is not part of it.
            report = _nested_report(info, c.head, clauses, outer)
            if report:
                ga, gb = report[0], report[-1] + 1
                s, e = info.idx[ga], info.idx[gb - 1] + info.length[gb - 1]
            text = _text_of(doc, report or range(*_subtree_range(doc[c.head])))
            claims.append(RawClaim(s, e, text, src, cue, stance, chain, c.head))
            continue
        if c.kind != "prep" and not any(map(verbal.__getitem__, c.tokens)):
            continue  # "because of the rain" / "including Aleppo" stay: the reason or the members
        h = c.head
        if dep[h] in ("ROOT", "conj", "parataxis") and _is_imperative(doc, h, c.tokens):
            continue
        if lower[h] in lx.BE_FORMS and _is_incomplete(doc, h):
            continue
        src, cue, stance, chain = resolve_attribution(doc, [x for x in atts if x.nominal is None])
        aside = _trailing_aside(info, c) if src is not None else -1
        span = _clause_span(
            doc, c if aside < 0 else Clause(c.head, c.kind, [t for t in c.tokens if t < aside])
        )
        if span is None:
            continue
        (s, e), toks = span
        own = next((a for a in c.attributions if a.content_from >= 0), None)
        if own is not None and own.source == src and own.cue == cue:
            # "Clinton wants | to raise the minimum wage": grounded in the content.
            cs = info.idx[own.content_from]
            ce = info.idx[own.content_to - 1] + info.length[own.content_to - 1]
            if s < cs < e:
                s = cs
            if s < ce < e:
                e = ce
        if src is not None and cue is not None and s <= info.idx[src[0]] < e and info.idx[cue[1]] >= e - 1:
            continue  # "They want" whose content is a clause of its own: the cue side only
        prefix, replace = _context(doc, c, toks)
        if src is not None and own is None:
            replace = _pronoun_is_source(info, toks, src, replace)
        # Only names inside the grounded span are split (not those in a stance's source).
        coord = coordinated_names(doc, [t for t in toks if s <= info.idx[t] < e])
        if coord:
            whole, parts = coord[0]
            for pa, pb in parts:
                rep = dict(replace)
                rep.update({i: "" for i in range(whole[0], whole[1])})
                rep[whole[0]] = _text_of(doc, range(pa, pb))
                text = _join(prefix, _text_of(doc, toks, rep))
                claims.append(RawClaim(s, e, text, src, cue, stance, list(chain), c.head))
            continue
        text = _join(prefix, _text_of(doc, toks, replace))
        claims.append(RawClaim(s, e, text, src, cue, stance, chain, c.head))
    claims.sort(key=lambda r: (r.start, r.end))
    return claims
