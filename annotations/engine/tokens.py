"""Token data of one parsed unit: the one representation the rules read.

``token_info(doc)`` reads each token's head, dependency, tag, lower-cased form, children
and text once from ``doc.to_array(...)`` into plain lists (``_Info``), kept in the unit's
own ``doc.user_data`` until ``release_info``. Also the small parse helpers every rule
module shares (subjects, "to"/"that" markers, subtrees, noun-phrase edges).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import add
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from . import lexicon as lx

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


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


def finite_form(info: _Info, v: int) -> int:
    """The word that carries verb ``v``'s tense and number: its first auxiliary before it,
    else ``v`` itself ("has | been sold" -> "has")."""
    return next((k for k in info.kids[v] if k < v and info.dep[k] in ("aux", "auxpass")), v)


def release_info(doc: Doc) -> None:
    """Drop the _Info kept in ``doc`` (it refers to the doc: a reference cycle)."""
    doc.user_data.pop(_INFO_KEY, None)


def _is_agent(info: _Info, i: int) -> bool:
    """Who can hold a stance or say something: a name, he/she/they/who, a listed noun for
    people or an organisation, a noun for a person by its ending ("businessman",
    "economist", "politician"), or a capitalised bare noun the tagger did not take for a
    name ("Lund opposes ..." at the start of a sentence)."""
    tag, word = info.tag[i], info.lower[i]
    if tag in ("NNP", "NNPS") or word in ("he", "she", "they", "who") or word in lx.AGENT_NOUNS:
        return True
    if tag not in ("NN", "NNS"):
        return False
    if len(word) > 5 and word.endswith(lx.PERSON_ENDINGS) and word not in lx.NOT_PERSON_NOUNS:
        return True
    return (
        tag == "NN"
        and info.words[i][:1].isupper()
        and not any(info.dep[k] != "punct" for k in info.kids[i])
        and info.dep[i] in ("nsubj", "nsubjpass")
        and not word.endswith(lx.ABSTRACT_ENDINGS)
        and word not in lx.INDEFINITE_PRONOUNS
    )


def _is_holder(info: _Info, i: int) -> bool:
    """Who can hold a view reported by a that-clause or a stance: an agent, or a
    quantifier standing for people ("Many worried that ...", "Several opposed it")."""
    if _is_agent(info, i):
        return True
    # Not the object of a relative clause ("all we ask is that ...") or with a "how"
    # ("how many of the arguments focus on ..."): those are no one's view. ("Others
    # who have argued ..." are people.)
    dep, lower = info.dep, info.lower
    return lower[i] in lx.QUANTIFIER_SUBJECTS and not any(
        lower[k] == "how"
        or dep[k] == "relcl"
        and any(dep[s] in SUBJ_DEPS and lower[s] not in ("who", "that") for s in info.kids[k])
        for k in info.kids[i]
    )


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


def _subtree_range(t: Token) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _strip_punct(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """The range without punctuation (or a leading "and") at its ends; see strip_range."""
    return strip_range(_info(doc), a, b)


def _closed_inside(words: list[str], punct: Sequence[int], a: int, b: int) -> bool:
    """Whether the quotation mark just before ``a`` is closed inside ``a:b`` with words
    after it ('"Window-dressing" operations'), not one that encloses the whole range."""
    mark = words[a - 1]
    close = "”" if mark == "“" else '"' if mark == '"' else None
    if close is None:
        return False
    k = next((k for k in range(a, b) if words[k] in (close, mark)), b)
    return k < b and words[k] == close and not all(punct[k + 1 : b])


def _opened_inside(words: list[str], punct: Sequence[int], a: int, b: int) -> bool:
    """Whether the quotation mark at ``b`` closes one opened inside ``a:b`` after some
    words ('called the plan “a disaster”')."""
    mark = words[b]
    opening = "“" if mark == "”" else '"' if mark == '"' else None
    if opening is None:
        return False
    k = next((k for k in range(b - 1, a - 1, -1) if words[k] in (opening, mark)), a - 1)
    return k >= a and words[k] == opening and not all(punct[a:k])


def strip_range(info: _Info, a: int, b: int, *, keep_and: bool = False) -> tuple[int, int]:
    """The range without punctuation at its ends, nor a leading "and" unless ``keep_and``
    (a later run of a claim keeps it: "leads in Ohio[, according to a poll,] and has a
    lead"). A bracket whose partner is inside, with a word between them, stays ("Hayat
    Tahrir al-Sham (HTS)", "<Baker, Lane and Co>"; not "[...]")."""
    skip, punct, words = info.skip, info.punct, info.words
    first = a
    while a < b and skip[a] and (punct[a] or not keep_and):
        close = BRACKETS.get(words[a])
        if (
            close is not None
            and close in words[a + 1 : b]
            and not all(punct[a + 1 : words.index(close, a + 1)])
        ):
            break
        a += 1
    if a > first and _closed_inside(words, punct, a, b):
        a -= 1  # '"Window-dressing" operations were ...': the mark opens a quoted name
    while b > a and skip[b - 1]:
        w = words[b - 1]
        if _opened_inside(words, punct, a, b - 1):
            break  # 'called the plan “a disaster”'
        opening = _OPENING.get(w)
        if opening is not None and opening in words[a : b - 1]:
            k = b - 2 - words[a : b - 1][::-1].index(opening)
            if not all(punct[k + 1 : b - 1]):
                break
        b -= 1
    return a, b


BRACKETS = {"(": ")", "<": ">", "[": "]"}
_OPENING = {v: k for k, v in BRACKETS.items()}


def _np_range(doc: Doc, i: int, exclude: set[int]) -> tuple[int, int]:
    """Token range of the noun phrase headed by token ``i``, without clauses hanging off
    it (``exclude``)."""
    # Tokens of the head's own subtree: where the parser crossed branches ("Lund alleges
    # that ..., a claim that Berg disputes", "a claim" hung on "Lund"), its edges span
    # the verb between them.
    keep_set = {x.i for x in doc[i].subtree if x.i not in exclude}
    # The contiguous run around the head.
    a = b = i
    while a - 1 in keep_set:
        a -= 1
    while b + 1 in keep_set:
        b += 1
    # "the team's coach, Ann Berg, in their first match, ...": a name and one
    # appositive at most; past the second comma the parse has usually run away.
    words = _info(doc).words
    commas = [j for j in range(i, b + 1) if words[j] == ","]
    if len(commas) >= 2:
        b = commas[1] - 1
    # A wire dateline the parser hung on the phrase: "OSLO (Reuters) - Northwind Chairman
    # Erik Dahl" is "Northwind Chairman Erik Dahl".
    if a == 0 and words[0].isupper() and len(words[0]) > 1:
        dash = next((j for j in range(1, min(b, 12)) if words[j] in ("-", "\u2013", "\u2014", "--")), -1)
        if dash > 0 and ")" in words[1:dash] and dash < b:
            a = dash + 1
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


_QUOTE_OPENERS = lx.QUOTE_OPEN | lx.QUOTE_STRAIGHT
_QUOTE_CLOSERS = lx.QUOTE_CLOSE | lx.QUOTE_STRAIGHT


def _person_word(info: _Info, k: int) -> bool:
    """A name or a word for a person's role ("secretary", "spokesman")."""
    return info.tag[k] in ("NNP", "NNPS") or info.lower[k] in lx.PERSON_ROLES


def who_antecedent(info: _Info, noun: int, rel: int = -1) -> int:
    """The person a relative "who" (token ``rel``) after ``noun`` stands for: the parser
    hangs it on a noun before it, which may be inside the person's title ("Ann Berg,
    press aide to Governor Tom Lund, who attended" is Berg; "the mayor of Paris,
    who said" the mayor) or before the name nearest it ("a call with Berg, who said"
    is Berg). Climbs from a preposition's object (and then an apposition) to a name or a
    person's role; ``noun`` itself when there is none."""
    dep, head = info.dep, info.head
    if rel > 1:
        # "a call with Berg, who said", "before Judge Ortiz, Lund, who faces":
        # the parser hung "who" on the noun before the name nearest it.
        k = rel - 1 if info.words[rel - 1] != "," else rel - 2
        if (
            k > noun
            and _person_word(info, k)
            and (dep[k] == "appos" or not _person_word(info, noun))
            and info.doc[noun].left_edge.i <= k <= info.doc[noun].right_edge.i
        ):
            return k
    if (
        rel > 0
        and dep[noun] == "appos"
        and info.words[rel - 1] != ","
        and any(dep[k] == "det" and info.lower[k] in ("a", "an") for k in info.kids[noun])
        and _person_word(info, head[noun])
    ):
        # "Rep. Tom Reyes, a Utah Democrat who flew": the description has no comma
        # before "who", so the clause tells of the person it describes.
        return head[noun]
    best, x = noun, noun
    for _ in range(6):
        # Up an apposition only from inside a title's phrase: "Ortiz, Lund, who
        # faces ..." is Lund (the name nearest "who").
        if dep[x] == "appos" and head[x] != x and x != noun:
            x = head[x]
        elif dep[x] == "pobj" and dep[head[x]] == "prep" and head[head[x]] != head[x]:
            x = head[head[x]]
        else:
            break
        if _person_word(info, x):
            best = x
        elif not info.tag[x].startswith("NN"):
            break
    return best
