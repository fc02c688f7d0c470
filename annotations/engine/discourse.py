"""The steps of one document that cross sentence boundaries, after every unit has been
parsed and its claims extracted (``claims.extract``), in one place:

* ``Discourse.run_ner``: NER rounds, batched, only on the sentences around a claim that
  opens with he/she whose speaker is not a proper name.
* ``Discourse.claims``: unit claims to ``ClaimResult``s in text order (offsets, wire
  dateline cut, chain, quotation flag), with quote carry-over (the speaker of a quotation
  running over sentences and paragraphs, ``quote_source``), colon introductions ("She
  continued:" attributes the next sentence), credit lines ("Image: Nick Moreau."
  credits the caption), a quotation cut off at "!"/"?" closed by "| the mayor shouted.",
  and a claim-initial he/she resolved to the speaker or the nearest person named before.
* ``quotations`` and ``_attribute_quotations``: the direct quotations of a text and
  their speakers; ``_refer_pronoun_sources``: "he said" points at the last speaker named.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as Mention

from . import lexicon as lx
from .claims import UnitClaims
from .clauses import Attribution, RawClaim
from .types import ClaimResult, Span, Stance

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
# A dateline opening a wire story ("SALVADOR, Feb 26 - ", "WASHINGTON (Reuters) -"), also
# in a story typed in lower case ("Lima, june 4 - up to ...").
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'/&-]{1,60}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"|[A-Z][A-Za-z .'/&-]{1,40},\s*(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s+\d{1,2})"
    r"\s*(?:\([^)]{1,40}\)\s*)?[-\u2013\u2014]+\s+"
)


# Sentences searched back for a he/she antecedent.
_ANTECEDENT_WINDOW = 2


@dataclass(slots=True)
class Unit:
    """One parsed piece of a sentence (the sentence, or a chunk of an over-long one)."""

    doc_index: int
    sentence_index: int
    offset: int
    text: str
    parse: bool = True
    doc: Doc | None = None
    extracted: UnitClaims | None = None
    # Character offset of each token in ``text`` (then len(text)) and token lengths.
    idx: list[int] | None = None
    length: list[int] | None = None


def _widen(original: str, s: int, e: int) -> tuple[int, int]:
    """A span that cuts a doubled quote mark in half takes the whole mark."""
    if s > 0 and original[s - 1 : s + 1] == "''":
        s -= 1
    if e < len(original) and original[e - 1 : e + 1] == "''":
        e += 1
    return s, e


def _respan(original: str, c: ClaimResult) -> ClaimResult:
    """The claim with every span's text cut from the original text."""
    s, e = _widen(original, c.start, c.end)
    if (s, e) != (c.start, c.end):
        c = replace(c, start=s, end=e)

    def fix(x: Span | None) -> Span | None:
        return None if x is None else Span(x.start, x.end, original[x.start : x.end])

    return replace(
        c,
        source=fix(c.source),
        cue=fix(c.cue),
        quote_source=fix(c.quote_source),
        source_ref=fix(c.source_ref),
        source_chain=tuple(Span(x.start, x.end, original[x.start : x.end]) for x in c.source_chain),
    )


def _quoted_pronoun_ref(claims: list[ClaimResult]) -> list[ClaimResult]:
    """The other sentences of a quotation whose speaker is a pronoun ('"A. B," she
    said.') take the person that pronoun was resolved to, as the sentence with the cue
    did."""
    refs = {(c.source.start, c.source.end): c.source_ref for c in claims if c.source and c.source_ref}
    if not refs:
        return claims
    out = []
    for c in claims:
        q = c.quote_source
        if c.source is None and c.source_ref is None and q is not None and q.text.lower() in ("he", "she"):
            ref = refs.get((q.start, q.end))
            if ref is not None:
                c = replace(c, source_ref=ref)
        out.append(c)
    return out


def _refer_pronoun_sources(
    claims: list[ClaimResult], text: str = "", resolve: bool = True
) -> list[ClaimResult]:
    """Point "he said" at the last speaker named before it: in news the pronoun of a
    speech verb nearly always continues the previous speaker. he/she take the last
    source that looks like a person's name or names one person by role ("one trader"),
    "it" the last named source of any kind, "they" the last plural source (a firm is
    "it" in news; a "they" with no plural source before it stands for people the
    article has not quoted). A reported claim that opens with the same it/they
    ("It said it would ...") reads with the name."""
    people: list[Span] = []  # persons named as sources, the last one last
    last_named: Span | None = None
    named_in = -9  # the sentence last_named was named in
    last_plural: Span | None = None
    out: list[ClaimResult] = []
    for c in claims:
        src = c.source
        if src is not None:
            word = src.text.lower()
            if word in ("he", "she"):
                # (A referent named later in the sentence is kept, see _cataphor.) The
                # last person quoted, unless the name says it is not a he (or a she).
                ref = next((p for p in reversed(people[-4:]) if not _clashes(p.text, word, text)), None)
                c = replace(c, source_ref=ref) if ref and c.source_ref is None else c
            elif word == "they":
                # "Market sources said ... They said": they are the last plural source.
                c = _with_referent(c, word, last_plural) if last_plural else c
            elif word == "it":
                c = _with_referent(c, word, last_named) if last_named else c
            else:
                named = _source_named(c)
                if named is not None:
                    last_named, named_in = named, c.sentence_index
                    if _names_a_person(named.text):
                        people.append(named)
                    if _looks_plural(named.text):
                        last_plural = named
        elif (
            resolve
            and last_named is not None
            and c.sentence_index - named_in <= 1
            and not c.is_quote
            and _names_a_body(last_named.text)
            and _acts_as_a_body(c.text)
        ):
            # "The Treasury said ... It accepted most bids": the "It" that
            # acts right after a body spoke is that body.
            name = _bare_name(last_named.text)
            if name[:1].isalpha() and not any(ch.isdigit() for ch in name):
                c = replace(c, text=f"{name} {c.text.partition(' ')[2]}")
        out.append(c)
    return out


# Words between "It" and its verb that do not change whose act it is.
_IT_ADVERBS = frozenset({"also", "then", "later", "previously", "earlier", "further", "again", "still"})


def _names_a_body(name: str) -> bool:
    """ "The Treasury", "Acme Corp", "the paper": not a person's name nor a role."""
    if _named_by_role(name):
        return False
    return not _looks_like_person(name) or name.split()[0].lower() == "the"


def _acts_as_a_body(claim: str) -> bool:
    """The claim opens with "It" and a verb of someone acting ("It estimated output at",
    "It did not elaborate"), not of a thing ("It expires", "It was quoted at", "It yields")."""
    words = claim.split()
    if len(words) < 3 or words[0] != "It":
        return False
    k = 1
    while k < len(words) - 1 and words[k].lower() in _IT_ADVERBS:
        k += 1
    verb = words[k].lower()
    if verb in ("did", "does") and k + 2 < len(words) and words[k + 1].lower() in ("not", "n't"):
        verb = words[k + 2].lower()
    return verb in lx.BODY_ACTS


# Marks of a clause put before the main one ("While he refused ..., Obama ...").
_FRONTED_MARKS = frozenset(
    {"while", "although", "though", "when", "after", "before", "because", "since", "as", "if"}
)


