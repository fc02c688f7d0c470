"""Clause-level claims and their attribution, from one spaCy dependency parse.

Works on one parsed *unit* (a sentence, or a chunk of an over-long sentence) at a
time. Token offsets are relative to the unit; ``base`` maps them into the document.

Steps for a unit:
1. find clause heads (root, finite/adverbial/relative/participial clauses, verb
   coordination with its own subject, "according to" phrases);
2. give every token to its nearest clause head; a clause's span is the run of its
   own tokens around the head (a relative clause inside it is its own claim);
3. find attribution: a cue verb (said, claimed, denied, ...) with a clausal
   complement, a participle cue ("insisting he ...") taking the subject of its host
   verb, "according to X", "X said" as a parenthetical, "X, citing Y, report";
   the cue clause itself is the "X said" side and is not a claim;
4. emit the remaining clauses as claims, with the source of the nearest enclosing
   attribution, stance "denied" under denial cues, and coordinated proper-noun
   subjects split into one claim each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import lexicon as lx

# Dependency labels that start a clause of their own (GUM-style EDUs).
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis"})
# Participial and infinitival modifiers of nouns are clauses only when verbal.
VERBAL_MOD_DEPS = frozenset({"acl"})
_SPACE_BEFORE_PUNCT = re.compile(r" ([,;:.!?])")
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


@dataclass(slots=True)
class Attribution:
    source: tuple[int, int] | None  # token index range [start, end) within the unit
    cue: tuple[int, int]
    stance: str = "asserted"
    chain: list[tuple[int, int]] = field(default_factory=list)
    # "dismissed rumors of X": the claim is built from a noun phrase, not a clause.
    nominal: tuple[int, int] | None = None


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
    stance: str
    chain: list[tuple[int, int]]
    head: int  # token index of the clause head, for pronoun resolution / ordering


def is_verbal(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")


def has_subject(t: Token) -> bool:
    return any(c.dep_ in SUBJ_DEPS for c in t.children)


def _has_to(t: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def _is_bare_small_clause(t: Token) -> bool:
    """ "help the girls enter", "let it play out": a bare infinitive with a subject."""
    return t.tag_ == "VB" and not _has_to(t) and not any(c.dep_ in ("aux", "mark") for c in t.children)


def _in_xcomp_chain(t: Token) -> bool:
    cur = t
    for _ in range(20):
        if cur.dep_ == "xcomp":
            return True
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def is_clause_head(t: Token) -> bool:
    """Where GUM-style discourse units begin (measured on GUM news: relative,
    adverbial, participial and complement clauses split; "want to go" does not)."""
    dep = t.dep_
    if dep == "ROOT":
        return True
    if dep in CLAUSE_DEPS:
        if dep == "ccomp" and _is_bare_small_clause(t):
            return False
        return is_verbal(t) or has_subject(t)
    if dep in VERBAL_MOD_DEPS:
        return is_verbal(t)
    if dep == "conj":
        if not is_verbal(t):
            return False
        if has_subject(t):
            return True  # "..., and groups faced off in pairs"
        # Verb phrases coordinated under a clause ("was arrested and questioned") are
        # units; verbs sharing one infinitive ("to recognize, pick up and carry") are not.
        return is_verbal(t.head) and not _in_xcomp_chain(t.head)
    if dep == "xcomp":
        # "orange to represent water": an infinitive hanging off a non-verb is a purpose clause.
        return _has_to(t) and not is_verbal(t.head)
    if dep == "prep":
        if t.lower_ in lx.ACCORDING:
            return True
        comp = next((c for c in t.children if c.dep_ == "pcomp" and is_verbal(c)), None)
        if comp is None:
            return False
        # "after leaving", "by firing", "with the medal going to Poland".
        return t.lower_ in lx.CLAUSAL_PREPS or has_subject(comp)
    return False


def _cue_lemma(t: Token) -> str | None:
    return lx.CUE_VERBS.get(t.lower_) if is_verbal(t) or t.tag_ == "NN" else None


def _subtree_range(t: Token) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _strip_punct(doc: Doc, a: int, b: int) -> tuple[int, int]:
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].dep_ == "cc"):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    return a, b


def _np_range(doc: Doc, t: Token, exclude: set[int]) -> tuple[int, int]:
    """Token range of the noun phrase headed by t, without clauses hanging off it."""
    keep = [i for i in range(t.left_edge.i, t.right_edge.i + 1) if i not in exclude]
    # The contiguous run around the head.
    a = b = t.i
    keep_set = set(keep)
    while a - 1 in keep_set:
        a -= 1
    while b + 1 in keep_set:
        b += 1
    return _strip_punct(doc, a, b + 1)


def _clause_subtree_tokens(doc: Doc, heads: set[int], t: Token) -> set[int]:
    """Tokens of every clause (other than t's own) nested under t."""
    out: set[int] = set()
    for c in t.subtree:
        if c.i != t.i and c.i in heads:
            out.update(range(c.left_edge.i, c.right_edge.i + 1))
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
    heads = {t.i for t in doc if is_clause_head(t)}
    owner: dict[int, int] = {}
    for t in doc:
        cur = t
        for _ in range(len(doc)):
            if cur.i in heads:
                break
            cur = cur.head
        owner[t.i] = cur.i if cur.i in heads else t.i
        heads.add(owner[t.i])
    # "and" / commas in front of a coordinated clause belong to that clause.
    for t in doc:
        if t.dep_ in ("cc", "punct", "mark") and t.i + 1 < len(doc):
            nxt = owner[t.i + 1]
            nt = doc[nxt]
            if nt.dep_ == "conj" and nt.head.i == owner[t.i] and nt.left_edge.i == t.i + 1:
                owner[t.i] = nxt
    clauses: dict[int, Clause] = {}
    for i in range(len(doc)):
        h = owner[i]
        c = clauses.get(h)
        if c is None:
            t = doc[h]
            kind = t.dep_
            if t.dep_ == "prep":
                kind = "according" if t.lower_ in lx.ACCORDING else "prep"
            c = clauses[h] = Clause(head=h, kind=kind)
        c.tokens.append(i)
    return list(clauses.values()), owner


def find_attributions(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """Mark cue clauses and attach an Attribution to each content clause head."""
    by_head = {c.head: c for c in clauses}
    heads = set(by_head)
    for c in clauses:
        t = doc[c.head]
        if c.kind == "according":
            # "According to X, Y": content is the clause hosting the phrase.
            pobj = next((g for p in t.children for g in p.children if g.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((g for g in t.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            nxt = t.i + 1 if t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" else t.i
            acc_src = _np_range(doc, pobj, _clause_subtree_tokens(doc, heads, pobj))
            host = owner.get(t.head.i, t.head.i)
            if host not in by_head or host == c.head:
                continue
            c.is_cue = True
            by_head[host].attributions.append(
                Attribution(source=acc_src, cue=(t.i, nxt + 1), chain=[acc_src])
            )
            continue
        lemma = _cue_lemma(t)
        if lemma is None:
            continue
        contents = [ch for ch in t.children if ch.dep_ in ("ccomp",) and ch.i in heads]
        nominal: tuple[int, int] | None = None
        if not contents and lemma in lx.DENIAL_CUES:
            # "dismissed rumors of Assad fleeing" / "denied reports that ...".
            for ch in t.children:
                if ch.dep_ == "dobj" and ch.lower_ in lx.PROPOSITION_NOUNS:
                    for g in ch.children:
                        if g.i in heads and g.dep_ in ("acl", "ccomp", "relcl"):
                            contents.append(g)
                        elif g.dep_ == "prep" and g.lower_ == "of":
                            pobj = next((p for p in g.children if p.dep_ == "pobj"), None)
                            if pobj is not None:
                                nominal = _subtree_range(pobj)
        parataxis_host = None
        if not contents and not nominal and c.kind == "parataxis" and is_verbal(t):
            # "The plan, he said, is dead." — the host clause is the content.
            parataxis_host = owner.get(t.head.i, t.head.i)
        if not contents and nominal is None and parataxis_host is None:
            # "..., he said." with the quote parsed as the verb's head.
            if c.kind in ("ROOT",) or not has_subject(t):
                continue
            if t.dep_ in ("ccomp", "advcl") and t.i > t.head.i and has_subject(t):
                parataxis_host = owner.get(t.head.i, t.head.i)
            else:
                continue
        # The source: the verb's subject, or the host's subject for participles.
        subj = next((ch for ch in t.children if ch.dep_ in ("nsubj",)), None)
        if subj is None and t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp"):
            subj = _host_subject(t)
        if subj is None:
            agent = next((ch for ch in t.children if ch.dep_ == "agent"), None)
            if agent is not None:
                subj = next((g for g in agent.children if g.dep_ == "pobj"), None)
        if subj is not None and subj.lower_ in ("it", "there"):
            subj = None  # "it is said that" has no source
        chain: list[tuple[int, int]] = []
        src: tuple[int, int] | None = None
        if subj is not None:
            excl = _clause_subtree_tokens(doc, heads, subj)
            src = _np_range(doc, subj, excl)
            chain.append(src)
            # "X, citing Y, report": Y is the next link of the chain.
            for cand in list(subj.subtree) + list(t.children):
                if cand.lower_ in ("citing", "quoting") and cand.i != t.i:
                    for g in cand.children:
                        if g.dep_ in ("dobj", "pobj"):
                            chain.append(_np_range(doc, g, set()))
                    by = by_head.get(cand.i)
                    if by is not None:
                        by.is_cue = True
        cue = (t.i, t.i + 1)
        prt = [ch for ch in t.children if ch.dep_ == "prt" and ch.i == t.i + 1]
        if prt:
            cue = (t.i, prt[0].i + 1)
        stance = "denied" if lemma in lx.DENIAL_CUES else "asserted"
        c.is_cue = True
        for ct in contents:
            by_head[ct.i].attributions.append(
                Attribution(source=src, cue=cue, stance=stance, chain=list(chain))
            )
        if parataxis_host is not None and parataxis_host in by_head:
            by_head[parataxis_host].attributions.append(
                Attribution(source=src, cue=cue, stance=stance, chain=list(chain))
            )
        if nominal is not None:
            c.attributions.append(
                Attribution(source=src, cue=cue, stance=stance, chain=list(chain), nominal=nominal)
            )


def _inherited(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> dict[int, list[Attribution]]:
    """Attributions of each clause, including those of every clause above it (outermost first)."""
    by_head = {c.head: c for c in clauses}
    out: dict[int, list[Attribution]] = {}

    def chain_of(h: int, depth: int = 0) -> list[Attribution]:
        if h in out:
            return out[h]
        c = by_head[h]
        own = [a for a in c.attributions if a.nominal is None]
        t = doc[h]
        parent: list[Attribution] = []
        if t.head.i != t.i and depth < 50:
            ph = owner.get(t.head.i, t.head.i)
            if ph in by_head and ph != h:
                parent = chain_of(ph, depth + 1)
        out[h] = parent + own
        return out[h]

    for c in clauses:
        chain_of(c.head)
    return out


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _text_of(doc: Doc, toks: Iterable[int], replace: dict[int, str] | None = None) -> str:
    """Text of the tokens; a gap between non-adjacent tokens becomes one space."""
    parts: list[str] = []
    prev = -2
    for i in sorted(toks):
        t = doc[i]
        if parts and i != prev + 1 and not parts[-1].endswith((" ", "\n")):
            parts.append(" ")
        if replace and i in replace:
            parts.append(replace[i] + t.whitespace_ if replace[i] else "")
        else:
            parts.append(t.text_with_ws)
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
        stem = stem[:-1]
    if stem.endswith("e"):
        return stem + "d"
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":
        return stem[:-1] + "ied"
    return stem + "ed"


def _nominal_claim(doc: Doc, a: int, b: int) -> tuple[str, int]:
    """ "Assad fleeing" -> "Assad fled"; otherwise the noun phrase itself."""
    toks = list(range(a, b))
    for i in toks:
        t = doc[i]
        if t.lower_.endswith("ing") and i > a:
            subject = _text_of(doc, range(a, i))
            rest = _text_of(doc, range(i + 1, b))
            return " ".join(x for x in (subject, past_tense(t.text), rest) if x), i
    return _text_of(doc, toks), a


def _is_imperative(doc: Doc, h: int) -> bool:
    t = doc[h]
    if t.tag_ != "VB" or has_subject(t):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in t.children):
        return False
    first = next((x for x in t.subtree if not x.is_punct), None)
    if first is None:
        return False
    # The base verb (or "do not"/"let") opens its clause.
    return first.i == t.i or first.lower_ in ("do", "don't", "please", "let", "never")


def _is_imperative_clause(doc: Doc, h: int, toks: Sequence[int]) -> bool:
    t = doc[h]
    if has_subject(t) or t.dep_ not in ("ROOT", "conj", "parataxis"):
        return False
    first = next((doc[i] for i in sorted(toks) if not doc[i].is_punct), None)
    if first is None:
        return False
    if first.lower_ in ("do", "don't", "please", "let", "never", "don’t"):
        return True
    return first.tag_ == "VB" and first.i == h


def _has_finite_or_verb(doc: Doc, toks: Iterable[int]) -> bool:
    return any(is_verbal(doc[i]) for i in toks)


def coordinated_names(doc: Doc, toks: Sequence[int]) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """For "Aleppo and Hama fell": the whole coordination and each conjunct's range.

    Only coordinations of proper nouns are split: "Aleppo and Hama" are two checkable
    facts, "salt and pepper" is one thing.
    """
    own = set(toks)
    out = []
    for i in sorted(own):
        c = doc[i]
        if c.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr") or c.pos_ != "PROPN":
            continue
        conjs = [c]
        stack = [c]
        while stack:
            x = stack.pop()
            for g in x.children:
                if g.dep_ == "conj" and g.pos_ == "PROPN" and g.i in own:
                    conjs.append(g)
                    stack.append(g)
        if len(conjs) < 2:
            continue
        ranges = []
        for x in conjs:
            excl: set[int] = set()
            for g in x.children:
                if g.dep_ in ("conj", "cc", "punct", "appos", "prep", "relcl", "acl", "preconj"):
                    excl.update(range(g.left_edge.i, g.right_edge.i + 1))
            ranges.append(_np_range(doc, x, excl))
        whole = (min(r[0] for r in ranges), max(r[1] for r in ranges))
        out.append((whole, sorted(ranges)))
    return out


def extract(doc: Doc) -> list[RawClaim]:
    """All claims of one parsed unit, in text order."""
    if len(doc) == 0:
        return []
    clauses, owner = segment(doc)
    find_attributions(doc, clauses, owner)
    inherited = _inherited(doc, clauses, owner)
    claims: list[RawClaim] = []
    for c in sorted(clauses, key=lambda c: min(c.tokens)):
        for a in c.attributions:
            if a.nominal is not None:
                text, hi = _nominal_claim(doc, *a.nominal)
                s, e = _char_range(doc, *a.nominal)
                claims.append(RawClaim(s, e, text, a.source, a.cue, a.stance, list(a.chain), hi))
        if c.is_cue or c.kind == "according":
            continue
        if not _has_finite_or_verb(doc, c.tokens):
            continue
        if _is_imperative(doc, c.head) or _is_imperative_clause(doc, c.head, c.tokens):
            continue
        runs = [_strip_punct(doc, a, b) for a, b in _runs(c.tokens)]
        runs = [r for r in runs if r[0] < r[1]]
        if not runs:
            continue
        main = next((r for r in runs if r[0] <= c.head < r[1]), max(runs, key=lambda r: r[1] - r[0]))
        s, e = _char_range(doc, *main)
        # Keep an opening quote mark with its quotation.
        if s > 0 and doc.text[s - 1] in lx.QUOTE_OPEN | lx.QUOTE_STRAIGHT:
            s -= 1
        atts = inherited.get(c.head, [])
        src = cue = None
        stance = "asserted"
        chain: list[tuple[int, int]] = []
        if atts:
            outer, inner = atts[0], atts[-1]
            src = outer.source
            cue = inner.cue if outer is inner else outer.cue
            stance = "denied" if any(x.stance == "denied" for x in atts) else "asserted"
            for x in atts:
                for link in x.chain:
                    if link not in chain:
                        chain.append(link)
        toks = [i for r in runs for i in range(r[0], r[1])]
        coord = coordinated_names(doc, toks)
        if coord:
            whole, parts = coord[0]
            for pa, pb in parts:
                replace = {i: "" for i in range(whole[0], whole[1])}
                replace[whole[0]] = _text_of(doc, range(pa, pb))
                text = _text_of(doc, toks, replace)
                claims.append(RawClaim(s, e, text, src, cue, stance, list(chain), c.head))
            continue
        claims.append(RawClaim(s, e, _text_of(doc, toks), src, cue, stance, chain, c.head))
    claims.sort(key=lambda r: (r.start, r.end))
    return claims