def _cataphor(doc: Doc, unit: Unit, r: RawClaim) -> tuple[int, int] | None:
    """The name a he/she opening the claim, or its source, stands for when it is named
    later in the same sentence: "While he refused to release them, Mr. Obama deemed ...".
    The pronoun is the subject of a clause opened by a mark, put before its host, and the
    host's subject is a name after it. None otherwise."""
    idx = unit.idx
    if idx is None:
        return None
    i = bisect_left(idx, r.start)
    if i < len(doc) and doc[i].lower_ in _FRONTED_MARKS:
        i += 1  # the claim's span may open with the mark its text leaves out
    if r.source is not None and r.source[1] - r.source[0] == 1:
        i = r.source[0]  # "While he refused to ...": the stance's source
    if i >= len(doc) or doc[i].lower_ not in ("he", "she") or doc[i].dep_ != "nsubj":
        return None
    v = doc[i].head
    if v.dep_ != "advcl" or v.i > v.head.i:
        return None
    if not any(k.dep_ in ("mark", "advmod") and k.lower_ in _FRONTED_MARKS and k.i < i for k in v.children):
        return None
    subj = next((k for k in v.head.children if k.dep_ in ("nsubj", "nsubjpass") and k.i > v.i), None)
    return None if subj is None else _name_for(doc, subj, doc[i].lower_)


def _name_for(doc: Doc, subj: Token, pronoun: str) -> tuple[int, int] | None:
    """The range of the name ``subj`` heads when he/she ``pronoun`` can stand for it: a
    proper noun not titled for the other gender ("While he ..., Mrs. Lee ...": someone
    else), or None."""
    if subj.tag_ != "NNP" or _other_gender(doc, subj.left_edge.i, pronoun):
        return None
    return subj.left_edge.i, subj.i + 1


_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


def _subject_above(doc: Doc, r: RawClaim) -> tuple[int, int] | None:
    """The name a he/she source stands for when a clause above the pronoun's has that
    name as its subject, before it: "President Lund has been criticized ..., though he
    used stronger words, saying ..." — he is Lund, not the last person quoted. None
    when no such name (or only one titled for the other gender) is there."""
    if r.source is None or r.source[1] - r.source[0] != 1:
        return None
    return _name_above(doc, doc[r.source[0]])


def _name_above(doc: Doc, p: Token) -> tuple[int, int] | None:
    """The name he/she ``p`` stands for when a clause above the pronoun's has that name
    as its subject, before it ("Lund, who is a believer in Christ, posted a video from a
    talk at which he spoke": he is Lund, not the last person named); None otherwise."""
    if p.lower_ not in ("he", "she") or p.dep_ not in ("nsubj", "nsubjpass"):
        return None
    v = p.head
    for _ in range(6):
        if v.head.i == v.i:
            return None
        v = v.head
        subj = next((k for k in v.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < p.i), None)
        if subj is not None:
            return _name_for(doc, subj, p.lower_)
    return None


# An opening phrase before a he/she subject: "In the clip, he asks ..." (it opens with
# one of lexicon.OPENING_WORDS: not a clause with a name, "Cruz is right, he is also").
_AFTER_OPENING = re.compile(r"^([^,\"\u201c\u201d]{2,60}), (?=(?:he|she) )")
_QUESTION_END = re.compile(r"[\s\"'\u201d\u2019)]*\?")


def _asked(text: str, end: int) -> bool:
    """The claim ending at ``end`` is a question: a "?" follows it, with at most closing
    quotation marks or brackets between."""
    return _QUESTION_END.match(text, end) is not None


def _pronoun_above(doc: Doc, unit: Unit, r: RawClaim, claim_text: str) -> str:
    """The name for the he/she that opens ``claim_text``, the subject of a relative clause,
    when a clause above it has that name as its subject (``_name_above``); "" otherwise."""
    first = claim_text.partition(" ")[0].lower()
    idx = unit.idx
    if first not in ("he", "she") or idx is None or r.source is not None:
        return ""
    lo, hi = bisect_left(idx, r.start), bisect_left(idx, r.end)
    p = next((t for t in doc[lo:hi] if t.lower_ == first and t.dep_ in ("nsubj", "nsubjpass")), None)
    if p is None or p.head.dep_ != "relcl":
        return ""  # (only inside a relative clause: "a talk at which he spoke")
    rng = _name_above(doc, p)
    if rng is None or doc[rng[0]].tag_ == "DT":
        return ""
    own = {t.i for t in doc[rng[1] - 1].subtree}
    if any(doc[k].tag_ == "NNP" and k not in own for k in range(rng[1], p.i)):
        return ""  # "Acme got an offer from Tom Lund for the stock he lacks": Lund may be meant
    return _bare_name(doc[rng[0] : rng[1]].text)


def _subject_first(doc: Doc, people: list[Mention], earlier: str = "") -> list[Mention]:
    """``people`` with the one that is the subject of the sentence's main verb moved last
    (tried first); also a surname NER missed that the text before names as a person."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = (
        None if root is None else next((k for k in root.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    )
    if subj is None:
        return people
    main = [ent for ent in people if ent.start <= subj.i < ent.end]
    if not main and _named_before_as_a_person(earlier, subj):
        main = [doc[subj.i : subj.i + 1]]
    return [ent for ent in people if ent not in main] + main


def _governing_subject(doc: Doc, at: int, people: list[Mention], earlier: str = "") -> Mention | Token | None:
    """Who a he/she at character ``at`` stands for by the sentence's structure: the
    person named as subject of a clause above it ("Lund backed Berg's party, and he
    ...": Lund), the relative's noun for "who" ("Lund, who said he ..."), the subject of
    a clause opening its own ("when Berg visited, he ...": Berg). The role noun when that
    subject is a person named by a role ("The governor said ..., but that he ..."), None
    when nothing decides."""
    p = next((t for t in doc if t.idx >= at and t.lower_ in ("he", "she")), None)
    if p is None or p.dep_ not in ("nsubj", "nsubjpass"):
        return None

    def named(tok: Token) -> Mention | None:
        for e in people:
            if e.start <= tok.i < e.end:
                return e
            # A name hung on the noun: "contender and former surgeon Ben Okafor".
            r = e.root
            while r.dep_ in ("compound", "conj", "appos", "flat") and r.head is not r and r is not tok:
                r = r.head
            if r is tok:
                return e
        return None

    def person(tok: Token) -> Mention | Token | None:
        relative = tok.lower_ == "who" and tok.head.dep_ == "relcl"
        speaks = relative and tok.head.lower_ in lx.CUE_VERBS
        if relative:
            tok = tok.head.head
        # A surname NER missed or took for a place or firm ("Sturla has not replied"),
        # named earlier with a given name or a title ("Tom Sturla", "Mr. Sturla").
        if tok.ent_type_ in ("", "ORG", "GPE", "NORP") and _named_before_as_a_person(earlier, tok):
            return doc[tok.i : tok.i + 1]
        # The name or its apposition: "The chairman of SVZ, Jan Smit," / "Jan Smit, the chairman".
        for near in (
            tok,
            *(k for k in tok.children if k.dep_ == "appos"),
            tok.head if tok.dep_ == "appos" else tok,
        ):
            ent = named(near)
            if ent is not None:
                return ent
        role = tok.tag_ == "NN" and tok.lower_ in lx.SELF_ROLES and tok.lower_ not in ("man", "woman")
        if role and _role_fits(tok.lower_, p.lower_):
            return tok  # ("the congressman told Ann Lee she ...": not him)
        if speaks and tok.tag_ == "NN":
            return tok  # "a young voter, who said he ...": someone unnamed speaks of himself
        return None

    verb = p.head
    for clause in verb.children:
        # "when Berg visited Israel, he was": not after "After Lund attacked him, he".
        if clause.dep_ == "advcl" and clause.i < p.i:
            subj = next((k for k in clause.children if k.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and not any(k.lower_ in ("him", "her") for k in clause.subtree):
                found = person(subj)
                if isinstance(found, Mention):
                    return found
    object_form = "him" if p.lower_ == "he" else "her"
    while verb.dep_ != "ROOT" and verb.head is not verb:
        verb = verb.head
        objects = [k for k in verb.children if k.dep_ in ("dobj", "dative")]
        objects += [g for k in verb.children if k.dep_ == "prep" for g in k.children if g.dep_ == "pobj"]
        if any(k.lower_ == object_form for k in objects) or verb.lemma_ in _ASKING and objects:
            # "The president told her ... an account she gave", "worked with him as he
            # ...", "asking Rubio why he ...": the one spoken to or with, not the subject.
            return None
        subj = next((k for k in verb.children if k.dep_ in ("nsubj", "nsubjpass") and k.i < p.i), None)
        if subj is None or subj.lower_ in ("he", "she"):
            continue
        found = person(subj)
        if found is not None:
            return found
    return None


def _named_before_as_a_person(earlier: str, tok: Token) -> bool:
    """Whether the one capitalised word ``tok`` is a surname the text before names with a
    known given name or a title ("Tom Sturla ... Sturla has not replied")."""
    word = tok.text
    if (
        tok.tag_ not in ("NNP", "NN", "NNS")
        or not word[:1].isupper()
        or not word[1:].islower()
        or len(word) < 3
    ):
        return False
    if any(k.dep_ == "compound" for k in tok.children) or word.lower() in lx.ORG_WORDS:
        return False
    for m in re.finditer(rf"\b([A-Z][a-z]+\.?)\s+(?:[A-Z]\.\s+)?{re.escape(word)}\b", earlier):
        before = m.group(1)
        if before in lx.TITLE_WORDS or before.lower() in lx.MALE_NAMES or before.lower() in lx.FEMALE_NAMES:
            return True
    return False


def _entity_name(ent: Mention) -> str:
    """A person mention as a claim's subject: no title, no possessive ("President
    Obama’s" -> "Obama")."""
    words = [w for w in ent.text.split() if w not in lx.TITLE_WORDS]
    return _POSSESSIVE_END.sub("", " ".join(words) if words else ent.text)


def _source_named(c: ClaimResult) -> Span | None:
    """The mention a claim's source names: the source itself, or for a relative "who"
    the noun it stands for ("the minister, who said", see attribution.relative_antecedent);
    None for a pronoun."""
    src = c.source
    if src is None or src.text.lower() in _PRONOUNS:
        return None
    return c.source_ref if src.text.lower() == "who" else src


def _names_a_person(name: str) -> bool:
    return _looks_like_person(name) or _named_by_role(name)


def _with_referent(c: ClaimResult, word: str, ref: Span) -> ClaimResult:
    """The claim with ``ref`` as its source's referent; "it would cut 200 jobs" after
    "It said" reads "Acme Corp would cut 200 jobs" (not inside a quotation, where "it"
    is the speaker's own word)."""
    first, _, rest = c.text.partition(" ")
    if c.is_quote or first.lower() != word or not rest:
        return replace(c, source_ref=ref)
    name = _bare_name(ref.text)
    return replace(c, source_ref=ref, text=f"{name} {rest}" if name else c.text)


# Where a source's name ends and what is said of it begins: "Acme Corp, the maker of ...".
_NAME_END = re.compile(r",|\(|\s[—–-]\s")


def _bare_name(mention: str) -> str:
    """The name a mention opens with, without what is said of it: "Acme Corp, the maker
    of ..." -> "Acme Corp"."""
    return _NAME_END.split(mention, maxsplit=1)[0].strip()


# What may follow a plural head noun in a source: "traders in the New York area",
# "officials of the ministry", "dealers here".
_AFTER_HEAD = re.compile(r",| (?:of|in|at|from|for|with|here|there|close to|familiar with)\b| \(")


def _looks_plural(name: str) -> bool:
    """ "Market sources", "officials of the ministry", "Smith and Jones", "Traders": a
    source that names several (its head noun before "of", "in", "here" or a comma is a
    plural common noun; capitalised only as the opening word)."""
    if " and " in name:
        return True
    head = _AFTER_HEAD.split(name, maxsplit=1)[0].split()
    if not head:
        return False
    w = head[-1]
    low = w.lower()
    return (
        low.endswith("s") and not low.endswith(("ss", "'s", "’s")) or low.endswith("men") or low == "people"
    ) and (w[0].islower() or low in lx.AGENT_NOUNS or low in lx.GROUP_SOURCES)


def _looks_like_person(name: str) -> bool:
    """ "Chairman Tom Lund", "Lund": capitalised words, no organisation word."""
    # "Ann Berg, an Acme spokeswoman", "Lena Holt of the bank's research unit"
    name = _AFTER_HEAD.split(name, maxsplit=1)[0]
    words = [w for w in name.replace("’", "'").split() if w not in lx.TITLE_WORDS]
    if not words or len(words) > 4 or any(w.lower() in lx.ORG_WORDS for w in words):
        return False
    return all(map(_capitalised, words))


def _capitalised(w: str) -> bool:
    """ "Lund", an initial ("G."), not "douglas" nor an acronym ("NATO")."""
    return w[:1].isupper() and (not w.isupper() or len(w) == 2 and w[1] == ".")


def _named_by_role(name: str) -> bool:
    """ "one grain trader", "A MITI spokesman", "Acme Plc chairman John Smith": one person
    named by their role (the role word last, or before the person's name)."""
    words = name.split(",")[0].replace("’", "'").split()
    if not words or len(words) > 8:
        return False
    for k, w in enumerate(words):
        if w.lower() in lx.PERSON_ROLES and all(map(_capitalised, words[k + 1 :])):
            return True
    # "a spokesman for the ministry": the role is the head noun.
    head = _AFTER_HEAD.split(name, maxsplit=1)[0].split()
    if head and head[-1].lower() in lx.PERSON_ROLES:
        return True
    # "Nordbank vice president and treasurer Ellen Rask", "Deputy Secretary of
    # State Ann Berg": a role, then a first and last name.
    tail = words[-2:]
    return (
        len(words) > 2
        and any(w.lower() in lx.PERSON_ROLES for w in words[:-2])
        and all(map(_capitalised, tail))
        and not any(w.lower() in lx.ORG_WORDS for w in tail)
    )


def _names_before(doc: Doc, limit: int) -> bool:
    """Whether a proper noun starts before character ``limit`` of ``doc``: only a
    PERSON named before the pronoun can be its antecedent, so NER (as costly per token
    as the parse) runs only on sentences where the tagger saw a name there."""
    for t in doc:
        if t.idx >= limit:
            return False
        if t.tag_ in ("NNP", "NNPS"):
            return True
    return False


def _named_source(doc: Doc | None, rng: tuple[int, int] | None, earlier: str = "") -> str | None:
    """The surname of a source written as a proper name ("Chairman Tom Lund" ->
    "Lund"), or None when the source is not a person's name as far as tags tell (or,
    for a surname the tagger took for a plural, as the text before names it)."""
    if doc is None or rng is None:
        return None
    span = doc[rng[0] : rng[1]]
    commas = [t.i for t in span if t.text == ","]
    if commas and commas[-1] + 1 < rng[1]:
        # "The group's executive director, Betty Bradley": the name after the role.
        tail = _named_source(doc, (commas[-1] + 1, rng[1]))
        if tail is not None:
            return tail
    toks = [t for t in span if t.text not in lx.TITLE_WORDS]
    if not toks or len(toks) > 4 or not all(t.is_title for t in toks):
        return None
    if all(t.tag_ in ("NNP", "NNPS") for t in toks):
        return toks[-1].text
    if len(toks) == 1 and toks[0].tag_ == "NNS" and _named_before_as_a_person(earlier, toks[0]):
        return toks[0].text  # "Sanders said he ...", after "Bernie Sanders"
    # A surname alone that the tagger took for a common noun ("Okafor said he ..."):
    # one capitalised singular noun that is no word for people or organisations.
    if len(toks) != 1 or toks[0].tag_ != "NN":
        return None
    word = toks[0].lower_
    if word in lx.AGENT_NOUNS or word in lx.ORG_WORDS or word in lx.INDEFINITE_PRONOUNS:
        return None  # ("Anyone who knows him knows he ...")
    return toks[0].text


def _role_source(doc: Doc | None, rng: tuple[int, int], pronoun: str, *, capital: bool) -> str | None:
    """A source named by a role (lexicon.SELF_ROLES) as the he/she of its own report:
    "The Republican nominee said he ..." -> "The Republican nominee"; None for a name, a
    group, someone speaking for another ("a spokesman", "his doctor"), or a question
    ("The host asked if he ...": he is the one asked)."""
    if doc is None:
        return None
    span = doc[rng[0] : rng[1]]
    head = span.root
    if len(span) > 12 or head.tag_ != "NN" or head.lower_ not in lx.SELF_ROLES:
        return None
    if not _role_fits(head.lower_, pronoun) or head.head.lemma_ in _ASKING:
        return None
    if span[0].lower_ not in ("the", "a", "an") or any(t.tag_ == "PRP$" or t.dep_ == "poss" for t in span):
        return None  # "Trump's strategist said he ...": he may be Trump
    if span[-1].tag_ in ("VBN", "VBD") and span[-1] is not head:
        span = span[:-1]  # "The woman accused" (of what, the parse left behind)
    name = _bare_name(span.text)
    return name[:1].upper() + name[1:] if capital else name[:1].lower() + name[1:]


def _role_fits(role: str, pronoun: str) -> bool:
    """Whether he/she can stand for a role word: "congresswoman" only she, "chairman" only
    he, "senator" either."""
    gender = "she" if role in lx.FEMALE_ROLES else "he" if role.endswith("man") else pronoun
    return gender == pronoun


# How a role stands before a name when abbreviated: "Sen. Marco Rubio".
_ROLE_TITLES = {"senator": "sen", "governor": "gov", "president": "pres"}


def _holds_role(text: str, before: int, name: str, role: str) -> bool:
    """Whether the article, before ``before``, gives the person ``name`` the role that
    heads ``role``: "Finance Minister Dilson Funaro", "The chairman of Acme, Tom Lund",
    "Rubio, the Florida senator"."""
    word = next((w for w in role.lower().split() if w in lx.SELF_ROLES), "")
    title = re.escape(word) + (f"|{_ROLE_TITLES[word]}\\." if word in _ROLE_TITLES else "")
    surname = re.escape(name.split()[-1])
    name = rf"(?:[A-Z][\w.'’-]*\s+){{0,3}}{surname}\b"
    pattern = rf"\b(?i:{title})(?:\s+|[^.]{{0,60}},\s+){name}|\b{surname}\b[^.]{{0,60}}\b(?i:{title})\b"
    return bool(word) and re.search(pattern, text[:before]) is not None


_ASKING = frozenset({"ask", "wonder", "question", "inquire"})


def _short_name(mention: str) -> str:
    """The name a mention ends with: "WASHINGTON (Reuters) - U.S. presidential candidate
    Ann Lee" -> "Ann Lee"; a mention without a description stays whole ("Col. Tom Berg")."""
    parts = re.split(r"\s[—–-]\s", mention)
    part = _bare_name(parts[-1]) or mention.strip()
    words = part.split()
    low = [i for i, w in enumerate(words) if not w[:1].isupper()]
    if low and low[-1] + 1 < len(words):
        return " ".join(words[low[-1] + 1 :])
    return part


def _names_its_holder(claim_text: str, source: Span | None, cue: Span | None) -> bool:
    """The claim's text opens with its own he/she source and cue ("he blasted the
    ruling"): a stance, whose text keeps its holder."""
    words = claim_text.split(maxsplit=2)
    if source is None or cue is None or len(words) < 2:
        return False
    return (
        words[0].lower() in ("he", "she")
        and source.text.lower() == words[0].lower()
        and words[1] == cue.text.split()[0]
    )


def _other_gender(doc: Doc, start: int, pronoun: str) -> bool:
    """Whether the title before the name at ``start`` ("Mr.", "Mrs.", "Ms.") says the
    person is not the one ``pronoun`` (he/she) stands for."""
    title = doc[start - 1].lower_.rstrip(".") if start > 0 else ""
    if title not in ("mr", "mrs", "ms", "miss"):
        title = doc[start].lower_.rstrip(".")
    if title in ("mr", "mrs", "ms", "miss"):
        if pronoun == "he":
            return title in ("mrs", "ms", "miss")
        return pronoun == "she" and title == "mr"
    given = doc[start].lower_
    if pronoun == "he":
        return given in lx.FEMALE_NAMES
    return pronoun == "she" and given in lx.MALE_NAMES


_SURNAME_BEFORE = re.compile(r"([A-Za-z]+)\.? $")


def _gender(name: str, text: str) -> str | None:
    """ "f" or "m" when a name says which ("Mrs. Lane", "Hillary Clinton", "Mr. Lund"),
    or, for a surname alone, when the article's other mentions of it all do ("Lee"
    after "Nadia Lee"); None when nothing does or they disagree (a family)."""
    words = [_POSSESSIVE_END.sub("", w).strip(".,").lower() for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return None
    for w in words[:-1] or words:
        if w in lx.FEMALE_NAMES:
            return "f"
        if w in lx.MALE_NAMES:
            return "m"
    surname = _POSSESSIVE_END.sub("", name.split()[-1])
    if len(words) > 1 and not surname[:1].isupper():
        return None
    seen: set[str] = set()
    for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
        before = _SURNAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before is None:
            continue
        word = before.group(1).lower()
        if word in lx.FEMALE_NAMES:
            seen.add("f")
        elif word in lx.MALE_NAMES:
            seen.add("m")
    return seen.pop() if len(seen) == 1 else None


def _clashes(name: str, pronoun: str, text: str) -> bool:
    """Whether he/she ``pronoun`` cannot stand for ``name`` (see _gender)."""
    gender = _gender(name, text)
    want = {"he": "m", "she": "f"}.get(pronoun.lower())
    return gender is not None and want is not None and gender != want


class Discourse:
    """The cross-sentence steps for one engine: its NER pipe (None when the model has
    none), whether pronouns are resolved, and the sentences per NER minibatch."""

    def __init__(self, ner: Any, resolve_pronouns: bool, batch_size: int) -> None:
        self.ner: Any = ner
        self.resolve_pronouns = resolve_pronouns
        self.batch_size = batch_size

    def run_ner(self, units: list[Unit]) -> None:
        """Entity recognition, batched, only where a claim opens with he/she: the
        antecedent search reads PERSON entities in that sentence and the few before,
        nearest first. NER runs in rounds (the claim's own sentence, then one back...)
        and a claim leaves the rounds once a PERSON is named before it, so far fewer
        sentences are tagged; _antecedent still tags any sentence it reaches untagged."""
        if self.ner is None or not self.resolve_pronouns:
            return
        pending: list[tuple[int, int]] = []  # (unit index, first claim start needing a name)
        for k, u in enumerate(units):
            doc = u.doc
            if doc is None or u.extracted is None:
                continue
            starts = [
                r.start
                for r in u.extracted.claims
                if r.text.partition(" ")[0] in lx.PRONOUNS_PERSON and _named_source(doc, r.source) is None
            ]
            if starts:
                pending.append((k, min(starts)))
        tagged: set[int] = set()
        for back in range(_ANTECEDENT_WINDOW + 1):
            batch: dict[int, Doc] = {}
            for k, start in pending:
                j = k - back
                if j < 0 or units[j].doc_index != units[k].doc_index:
                    continue
                if back == 0 and start == 0:
                    continue  # "He was ...": no name can precede it in its own sentence
                d = units[j].doc
                if (
                    d is not None
                    and id(d) not in tagged
                    and _names_before(d, start if back == 0 else len(units[j].text))
                ):
                    batch[id(d)] = d
            if batch:
                for _ in self.ner.pipe(list(batch.values()), batch_size=self.batch_size):
                    pass
            tagged.update(batch)
            still: list[tuple[int, int]] = []
            for k, start in pending:
                j = k - back
                if j < 0 or units[j].doc_index != units[k].doc_index:
                    continue  # the window reached the start of the document
                d = units[j].doc
                if d is not None and id(d) in tagged:
                    limit = start if back == 0 else len(units[j].text)
                    if any(e.label_ == "PERSON" and e.start_char < limit for e in d.ents):
                        continue  # the nearest antecedent is here
                still.append((k, start))
            pending = still

    def claims(
        self, text: str, spans: list[tuple[int, int]], parsed: list[Unit], original: str | None = None
    ) -> tuple[ClaimResult, ...]:
        """Claims of one document, from its parsed units in text order. ``text`` is what
        was split and parsed (quote marks normalised, same length); ``original``, when it
        differs, gives the span texts."""
        claims: list[ClaimResult] = []
        # An attribution that carries over sentence boundaries: "She continued:" before
        # a quotation, or the speaker of a quotation that runs on for several sentences.
        carry: _Carry | None = None
        quotes = _QuoteMap(text)
        # The last person quoted: whom "He said he ..." speaks of.
        speaker: str | None = None
        # The unit of each claim with a he/she source (see _person_named_for).
        units_of: dict[tuple[int, int], int] = {}
        for k, unit in enumerate(parsed):
            span = spans[unit.sentence_index]
            credit = _CREDIT_LINE.fullmatch(text, *span)
            if credit:
                # "Image: Nick Moreau." credits the caption before it on the same line.
                si = unit.sentence_index
                prev = (si - 1, *spans[si - 1]) if si > 0 else None
                self._credit(text, credit, claims, prev)
                carry = None
                continue
            if carry is not None and not self._continues(text, carry, span):
                carry = None
            doc, unit_claims = unit.doc, unit.extracted
            if doc is None or unit_claims is None:
                continue
            closing = unit_claims.closing_attribution
            if closing is not None and self._close_quotation(text, spans, unit, closing, claims):
                carry = None
                continue
            for r in unit_claims.claims:
                claim = self._to_result(
                    text, quotes, unit, doc, r, parsed[max(0, k - _ANTECEDENT_WINDOW) : k + 1], speaker
                )
                if claim is None or r.imperative and not claim.is_quote:
                    continue  # a command is a claim only as someone's words, in quotation marks
                if claim.source is None and carry is not None and carry.opened:
                    # "She continued:" attributes what follows it.
                    claim = replace(
                        claim,
                        source=carry.source,
                        cue=carry.cue,
                        source_chain=carry.chain,
                        stance=carry.stance,
                    )
                elif claim.source is None and carry is not None and claim.is_quote:
                    claim = replace(claim, quote_source=carry.source)
                claims.append(claim)
                if claim.source is not None and claim.source.text.lower() in ("he", "she"):
                    units_of[(claim.start, claim.end)] = k
                named = _source_named(claim)
                if named is not None and _names_a_person(named.text):
                    speaker = named.text
            last_quote = next((c for c in reversed(claims) if c.sentence_index == unit.sentence_index), None)
            if unit_claims.open_attribution is not None:
                att = unit_claims.open_attribution
                source = self._span(text, unit, att.source)
                chain = tuple(x for x in (self._span(text, unit, c) for c in att.chain) if x)
                carry = _Carry(
                    source,
                    self._span(text, unit, att.cue),
                    chain or ((source,) if source else ()),
                    att.stance,
                    span[1],
                    opened=True,
                )
            elif carry is not None and carry.opened:
                # The introduced content is the next sentence; if that sentence opens a
                # quotation that runs on, the rest of it keeps the speaker as
                # quote_source, like any quotation running over sentences.
                if quotes.open_at(span[1]):
                    carry.opened = False
                    carry.end = span[1]
                else:
                    carry = None
            elif last_quote is not None and last_quote.source is not None and quotes.open_at(span[1]):
                carry = _Carry(
                    last_quote.source,
                    last_quote.cue,
                    last_quote.source_chain,
                    last_quote.stance,
                    span[1],
                    opened=False,
                )
            elif carry is not None:
                carry.end = span[1]
        claims = _attribute_quotations(text, claims)
        # '"Anyone been there?" he asked.': a question claims nothing (its speaker still
        # carries over to the quotation after it)
        claims = [c for c in claims if not _asked(text, c.end)]
        if original is not None and original != text:
            claims = [_respan(original, c) for c in claims]
        full = original or text
        referred = [
            self._person_named_for(c, text, full, quotes, parsed, units_of)
            for c in _refer_pronoun_sources(claims, full, self.resolve_pronouns)
        ]
        return tuple(_quoted_pronoun_ref(referred))

    def _person_named_for(
        self,
        c: ClaimResult,
        text: str,
        full: str,
        quotes: _QuoteMap,
        parsed: list[Unit],
        units_of: dict[tuple[int, int], int],
    ) -> ClaimResult:
        """A he/she source that no person quoted before answers ("Ann Lund spoke after
        the match. She said ...") takes the person the text names for it, as a he/she
        opening a claim's text does (``_antecedent``), so the desk need not file "She";
        never a name the quotation mentions ('"... before Plaza," he said')."""
        k = units_of.get((c.start, c.end))
        src = c.source
        if k is None or src is None or c.source_ref is not None or not self.resolve_pronouns:
            return c
        if src.text.lower() not in ("he", "she") or _in_quotes(text, quotes, src.start):
            return c
        window = parsed[max(0, k - _ANTECEDENT_WINDOW) : k + 1]
        found = self._antecedent(src.start, window, src.text.lower(), text)
        if found is None or _in_quotes(text, quotes, found[1]):
            return c
        _, a, b = found
        return replace(c, source_ref=Span(a, b, full[a:b]))

    def _close_quotation(
        self,
        text: str,
        spans: list[tuple[int, int]],
        unit: Unit,
        att: Attribution,
        claims: list[ClaimResult],
    ) -> bool:
        """'"Stay there!" | the mayor shouted.': the speaker of a quotation cut off at its
        "!" or "?" attributes the quotation's claims in the sentence before (and
        "the mayor shouted" is no claim)."""
        si = unit.sentence_index
        if si == 0 or "\n" in text[spans[si - 1][1] : spans[si][0]]:
            return False
        if text[spans[si - 1][0] : spans[si - 1][1]].rstrip()[-1:] not in _CLOSE_QUOTES:
            return False
        source, cue = self._span(text, unit, att.source), self._span(text, unit, att.cue)
        if source is None:
            return False
        for k in range(len(claims) - 1, -1, -1):
            c = claims[k]
            if c.sentence_index != si - 1:
                break
            if c.source is None:
                claims[k] = replace(c, source=source, cue=cue, source_chain=(source,), quote_source=None)
        return True

    @staticmethod
    def _continues(text: str, carry: _Carry, span: tuple[int, int]) -> bool:
        """The next sentence still belongs to the carried quotation or introduction."""
        gap = text[carry.end : span[0]]
        if carry.opened:
            return True  # "She continued:" reaches the next sentence, even past a break
        if "\n" in gap:
            # A quotation running over paragraphs reopens each one with a quote mark.
            return text[span[0]] in _OPEN_QUOTES
        return True

    def _credit(
        self,
        text: str,
        m: re.Match[str],
        claims: list[ClaimResult],
        caption: tuple[int, int, int] | None = None,
    ) -> None:
        """ "Image: Nick Moreau." credits the caption before it on the same line: its
        claims, or, for a caption without a verb ("Belle and the Beast at the booth."),
        the caption itself (``caption`` = sentence index, start, end), which states what
        the picture shows."""
        line_start = text.rfind("\n", 0, m.start()) + 1
        source = Span(m.start("who"), m.end("who"), m.group("who"))
        cue = Span(m.start("label"), m.end("label"), m.group("label"))
        found = False
        for k in range(len(claims) - 1, -1, -1):
            c = claims[k]
            if c.start < line_start:
                break
            found = True
            if c.source is None:
                claims[k] = replace(c, source=source, cue=cue, source_chain=(source,))
        if not found and caption is not None and caption[1] >= line_start:
            si, a, b = caption
            while b > a and text[b - 1] in ". ":
                b -= 1
            if b > a and any(ch.isalpha() for ch in text[a:b]):
                claims.append(
                    ClaimResult(
                        si, a, b, " ".join(text[a:b].split()), source=source, cue=cue, source_chain=(source,)
                    )
                )

    def _to_result(
        self,
        text: str,
        quotes: _QuoteMap,
        unit: Unit,
        doc: Doc,
        r: RawClaim,
        history: list[Unit],
        speaker: str | None = None,
    ) -> ClaimResult | None:
        off = unit.offset
        s, e = r.start + off, r.end + off
        # Leave a wire dateline ("SALVADOR, Feb 26 - ") out of the claim.
        m = _DATELINE.match(text, s, e) if s == unit.offset else None
        claim_text = r.text
        if m and m.end() < e:
            cut = m.end() - s
            s = m.end()
            if claim_text.startswith(text[m.start() : m.end()].strip()):
                claim_text = claim_text[cut:].strip()
        if s >= e:
            return None
        source = self._span(text, unit, r.source)
        cue = self._span(text, unit, r.cue)
        links = [x for x in (self._span(text, unit, c) for c in r.chain) if x]
        # "The insurgents stated they ..., declaring ...": a pronoun is the same source
        # again, not a further link.
        chain = tuple(x for k, x in enumerate(links) if k == 0 or x.text.lower() not in _PRONOUNS)
        if source is not None and (not chain or chain[0] != source):
            chain = (source, *chain)
        quoted = _in_quotes(text, quotes, s)
        ahead = _cataphor(doc, unit, r) if self.resolve_pronouns and not quoted else None
        source_ref = self._span(text, unit, r.source_ref)
        if ahead is None and source_ref is None and self.resolve_pronouns and not quoted:
            source_ref = self._span(text, unit, _subject_above(doc, r))
        if ahead is not None:
            # "While he refused ..., Mr. Obama deemed ...": "he" is the name that follows.
            first, _, rest = claim_text.partition(" ")
            if first.lower() in ("he", "she") and rest:
                name = _bare_name(doc[ahead[0] : ahead[1]].text)
                claim_text = f"{name} {rest}"
            if r.source is not None:
                source_ref = self._span(text, unit, ahead)
        elif self.resolve_pronouns and source_ref is not None and _names_its_holder(claim_text, source, cue):
            # "... when he blasted the ruling": the claim's "he" is its own source, whose
            # referent is already known (source_ref), not the last person quoted.
            claim_text = f"{_short_name(source_ref.text)} {claim_text.partition(' ')[2]}"
        elif self.resolve_pronouns and not quoted and (above := _pronoun_above(doc, unit, r, claim_text)):
            claim_text = f"{above} {claim_text.partition(' ')[2]}"
        elif self.resolve_pronouns:
            claim_text = self._resolve(
                claim_text, s, r.source, history, quoted=quoted, speaker=speaker, text=text
            )
        return ClaimResult(
            sentence_index=unit.sentence_index,
            start=s,
            end=e,
            text=claim_text,
            source=source,
            cue=cue,
            is_quote=quoted,
            stance="denied" if r.stance == "denied" else "asserted",
            source_chain=chain,
            source_ref=source_ref,
        )

    @staticmethod
    def _span(text: str, unit: Unit, rng: tuple[int, int] | None) -> Span | None:
        if rng is None or rng[0] >= rng[1]:
            return None
        idx, length = unit.idx, unit.length
        assert idx is not None and length is not None  # set with the parse
        off = unit.offset
        a = idx[rng[0]] + off
        b = idx[rng[1] - 1] + length[rng[1] - 1] + off
        return Span(a, b, text[a:b])

    def _resolve(
        self,
        claim_text: str,
        start: int,
        raw_source: tuple[int, int] | None,
        history: list[Unit],
        *,
        quoted: bool = False,
        speaker: str | None = None,
        text: str = "",
    ) -> str:
        """Replace a leading he/she with the nearest earlier person mention (also after an
        opening phrase without a name: "In the clip, he asks ...")."""
        lead = ""
        m = _AFTER_OPENING.match(claim_text)
        if m is not None:
            words = m.group(1).split()
            if words[0].lower() in lx.OPENING_WORDS and not any(w[:1].isupper() for w in words[1:]):
                lead = claim_text[: m.end(1) + 2]
        first, _, rest = claim_text[len(lead) :].partition(" ")
        # "he's also a star" reads "Lund's also a star", "he'll speak" "Lund will speak".
        first, mark, clitic = first.partition("’") if "’" in first else first.partition("'")
        if mark and clitic.lower() not in _CLITICS:
            return claim_text
        tail = _expanded(mark, clitic.lower(), rest) if mark else f" {rest}"
        if first not in lx.PRONOUNS_PERSON or not rest:
            return claim_text
        if quoted:
            # '"He is reckless," Holt said of the mayor': in a direct quotation "he" is never
            # the speaker, and the person named last before it is too often someone else.
            return claim_text
        said_by = self._span_text(history, raw_source)
        if said_by in lx.PRONOUNS_PERSON and said_by != first.lower():
            # "She did receive the emails, he said": she is not the speaker, nor the person
            # "he" stands for.
            return claim_text
        if said_by == first.lower() and speaker and not _clashes(speaker, first, text):
            # "He said he would ...": he is the speaker, the last person quoted (as
            # _refer_pronoun_sources reads "He"), not the last person named; unless the
            # sentence names who says it ("Lee drew fire when she said she ...").
            governed = self._governed(history, raw_source, first.lower(), text, start)
            return f"{lead}{governed or _bare_name(speaker)}{tail}"
        # "Lund said he expects ...": he is the named speaker.
        name = _named_source(history[-1].doc, raw_source, text[:start]) if history and raw_source else None
        if name is not None and _clashes(name, first.lower(), text):
            name = None  # "Sanders suggested she is unqualified": she is not Bernie Sanders
        role = None
        if name is None and history and raw_source:
            # "The nominee later said he was joking": he is the nominee, and the person
            # named before only when the article gave them that role ("Finance Minister
            # Ann Lund ... The minister said he").
            role = _role_source(history[-1].doc, raw_source, first.lower(), capital=not lead)
        if name is None:
            # (never a person the clause itself names: in "he met Berg", he is not Berg)
            named_here = {_POSSESSIVE_END.sub("", w.strip(".,;:!?\"“”'‘")) for w in rest.split()}
            found = self._antecedent(start, history, first.lower(), text, named_here)
            name = None if found is None else found[0]
        if role is not None and (name is None or not _holds_role(text, start, name, role)):
            name = role
        return f"{lead}{name}{tail}" if name else claim_text

    def _governed(
        self, history: list[Unit], rng: tuple[int, int] | None, pronoun: str, text: str, start: int
    ) -> str | None:
        """The person the sentence's structure makes the pronoun at ``rng`` (a source,
        "she said") stand for, by name; None when the structure names no one."""
        doc = history[-1].doc if history else None
        if doc is None or rng is None:
            return None
        at = doc[rng[0]].idx
        above = _governing_subject(doc, at, self._people_before(doc, at), text[:start])
        if not isinstance(above, Mention) or _clashes(above.text, pronoun, text):
            return None
        return _entity_name(above)

    def _people_before(self, doc: Doc, limit: int) -> list[Mention]:
        """The PERSON mentions of ``doc``; none unless a proper noun starts before character
        ``limit`` (only a person named before a pronoun can be its antecedent, so NER,
        as costly as the parse, runs only where the tagger saw one)."""
        if not _names_before(doc, limit):
            return []
        if self.ner is not None and not doc.has_annotation("ENT_IOB"):
            self.ner(doc)  # normally done in one batch by _run_ner
        return [ent for ent in doc.ents if ent.label_ == "PERSON"]

    @staticmethod
    def _span_text(history: list[Unit], rng: tuple[int, int] | None) -> str:
        """The lower-cased words of a token range of the current unit ('' for none)."""
        if not history or rng is None or history[-1].doc is None:
            return ""
        return history[-1].doc[rng[0] : rng[1]].text.lower()

    def _antecedent(
        self,
        before: int,
        history: list[Unit],
        pronoun: str = "he",
        text: str = "",
        named_here: frozenset[str] | set[str] = frozenset(),
    ) -> tuple[str, int, int] | None:
        """The person a he/she at character ``before`` stands for: by the structure of its
        own sentence, else the main subject of the sentence before, else the person named
        last; their name and the character range of the mention."""
        role: str | None = None
        for unit in reversed(history):
            doc = unit.doc
            if doc is None or unit.offset >= before:
                continue  # nothing here is named before the claim
            people = self._people_before(doc, before - unit.offset)
            if unit.offset + len(doc.text) > before:
                # The pronoun's own sentence: the subject of a clause above it ("Lund
                # backed Berg's party, and he ...", "Lund, who said he ...").
                above = _governing_subject(doc, before - unit.offset, people, text[:before])
                if isinstance(above, Token):
                    # "The Ohio governor said ..., but that he ...": the person named
                    # before, when the article gave them that role.
                    role = above.lower_
                elif above is not None:
                    people = [ent for ent in people if ent != above] + [above]
            else:
                # The sentence before: its main subject, when a person, is who the next
                # sentence goes on about ("Lund said X while Berg is Y. However, he ..."
                # is Lund), else the person named last.
                people = _subject_first(doc, people, text[: unit.offset])
            for ent in reversed(people):
                a = ent.start_char + unit.offset
                if a >= before or ent.root.dep_ == "compound":
                    continue  # (a name that only modifies a noun: "the Reagan administration")
                if ent.root.tag_ == "NNPS" or ent.start > 0 and doc[ent.start - 1].lower_ == "the":
                    continue  # "the Clintons": a family, no he or she
                if _other_gender(doc, ent.start, pronoun) or _clashes(ent.text, pronoun, text):
                    continue  # "Mrs. Clinton" is no "he", "Mr. Lane" no "she", "Lee" after "Nadia Lee" no "he"
                name = _entity_name(ent)
                if ent[-1].text in named_here:
                    continue  # "He met Berg": not Berg
                if role is not None and not _holds_role(text, before, name, role):
                    return None
                return name, a, ent.end_char + unit.offset
        return None


# What may follow he/she in a contraction ("he's", "she'll", "he'd", "he's been").
_CLITICS = frozenset({"s", "d", "ll", "ve"})


def _expanded(mark: str, clitic: str, rest: str) -> str:
    """The contraction after a name put for he/she: "'s" stays ("Lund's also a star"),
    the others are spelled out ("'ll" -> " will", "'ve" -> " have", "'d" -> " had" before
    a participle, else " would")."""
    if clitic == "s":
        return f"{mark}s {rest}"
    if clitic == "d":
        nxt = rest.split(" ", 1)[0].lower()
        word = "had" if nxt == "been" or nxt.endswith(("ed", "en")) else "would"
    else:
        word = "will" if clitic == "ll" else "have"
    return f" {word} {rest}"


@dataclass(slots=True)
class _Carry:
    source: Span | None
    cue: Span | None
    chain: tuple[Span, ...]
    stance: Stance
    end: int  # where the sentence that set or last continued it ends
    opened: bool  # set by an introducing cue ("She continued:"), not by a quotation


_OPEN_QUOTES = frozenset('"“‘«„')
_CLOSE_QUOTES = frozenset('"”’»')
# A photo credit line: "Image: Nick Moreau.", "Photo: Reuters".
_CREDIT_LINE = re.compile(
    r"(?P<label>Image|Photo|Photograph|Picture|Credit|Video|Audio)s?:\s*(?P<who>[^\n]*?[^\s.])\.?"
)


class _QuoteMap:
    """Whether a position lies inside a quotation opened earlier on its line.

    Built once per document from the quote marks and line breaks only, so asking for
    every claim stays linear (a per-claim scan from the line start was quadratic on
    long one-line texts).
    """

    _MARKS = re.compile('[\u201c\u00ab\u201e\u2039\u300c\u300e\u201d\u00bb\u203a\u300d\u300f"\n]')
    _OPENERS = frozenset("\u201c\u00ab\u201e\u2039\u300c\u300e")

    def __init__(self, text: str) -> None:
        self.positions: list[int] = []
        self.states: list[bool] = []
        depth, straight = 0, False
        for m in self._MARKS.finditer(text):
            ch = m.group()
            if ch == "\n":
                depth, straight = 0, False
            elif ch in self._OPENERS:
                depth += 1
            elif ch == '"':
                straight = not straight
            elif depth:
                depth -= 1
            self.positions.append(m.start())
            self.states.append(depth > 0 or straight)

    def open_at(self, pos: int) -> bool:
        """A quotation opened on this line is still open just before ``pos``."""
        k = bisect_left(self.positions, pos) - 1
        return k >= 0 and self.states[k]


def _in_quotes(text: str, quotes: _QuoteMap, s: int) -> bool:
    """The span is a direct quotation: it opens with a quote mark, or sits inside one
    that opened earlier in the same paragraph."""
    return text[s] in lx.QUOTE_OPEN or text[s] in lx.QUOTE_STRAIGHT or quotes.open_at(s)


_QUOTE_MARKS = re.compile("[\u201c\u201d\u00ab\u00bb\"\n]|''")


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of the direct quotations of a text, from the opening to the closing mark.
    A quotation left open at a paragraph end runs on when the next paragraph opens
    with a quote mark (the newspaper convention); otherwise it ends with its paragraph.
    Curly and guillemet marks pair by direction; straight marks (" and the '' of some
    newspapers) alternate."""
    out: list[tuple[int, int]] = []
    start = -1
    skip_to = -1
    for m in _QUOTE_MARKS.finditer(text):
        pos = m.start()
        if pos < skip_to:
            continue
        mark = m.group()
        if mark == "\n":
            if start < 0:
                continue
            nxt = pos
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            if text.startswith(("\u201c", '"', "''", "\u00ab"), nxt):
                skip_to = nxt + (2 if text.startswith("''", nxt) else 1)
                continue  # the quotation runs on into the next paragraph
            out.append((start, pos))
            start = -1
        elif mark in ("\u201c", "\u00ab"):
            if start < 0:
                start = pos
        elif mark in ("\u201d", "\u00bb"):
            if start >= 0:
                out.append((start, m.end()))
                start = -1
        elif start < 0:
            start = pos
        else:
            out.append((start, m.end()))
            start = -1
    if start >= 0:
        out.append((start, len(text)))
    return out


# The speaker and cue right after a closing quotation mark: ' she wrote.', ' Lund said.'
_TAIL = re.compile(
    r"[ \t]+((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*|he|she|they|[Tt]he [a-z]+)[ \t]+([a-z]+)[ \t]*[.,]"
)


def _tail_speaker(text: str, end: int) -> Span | None:
    """The speaker named right after a quotation that closes with a comma, in ' she
    wrote.' or ' Lund said,': a name, a personal pronoun or "the" and a noun, then a
    cue verb."""
    if end < 2 or text[end - 2] != ",":
        return None
    m = _TAIL.match(text, end)
    if m is None or (m.group(2) not in lx.CUE_VERBS and m.group(2) not in lx.QUOTE_TAIL_VERBS):
        return None
    return Span(m.start(1), m.end(1), m.group(1))


def _attribute_quotations(text: str, claims: list[ClaimResult]) -> list[ClaimResult]:
    """Every claim of a direct quotation learns the quotation's speaker (``quote_source``):
    the source of a claim in it that is named outside the marks ('"A. B," Trump said.'
    gives A to Trump too), or of the quotation just before it in the paragraph when only
    the "X said" lies between them ('"A," Trump said. "B."'). ``source`` stays the
    attribution the sentence itself makes (see ClaimResult); the first-person "I" of the
    quotation is its speaker (``source_ref``; the chain starts with the speaker)."""
    regions = quotations(text)
    if not regions or not claims:
        return claims
    out = list(claims)
    starts = [c.start for c in out]
    prev_anchor: Span | None = None
    prev_end = -1
    prev_sent = -1
    for a, b in regions:
        lo = bisect_left(starts, a)
        hi = bisect_left(starts, b)
        # A claim whose sentence opens the quotation in its middle ('Instead, Berg "is
        # trying to ...'), when most of it is quoted (not a quoted phrase in narration).
        while (
            lo > 0
            and out[lo - 1].start < a < out[lo - 1].end
            and 2 * (out[lo - 1].end - a) >= out[lo - 1].end - out[lo - 1].start
        ):
            lo -= 1
        anchor: Span | None = None
        for k in range(lo, hi):
            src = out[k].source
            if src is not None and not a <= src.start < b:
                anchor = src
                break
        if anchor is None:
            # '"A. Another small miracle," she wrote.': the sentence with the cue
            # gave no claim (its quoted words have no verb); the tail names the speaker.
            anchor = _tail_speaker(text, b)
        if (
            anchor is None
            and prev_anchor is not None
            and prev_end <= a
            and "\n" not in text[prev_end:a]
            # Only the "X said" sentence lies between, with its own adjuncts ('"A,"
            # Lund said as he waved to the crowd. "B."').
            and all(out[j].sentence_index == prev_sent for j in range(bisect_left(starts, prev_end), lo))
        ):
            anchor = prev_anchor
        if anchor is not None:
            for k in range(lo, hi):
                c = out[k]
                if c.source is not None and a <= c.source.start < b:
                    if c.source.text.lower() == "i":
                        # The speaker's own "I think" stays theirs, and "I" is the speaker.
                        if c.source_ref is None:
                            c = out[k] = replace(c, source_ref=anchor, source_chain=(anchor, *c.source_chain))
                        continue
                    # '"..., you know, guys like that never learn," Trump said.': a report
                    # inside the quotation is what its speaker says.
                    c = out[k] = replace(c, source=None, cue=None, source_chain=(), stance="asserted")
                if c.source is None and c.quote_source is None:
                    out[k] = replace(c, quote_source=anchor, is_quote=True)
        prev_anchor, prev_end = anchor, b
        prev_sent = out[hi - 1].sentence_index if hi > lo else -1
    return out
