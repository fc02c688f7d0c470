"""Attribution of one parsed unit's clauses: who says each one, how, and with what
stance.

The rules that run on every unit, in order, are listed in ``rules.ATTRIBUTION_RULES``;
most of their work is here. ``find_attributions``:
cue verbs with a clausal complement, participle cues that borrow their host's subject,
"according to X", parentheticals, trailing '"...," said X', that-clauses of saying
nouns and certainty adjectives, "citing Y" links, denials (stance, not negation), and
cues that introduce what follows (":"). A cue clause is the "X said" side and not a
claim itself. ``_tail_attribution``: a trailing '"...," added Lund.' the parser did not
link; ``_inherited`` and ``_chain_of``: the attributions governing each clause, and
``resolve_attribution`` the one a claim gets. ``headline_claim`` reads title-case
headlines, ``closing_tail`` the '| the mayor shouted.' that closes the quotation before
it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from . import lexicon as lx
from .claim_text import _THIRD_PERSON, _quoted, _text_of
from .clauses import (
    Attribution,
    Clause,
    RawClaim,
    describes_a_noun,
    is_condition,
    no_such_noun,
    opens_question,
    participle_after_comma,
)
from .tokens import (
    _QUOTE_CLOSERS,
    _QUOTE_OPENERS,
    _descendants,
    _has_subject,
    _has_that,
    _Info,
    _info,
    _is_agent,
    _is_holder,
    _np_range,
    _strip_punct,
    _subtree_range,
    who_antecedent,
)
from .types import Stance


def _reports_that(info: _Info, i: int) -> bool:
    """An unlisted verb whose holder says, argues or concludes something: a person or an
    organisation as its subject and a that-clause as its complement ("Critics charged
    that the hearing failed", "The senator reiterated that ...")."""
    kids, dep, lower = info.kids[i], info.dep, info.lower
    subj = next((k for k in kids if dep[k] == "nsubj"), -1)
    if subj < 0 or lower[i] in lx.NOT_REPORTING_VERBS:
        return False
    if not _is_holder(info, subj):
        return False
    return any(
        dep[k] == "ccomp" and k > i and any(dep[m] == "mark" and lower[m] == "that" for m in info.kids[k])
        for k in kids
    )


def _cue_lemma(info: _Info, i: int) -> str | None:
    if info.verbal[i]:
        lemma = lx.CUE_VERBS.get(info.lower[i])
        if lemma is None and _reports_that(info, i):
            return info.lower[i]
        return lemma
    # "The Department notes/NNS, \"...\"": a mis-tagged verb with a subject and a complement.
    if info.tag[i].startswith("NN"):
        dep = info.dep
        kids = {dep[c] for c in info.kids[i]}
        if "nsubj" in kids and "ccomp" in kids:
            return lx.CUE_VERBS.get(info.lower[i])
    return None


def _clause_subtree_tokens(doc: Doc, heads: set[int], t: Token) -> set[int]:
    """Tokens of every clause (other than t's own) nested under t."""
    out: set[int] = set()
    for c in _descendants(_info(doc), t.i):
        if c in heads:
            x = doc[c]
            out.update(range(x.left_edge.i, x.right_edge.i + 1))
    return out


def _source_exclusions(doc: Doc, heads: set[int], t: Token) -> set[int]:
    """What a source's noun phrase leaves out: the clauses under it, except a past
    participle describing it ("a memo released on Friday by the inspector general said
    ...": the source is the whole phrase, not "a memo"). A present participle stays out:
    "media citing rebels" starts the chain's next link, "voters seeking change" is a
    stance of its own."""
    info = _info(doc)
    keep = [k for k in info.kids[t.i] if info.dep[k] == "acl" and info.tag[k] == "VBN"]
    out = _clause_subtree_tokens(doc, heads, t)
    for k in keep:
        x = doc[k]
        inner = _clause_subtree_tokens(doc, heads, x)
        out.difference_update(j for j in range(x.left_edge.i, x.right_edge.i + 1) if j not in inner)
    return out


def _without_time(info: _Info, src: tuple[int, int]) -> tuple[int, int]:
    """ "Reyes on Tuesday said", "Lund at the time said", "The mayor in a statement
    said": when or how the speaker spoke is not part of the source (the parser hangs the
    phrase on the name)."""
    a, b = src
    for k in range(a + 1, b):
        if info.dep[k] != "prep" or info.lower[k] not in ("on", "at", "in", "during", "earlier", "last"):
            continue
        obj = next((g for g in info.kids[k] if info.dep[g] == "pobj"), -1)
        if (
            obj >= 0
            and (info.lower[obj] in lx.TIME_WORDS or info.lower[obj] in lx.MEDIUM_WORDS)
            and info.doc[k].right_edge.i == b - 1
        ):
            return _strip_punct(info.doc, a, k)
    return src


def _after_fronted_phrase(info: _Info, src: tuple[int, int]) -> tuple[int, int]:
    """ "Of the mayor, Holt, who has donated to Lund, said": a phrase fronted before
    the speaker, which the parser put into the subject, is not part of the source."""
    a, b = src
    if info.tag[a] != "IN":
        return src
    comma = next((k for k in range(a + 1, b - 1) if info.words[k] == ","), -1)
    return _strip_punct(info.doc, comma + 1, b) if comma > 0 else src


def _with_brackets(info: _Info, src: tuple[int, int]) -> tuple[int, int]:
    """ "<The Borel Bank> said": a ticker-style name's "<", which the parser hangs
    on the verb, belongs to the source that holds its ">"."""
    a, b = src
    if a > 0 and info.words[a - 1] == "<" and ">" in info.words[a:b]:
        return a - 1, b
    return src


def _split_subject(
    info: _Info, heads: set[int], subjects: list[int], src: tuple[int, int]
) -> tuple[int, int]:
    """ "Saraya Karam al-Jabal (SKJ) said", "<Baker Lane Inc> said", "Acme AG <ACME.F>
    said": the parser cut one
    name into several subjects of the verb. The subjects before the last one that touch
    it (proper nouns side by side, or a hyphen or bracket with no space between) are
    the same name; a dateline ("MACAU (Reuters) - Acme Chairman ... said") is not."""
    doc, text = info.doc, info.text
    a, b = src
    for prev in reversed(subjects[:-1]):
        pa, pb = _np_range(doc, prev, _source_exclusions(doc, heads, doc[prev]))
        if pb > a:
            break
        gap = text[info.idx[pb - 1] + info.length[pb - 1] : info.idx[a]]
        names = pb == a and info.tag[pb - 1] in ("NNP", "NNPS") and info.tag[a] in ("NNP", "NNPS")
        # "<Borel Holding Corp>, a company formed by ..., said": the name's apposition.
        apposition = info.words[pb:a] == [","] and info.lower[a] in ("a", "an", "the")
        if not (names or apposition) and (any(ch.isspace() for ch in gap) or not all(info.punct[pb:a])):
            break
        a = pa
    a = _with_brackets(info, (a, b))[0]
    if (
        info.words[a] == "<"
        and a > 0
        and (info.tag[a - 1] in ("NNP", "NNPS") or info.words[a - 1][:1].isupper() and not info.punct[a - 1])
        and info.head[a - 1] == info.head[subjects[-1]]
    ):
        # "Acme Computer AG <ACME.F> said": the name before its ticker symbol (one the
        # tagger took for an adjective too).
        a = _np_range(doc, a - 1, _source_exclusions(doc, heads, doc[a - 1]))[0]
    return _strip_punct(doc, a, b)


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


# Prepositions after which a gerund is something its host's subject did ("She ended
# by saying ...", "Lund drew jeers upon saying ...", "after initially saying ...").
_ACT_PREPS = frozenset({"by", "upon", "on", "after", "before", "since", "in", "while", "when"})


def _gerund_of_act(info: _Info, v: int) -> bool:
    """Whether gerund ``v`` hangs on one of `_ACT_PREPS` that a verb governs ("The
    governor got into trouble by saying that ..."): its holder is that verb's subject."""
    if info.tag[v] != "VBG" or info.dep[v] != "pcomp":
        return False
    prep = info.head[v]
    return info.lower[prep] in _ACT_PREPS and info.verbal[info.head[prep]]


# Openers that say "nevertheless", not that anyone said anything.
_CONNECTIVES = frozenset(
    {
        ("all", "told"),
        ("that", "said"),
        ("that", "being", "said"),
        ("that", "having", "been", "said"),
        ("having", "said", "that"),
        ("with", "that", "said"),
        ("all", "that", "said"),
    }
)


def connective_said(info: _Info, v: int) -> bool:
    """Whether "said" ``v`` is part of a connective opening its unit ("That said, a loss
    would hurt", "Having said that, ...")."""
    lower = info.lower
    if lower[v] not in ("said", "told"):
        return False
    first = next((k for k in range(len(lower)) if not info.punct[k]), -1)
    comma = next((k for k in range(max(first, 0), min(len(lower), first + 5)) if lower[k] == ","), -1)
    return first >= 0 and first < v < comma and tuple(lower[first:comma]) in _CONNECTIVES


# Asides of speech that report nothing: "you know", "I mean", "you see".
_FILLERS = frozenset({("you", "know"), ("i", "mean"), ("you", "see")})


def reports_nothing(info: _Info, v: int) -> bool:
    """Whether ``v`` is the verb of a connective ("That said, ...", "..., which means
    that ...") or of a spoken filler ("you know, ..."): neither report nor claim."""
    return connective_said(info, v) or filler_phrase(info, v) or which_of_a_clause(info, v)


def which_of_a_clause(info: _Info, v: int) -> bool:
    """ "Voting starts early, which means that teams must be ready": "which" stands for
    the clause before it, so what that means is the writer's own claim, and "which
    means" no claim at all. (A "which" of a noun hangs a relative clause on it: "Acme, which
    said ...".)"""
    if info.dep[v] not in ("advcl", "ccomp", "conj") or info.lower[v] not in ("means", "meant", "mean"):
        return False  # ("which suggests that X" hedges X: not the writer's plain claim)
    subj = [k for k in info.kids[v] if info.dep[k] in ("nsubj", "nsubjpass")]
    return (
        len(subj) == 1
        and info.lower[subj[0]] == "which"
        and subj[0] > 0
        and info.words[subj[0] - 1] == ","
        and any(info.dep[k] == "ccomp" for k in info.kids[v])
    )


def filler_phrase(info: _Info, v: int) -> bool:
    """Whether ``v`` is the verb of a spoken filler set off by a comma ("Because, you
    know, I think ...", "It was, I mean, a mess"): no report, no claim."""
    lower = info.lower
    if v < 1 or (lower[v - 1], lower[v]) not in _FILLERS:
        return False
    after = lower[v + 1] if v + 1 < len(lower) else ""
    return after == "," or after == ""


def _quoted_as_saying(info: _Info, v: int) -> int:
    """The speech gerund of "quoted Lund as saying ..." under ``v``, or -1."""
    if lx.CUE_VERBS.get(info.lower[v]) != "quote":
        return -1
    for p in info.kids[v]:
        if info.dep[p] == "prep" and info.lower[p] == "as":
            for g in info.kids[p]:
                if info.dep[g] == "pcomp" and lx.CUE_VERBS.get(info.lower[g]) in lx.SPEECH_CUES:
                    return g
    return -1


def _name_after_inverted_cue(info: _Info, v: int) -> int | None:
    """'"...," said Joe Brock, a confidant who leads the group Correct the Count.': the
    parser made the name the subject of a later word it read as a verb. Right after a
    quotation's closing mark, "said" and a capitalised name: the name's last word."""
    words = info.words
    if v < 2 or info.tag[v - 1] != "''" or words[v - 2] not in (",", "?", "!"):
        return None
    k = _proper_nouns_end(info, v + 1, len(words))
    if k == v + 1 or k < len(words) and not info.punct[k]:
        return None  # no name, or a name that goes on ("said Joe Brock told ...")
    return k - 1


def _proper_nouns_end(info: _Info, k: int, end: int) -> int:
    """Where the run of proper nouns from ``k`` (before ``end``) ends."""
    while k < end and info.tag[k] in ("NNP", "NNPS"):
        k += 1
    return k


def _as_one_put_it(info: _Info, v: int) -> bool:
    """ "As the paper put it, ...": "put it" after "as" is a report of the host clause."""
    kids, dep, lower = info.kids[v], info.dep, info.lower
    return (
        lower[v] in ("put", "puts")
        and v + 1 < len(lower)
        and lower[v + 1] == "it"
        and dep[v + 1] == "dobj"
        and any(dep[k] == "mark" and lower[k] == "as" for k in kids)
    )


def _speaker_going_on(info: _Info, v: int, host_subj: Token) -> Token:
    """The subject a speech participle ``v`` borrows: "Lund said the plan reminds him of
    a failed bill, explaining, ..." (or "..., before claiming ...") — the parser hung
    "explaining" on the reported clause, but a plan explains nothing: where that clause's subject cannot speak (or
    the participle is "adding"), the reporting verb's subject goes on speaking."""
    host = host_subj.head.i
    cue = info.head[host]
    if (
        info.dep[host] != "ccomp"
        or info.dep[v] != "advcl"
        and not _gerund_of_act(info, v)
        or lx.CUE_VERBS.get(info.lower[v]) not in lx.SPEECH_CUES
        or info.lower[cue] not in lx.CUE_VERBS
        or _is_agent(info, host_subj.i)
        and info.lower[v] != "adding"
    ):
        return host_subj
    outer = next((k for k in info.kids[cue] if info.dep[k] == "nsubj"), -1)
    return host_subj if outer < 0 else info.doc[outer]


def _intro_mark(doc: Doc, t: Token) -> int:
    """Index of the ":" or opening quote that follows a cue and starts its content
    ("She continued: ...", "The letter reads \"...\"", "with Ortiz stating: ..."),
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


def _negated(info: _Info, v: int) -> bool:
    """Verb ``v`` is negated: "not", "n't", "never", or "no longer" ("Our allies no
    longer think ...")."""
    for k in info.kids[v]:
        if info.dep[k] == "neg":
            return True
        if info.lower[k] == "longer" and any(info.lower[d] == "no" for d in info.kids[k]):
            return True
    return False


# Marks of a clause after a cue that tells when it was said ('"...," he said, as/until ...').
_SAID_WHEN = lx.OCCASION_MARKS | {"until"}


def _introduces_following(doc: Doc, t: Token) -> bool:
    """ "She continued:" / "X said, \"..." : the content comes after the cue clause."""
    end = t.right_edge.i
    nxt = [x for x in doc[end + 1 : end + 3]]
    last = doc[end]
    if last.text in (":", "\u2014") or (nxt and nxt[0].text == ":"):
        return True
    rest = doc[end + 1 :]
    after = next((x for x in rest if x.text != ","), None)
    if after is not None and after.lower_ in _SAID_WHEN:
        return False  # '"Stay calm," he said, as a child slipped': when he said it
    if last.text == "," or (nxt and nxt[0].text == ","):
        return not any(x.is_alpha for x in rest) or any(
            x.text in lx.QUOTE_OPEN or x.text in lx.QUOTE_STRAIGHT and x.tag_ != "''"
            for x in doc[end : end + 3]
        )
    return False


def _that_clauses(doc: Doc, cue: Token, heads: set[int]) -> list[Token]:
    """ "told the Borel Times in a statement that the fee was ...", "noted that the vote
    ... clashed": a that-clause the parser hung under the cue's object."""
    out = []
    for x in cue.subtree:
        if x.i == cue.i or x.i not in heads or not _has_that(_info(doc), x.i) or x.dep_ in ("ccomp", "advcl"):
            continue
        cur = x.head
        for _ in range(8):  # "said in the third of a set of notes on its website that ..."
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
        or "-" in w
        and w.replace("-", "").replace(".", "").isalpha()  # "R-Pa."
    )


def _last_word(info: _Info, h: int, floor: int) -> int:
    """The last token of ``h``'s subtree that is not a comma or dash (not before ``floor``)."""
    last = max(_descendants(info, h) + [h])
    while last > floor and info.words[last] in (",", "\u2014", "--"):
        last -= 1
    return last


def _end_before(info: _Info, v: int) -> int:
    """The last token before ``v`` that is not a comma or dash."""
    end = v - 1
    while end > 0 and info.words[end] in (",", "\u2014", "--"):
        end -= 1
    return end


def _participle_subject(info: _Info, p: int) -> int:
    """The noun the parser made the subject of participle ``p`` set off by a comma before
    it ("<Borel Optics Ltd>, reporting lower profit, said"), or -1."""
    if info.tag[p] not in ("VBG", "VBN") or p == 0 or info.words[p - 1] != ",":
        return -1
    if any(info.dep[k] == "mark" for k in info.kids[p]):
        return -1
    return next(
        (k for k in info.kids[p] if info.dep[k] == "nsubj" and k < p and info.tag[k].startswith("NN")), -1
    )


def _subject_in_fronted_phrase(info: _Info, v: int) -> int | None:
    """ "In a filing with the SEC, the group said it sold shares": the parser made the
    subject an apposition inside the phrase before it ("the SEC, the group"). The noun
    phrase that ends right before the verb (or whose "who" clause does), hung as an
    apposition in a phrase of the verb's, is its subject; so is the subject the parser gave
    a participle before the verb ("Acme, reporting lower profit, said")."""
    dep, kids, tag = info.dep, info.kids, info.tag
    end = _end_before(info, v)
    for p in kids[v]:
        if dep[p] not in ("prep", "advcl") or p > v:
            continue
        if dep[p] == "advcl" and _participle_subject(info, p) >= 0:
            # "<Borel Optics Ltd>, reporting lower profit, said": the parser made the
            # name the participle's subject.
            return _participle_subject(info, p)
        stack = list(kids[p])
        while stack:
            x = stack.pop()
            if dep[x] == "appos" and tag[x] in ("NN", "NNS", "NNP", "NNPS") and x <= end:
                if _last_word(info, x, x) == end:
                    return x
                # "Standing before Judge Ortiz, Lund, who faces ..., said": the
                # relative clause about the name was hung on the noun before it.
                rel = [r for r in kids[info.head[x]] if dep[r] == "relcl" and r > x]
                if (
                    rel
                    and info.lower[info.doc[rel[-1]].left_edge.i] == "who"
                    and _last_word(info, rel[-1], x) == end
                ):
                    return x
            stack.extend(kids[x])
    return None


def relative_antecedent(doc: Doc, src: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "the defence minister, who said ...": the noun phrase a relative "who" as a source
    stands for (without the relative clause), or None."""
    if src is None or src[1] - src[0] != 1:
        return None
    info = _info(doc)
    w = src[0]
    verb = info.head[w]
    noun = info.head[verb]
    if (
        info.lower[w] != "who"
        or info.dep[w] not in ("nsubj", "nsubjpass")
        or info.dep[verb] != "relcl"
        or noun == verb
        or not info.tag[noun].startswith("NN")
    ):
        return None
    noun = who_antecedent(info, noun, w)
    a, b = _np_range(doc, noun, {verb, *_descendants(info, verb), *_clauses_below(info, noun, verb)})
    return (a, b) if a < b else None


def _clauses_below(info: _Info, noun: int, verb: int) -> set[int]:
    """Tokens from the relative clause ``verb`` back to the comma after the name ``noun``
    when the clause was hung further down ("Ann Berg[, press aide to Governor Lund], who")."""
    end = info.doc[noun].right_edge.i
    if end <= verb:
        return set()
    comma = next((k for k in range(noun + 1, verb) if info.words[k] == ","), -1)
    return set(range(comma, end + 1)) if comma > 0 else set()


def _trailing_cues(
    info: _Info, clauses: list[Clause], owner: dict[int, int], kind: str
) -> Iterator[tuple[Clause, Clause, list[Clause]]]:
    """Cue clauses of ``kind`` hung on a root clause before them, each with that clause
    and the clauses the cue reports, when all of those lie between the two."""
    by_head = {c.head: c for c in clauses}
    for r in clauses:
        h = r.head
        if not r.is_cue or r.kind != kind:
            continue
        s = owner.get(info.head[h], info.head[h])
        above = by_head.get(s)
        if above is None or above.kind != "ROOT" or s > h:
            continue
        reported = [c for c in clauses if any(a.origin == h for a in c.attributions)]
        if reported and all(s < c.head < h for c in reported):
            yield r, above, reported


def outer_trailing_cue(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """ "Smith said Jones kept him out, the Times reported": the parser made "the Times
    reported" the content of "said"; the trailing cue reports the whole report. The
    inner content becomes Smith's, and "Smith said Jones kept him out" the Times' claim."""
    info = _info(doc)
    for r, outer_clause, inner in _trailing_cues(info, clauses, owner, "ccomp"):
        h, s = r.head, outer_clause.head
        if not outer_clause.is_cue:
            continue
        subj = next((k for k in info.kids[h] if info.dep[k] == "nsubj"), -1)
        first = info.doc[subj].left_edge.i if subj >= 0 else h
        if first == 0 or info.words[first - 1] != ",":
            continue
        said = [a for a in r.attributions if a.origin == s]
        if not said:
            continue
        for c in inner:
            reported = [a for a in c.attributions if a.origin == h]
            c.attributions = [a for a in c.attributions if a.origin != h] + said
            outer_clause.attributions.extend(reported)
        r.attributions = [a for a in r.attributions if a.origin != s]


def coordinated_trailing_cue(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """ "Debt rose in May, but the firm remains sound, bankers told Reuters": the parser
    coordinated the trailing cue with the first clause, so only the clause next to it was
    its content; a trailing cue reports all that comes before it."""
    info = _info(doc)
    for r, host, contents in _trailing_cues(info, clauses, owner, "conj"):
        if host.is_cue or host.attributions:
            continue
        start = min(t for c in contents for t in c.tokens)
        end = max(t for c in contents for t in c.tokens)
        subj = next((k for k in info.kids[r.head] if info.dep[k] == "nsubj"), -1)
        if subj < end or max(host.tokens) > start:
            continue  # the cue does not trail its content, or the host is not before it
        host.attributions.extend(a for a in contents[0].attributions if a.origin == r.head)


def trailing_according(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """ "The club was paid $29 and the firm was paid $35, according to tax records": the
    parser hung "according to" on the last clause; closing the sentence after a comma, it
    reports every clause coordinated before it (none with a report of its own)."""
    info = _info(doc)
    by_head = {c.head: c for c in clauses}
    for c in clauses:
        h = c.head
        if c.kind != "according" or not c.is_cue:
            continue
        first, last = info.doc[h].left_edge.i, info.doc[h].right_edge.i
        if (
            first == 0
            or info.words[first - 1] != ","
            or any(not info.punct[t] for t in range(last + 1, len(info.words)))
        ):
            continue
        host = by_head.get(owner.get(info.head[h], info.head[h]))
        said = [a for a in host.attributions if a.cue is not None and a.cue[0] == h] if host else []
        if host is None or not said:
            continue
        v = host.head
        while info.dep[v] == "conj":
            v = info.head[v]
            before = by_head.get(owner.get(v, v))
            if before is None or before.is_cue or before.attributions or before.head > host.head:
                break
            before.attributions.extend(said)


_FINDING_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "study", "audit", "census"})


def poll_finding(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """ "In a new Borel Times poll, Lund leads by ten points": a sentence that opens with
    a poll or survey it comes from is that poll's finding."""
    info = _info(doc)
    first = next((k for k in range(len(info.words)) if not info.punct[k]), -1)
    if first < 0 or info.lower[first] != "in" or info.dep[first] != "prep":
        return
    pobj = next((k for k in info.kids[first] if info.dep[k] == "pobj"), -1)
    if pobj < 0 or info.lower[pobj] not in _FINDING_NOUNS:
        return
    last = info.doc[first].right_edge.i
    if last + 1 >= len(info.words) or info.words[last + 1] != "," or "," in info.words[first:last]:
        return  # (a phrase with a clause of its own is left alone)
    host = next((c for c in clauses if c.head == owner.get(info.head[first], info.head[first])), None)
    if host is None or host.kind != "ROOT" or host.is_cue or host.attributions:
        return
    if info.lower[host.head] in lx.STANCE_VERBS or info.lower[host.head] in lx.CUE_VERBS:
        return  # "In a recent study, a labor group found ...": the group's finding, through the study
    end = pobj + 1  # "a Borel Times poll" (not "last month", nor ", which was taken in May")
    src = (info.doc[pobj].left_edge.i, end)
    host.attributions.append(Attribution(source=src, cue=(first, first + 1), chain=[src], origin=first))
    host.tokens = [t for t in host.tokens if not first <= t <= last + 1]  # the claim is what follows


def colon_quotation(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> Attribution | None:
    """'Lee has since apologized for the mistake: "Yes, I should have ..."': a quotation
    opened right after a colon that ends a clause with a person or body as its subject
    is that subject's words, with the colon as the cue. Attributes the clauses after the
    colon and returns the attribution (None when there is none); when no clause follows
    in this unit the quotation opens the next sentence."""
    info = _info(doc)
    words, n = info.words, len(info.words)
    q = next(
        (
            i
            for i in range(1, n - 1)
            if words[i] == ":"
            and (words[i + 1] in lx.QUOTE_OPEN or words[i + 1] == '"' or info.tag[i + 1] == "``")
        ),
        -1,
    )
    if q < 0:
        return None
    by_head = {c.head: c for c in clauses}
    # The top of what stands before the colon.
    root = q - 1
    for _ in range(n):
        if info.head[root] == root or info.head[root] > q:
            break
        root = info.head[root]
    if info.head[root] != root:
        return None  # the parser hung it on the quotation: what it inherits is not known
    host = by_head.get(owner.get(root, -1))
    if host is None or host.is_cue or host.attributions or host.head > q:
        return None
    subj = next((k for k in info.kids[host.head] if info.dep[k] == "nsubj" and k < q), -1)
    if subj < 0 or not _is_agent(info, subj) or info.lower[subj] in ("it", "this", "that", "there"):
        return None
    src = _np_range(doc, subj, _source_exclusions(doc, set(by_head), doc[subj]))
    att = Attribution(source=src, cue=(q, q + 1), chain=[src], origin=host.head)
    later = [
        c
        for c in clauses
        if min((t for t in c.tokens if not info.punct[t]), default=-1) > q
        and not c.is_cue
        and not c.attributions
    ]
    for c in later:
        if owner.get(info.head[c.head], c.head) not in {x.head for x in later} - {c.head}:
            c.attributions.insert(0, att)
    return att


def made_it_clear(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """ "The minister made it clear that taxes would rise": "made it clear/plain/known"
    is a cue like "said", its subject the source, the that-clause what was said; also
    without the "it" ("made clear on Monday that ...")."""
    info = _info(doc)
    by_head = {c.head: c for c in clauses}
    for c in clauses:
        v = c.head
        if info.lower[v] not in _MAKE or c.is_cue or c.attributions:
            continue
        adj = next((k for k in info.kids[v] if info.lower[k] in _MADE_CLEAR and k > v), -1)
        subj = next((k for k in info.kids[v] if info.dep[k] == "nsubj" and k < v), -1)
        if adj < 0 or subj < 0:
            continue
        if adj != v + 1 and not any(info.lower[k] == "it" for k in range(v + 1, adj)):
            continue
        contents = [
            k
            for k in (*info.kids[adj], *info.kids[v])
            if k > adj
            and k in by_head
            # (the parser sometimes hangs "that" on the clause as an adverb)
            and (_has_that(info, k) or info.lower[doc[k].left_edge.i] == "that")
            and not by_head[k].attributions
        ]
        if not contents:
            continue
        src = _np_range(doc, subj, _source_exclusions(doc, set(by_head), doc[subj]))
        c.is_cue = True
        for k in contents:
            by_head[k].attributions.append(Attribution(source=src, cue=(v, adj + 1), chain=[src], origin=v))


_MAKE = frozenset({"make", "makes", "made", "making"})
_MADE_CLEAR = frozenset({"clear", "plain", "known", "obvious"})


def _name_set_off_before_cue(info: _Info, q: int, end: int) -> tuple[list[int], int] | None:
    """'"...," Mr. Lund, now 81 and retired in Lima, Ohio, said by telephone.': a name
    right after the closing mark, an aside set off by commas, then the cue (the parser
    lost the link in the aside). The name's words and the cue, or None."""
    words = info.words
    first = q + 1
    while first < end and (info.punct[first] or not words[first].strip()):
        first += 1
    k = _proper_nouns_end(info, first, end)
    name = list(range(first, k))
    if not name or k >= end or words[k] != ",":
        return None
    for c in range(k + 1, end):
        if info.lower[c] in lx.CUE_VERBS and info.verbal[c]:
            if words[c - 1] != "," or any(info.dep[x] == "nsubj" for x in info.kids[c]):
                return None
            return name, c
    return None


def _speaker_before_cue(info: _Info, words: list[int], cue: int) -> list[int]:
    """The words before ``cue`` when they hold its subject and no verb follows it: in
    '"...," the minister told parliament' and "Rep. Jane Doe, R-Pa., said of the parties."
    what follows the cue is whom or what it was said to or of. Empty otherwise."""
    before = [i for i in words if i < cue]
    if not any(info.dep[i] == "nsubj" and info.head[i] == cue for i in before):
        return []
    if any(info.verbal[i] and info.dep[i] not in _DESCRIBING for i in words if i > cue):
        return []  # (a participle describing a noun is no verb of its own: "an interview aired on Monday")
    return before


_DESCRIBING = frozenset({"acl", "amod", "relcl"})


def _tail_attribution(doc: Doc, clauses: list[Clause], owner: dict[int, int]) -> None:
    """'"...," added Lund.' / '"...," the minister said.' when the parser missed the
    link: a short "cue + name" tail after a closing quote attributes the quotation."""
    info = _info(doc)
    punct, words = info.punct, info.words
    n = len(doc)
    end = n
    while end > 0 and punct[end - 1] and words[end - 1] not in _QUOTE_CLOSERS:
        end -= 1
    q = next((i for i in range(end - 1, max(end - 24, 0) - 1, -1) if words[i] in _QUOTE_CLOSERS), None)
    if q is None:
        return
    tail = [i for i in range(q + 1, end) if not punct[i] and words[i].strip()]
    if not tail:
        return
    if len(tail) > 8:
        named = _name_set_off_before_cue(info, q, end)
        if named is None:
            return
        name, cue = named
    else:
        # A verb: "referring to the Northern Front State" and "a failed state" end in a noun.
        cues = [
            i
            for i in tail
            if info.verbal[i] and (info.lower[i] in lx.CUE_VERBS or info.lower[i] in lx.QUOTE_TAIL_VERBS)
        ]
        if len(cues) != 1:
            return
        cue = cues[0]
        name = _speaker_before_cue(info, tail, cue) or [i for i in tail if i != cue]
    if not name or any(not _name_word(words[i]) for i in name):
        return
    if any(info.tag[i] == "TO" or info.verbal[i] for i in name):
        return  # '"...," pledging to tour every state': a purpose, no speaker
    if name != list(range(name[0], name[-1] + 1)):
        return
    by_head = {c.head: c for c in clauses}
    tail_clauses = {owner[i] for i in tail}
    if any(by_head[h].is_cue for h in tail_clauses):
        return  # the parse already linked it
    src = (name[0], name[-1] + 1)
    att = Attribution(source=src, cue=(cue, cue + 1), chain=[src], origin=owner[cue])
    for h in tail_clauses:
        tc = by_head[h]
        tc.is_cue = True
        host = owner.get(info.head[h], h)
        inside = [t for t in tc.tokens if t < q]
        if inside and host in by_head and host < q:
            # '"... not as an act, but as part of a campaign," X told Y': the parser hung
            # the quotation's end on the cue; it is the quotation's.
            by_head[host].tokens = sorted(by_head[host].tokens + inside)
            tc.tokens = [t for t in tc.tokens if t >= q]
            for t in inside:
                owner[t] = host
    if len(tail) > 8:
        # The aside about the speaker ("now 81 and retired in Lima") is the cue's side:
        # one "X said" clause, no claim of its own.
        keep = by_head[owner[cue]]
        for h in tail_clauses - {keep.head}:
            tc = by_head[h]
            keep.tokens = sorted(keep.tokens + [t for t in tc.tokens if t > q])
            for t in tc.tokens:
                if t > q:
                    owner[t] = keep.head
            tc.tokens = [t for t in tc.tokens if t <= q]
            if not tc.tokens:
                clauses.remove(tc)
        tail_clauses = {keep.head}
    for c in clauses:
        if c.head >= q or c.head in tail_clauses:
            continue
        parent = owner.get(doc[c.head].head.i, c.head)
        if parent == c.head or parent in tail_clauses or parent >= q:
            c.attributions.insert(0, att)


def _opens_with_that(info: _Info, h: int) -> bool:
    """The clause headed by ``h`` opens with the complementizer "that" (also when the
    parser took it for an object: "warnings that it would rise")."""
    first = info.doc[h].left_edge.i
    return (
        _has_that(info, h)
        or info.lower[first] == "that"
        and info.tag[first] == "IN"
        and info.head[first] == h
    )


def _made_the_case(info: _Info, noun: int) -> bool:
    """ "made the case that X": "case" as the object of "make" is a saying noun."""
    return info.lower[noun] == "case" and info.dep[noun] == "dobj" and info.lower[info.head[noun]] in _MAKE


def _noun_cues(doc: Doc, clauses: list[Clause], by_head: dict[int, Clause]) -> None:
    """ "Holt came to the conclusion that the figures were wrong", "the council's
    statement that ...": a that-clause of a saying/believing noun is attributed to the
    subject of the verb above the noun (or to the noun's possessor)."""
    info = _info(doc)
    for c in clauses:
        h = c.head
        if c.attributions or not _opens_with_that(info, h):
            continue
        if info.lower[info.head[h]] not in lx.CUE_NOUNS and not _made_the_case(info, info.head[h]):
            continue
        noun = doc[info.head[h]]
        if no_such_noun(info, noun.i):
            continue  # "there is no assurance that the mill can reopen": nobody assured anything
        src_tok = next((x for x in noun.children if x.dep_ == "poss" and x.tag_ != "PRP$"), None)
        cur = noun
        for _ in range(4):
            if src_tok is not None or cur.head.i == cur.i:
                break
            if cur.dep_ == "pobj" and cur.head.lower_ not in ("to", "at", "in"):
                break  # "results from the belief that ...", "took issue with the suggestion that ...": not the subject's
            link = cur.dep_
            cur = cur.head
            if info.verbal[cur.i] and link not in ("dobj", "attr", "prep", "nsubj", "nsubjpass"):
                break  # a noun the parser coordinated with a verb has no holder there
            if info.verbal[cur.i]:
                if _cue_lemma(info, cur.i) in lx.DENIAL_CUES:
                    break  # "dismissed claims that ...": the denial rules handle it
                src_tok = next((x for x in cur.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if src_tok is None and cur.dep_ in ("conj", "xcomp"):
                    src_tok = _host_subject(cur)  # ("sought to make the case")
                break
        if src_tok is None or src_tok.lower_ in ("it", "there"):
            continue
        src = _np_range(doc, src_tok.i, set())
        c.attributions.append(Attribution(source=src, cue=(noun.i, noun.i + 1), chain=[src], origin=noun.i))
        verb = noun.head.i
        host = by_head.get(verb)
        if (
            host is not None
            and noun.dep_ == "dobj"
            and src_tok.head.i == verb
            and all(info.dep[k] in _SAYING_SIDE for k in info.kids[verb] if k != noun.i)
        ):
            host.is_cue = True  # "Lund made the case | that ...": the "X said" side, no claim


# What a verb whose object is a saying noun may have beside it and still be only the
# "X said" side: "Lund (then) repeated his accusation that ...".
_SAYING_SIDE = frozenset({"nsubj", "aux", "advmod", "neg", "punct", "prt", "cc"})


def _participle_read_as_content(info: _Info, cue: int, contents: list[int]) -> int:
    """ "Borel Inc, reporting a net loss for the quarter, said orders remain strong": the
    parser made the participle set off by commas before the cue a second reported
    clause, with the firm as its subject. It is no content (it leaves ``contents``); its
    subject is the speaker, returned (-1 when there is no such participle)."""
    for ct in contents:
        if ct > cue or info.tag[ct] != "VBG":
            continue
        subj = _participle_subject(info, ct)
        if subj >= 0 and _last_word(info, ct, ct) == _end_before(info, cue):
            contents.remove(ct)
            return subj
    return -1


def _speaker_hung_as_apposition(
    info: _Info, cue: int, contents: list[int], clauses: list[Clause], owner: dict[int, int]
) -> int | None:
    """ "Acme hopes to sell its branch in Lima, Peru, a spokesman for the parent group
    said.": the parser made the speaker an apposition inside the content. The noun
    phrase that ends right before a subjectless cue ending the sentence, after a comma,
    hung as an apposition, is the speaker; it leaves the content's clause. Returns its
    head, or None."""
    if cue == 0 or any(not info.punct[t] for t in range(cue + 1, len(info.words))):
        return None
    end = _end_before(info, cue)  # "..., Peru's trade minister, Ana Vega, said."
    k = end
    while info.head[k] != k and info.head[k] < cue and info.dep[k] != "appos" and info.head[k] > 0:
        k = info.head[k]
    while info.dep[k] == "appos" and info.dep[info.head[k]] == "appos" and info.head[k] < k:
        k = info.head[k]  # "Peru's trade minister, Ana Vega": the title and the name
    if info.dep[k] != "appos" or not info.tag[k].startswith("NN"):
        return None
    left = info.doc[k].left_edge.i
    if left == 0 or info.words[left - 1] != "," or _last_word(info, k, k) != end:
        return None
    if not any(left > ct for ct in contents):
        return None
    span = set(range(left - 1, cue))
    for c in clauses:
        if owner.get(k) == c.head:
            c.tokens = [t for t in c.tokens if t not in span]
    return k


def _trails(doc: Doc, t: Token) -> bool:
    """ "\"...,\" he said." : the cue clause closes the unit after a comma or quote."""
    after = [x for x in doc[t.right_edge.i + 1 :] if not x.is_punct]
    if after:
        return False
    if any(
        c.dep_ == "mark" and c.lower_ != "as" or c.tag_ in ("WRB", "WDT") and c.i < t.i for c in t.children
    ):
        # "..., while the deficit countries agreed to ...", "..., when the rand threatened
        # to fall": a clause of its own
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
        if reports_nothing(info, h):
            # "That said, ...", "you know, ...", "..., which means that X" (X is the
            # writer's): neither report nor claim. (Before the cue-word test below:
            # "means" is no cue.)
            c.is_cue = True
            continue
        if (
            c.kind not in ("according", "prep")
            and lower[h] not in lx.CUE_VERBS
            and not (info.verbal[h] and _reports_that(info, h))
            and lower[h] not in lx.INTRO_VERBS
            and lower[h] not in ("citing", "quoting")
            and h not in cue_adj_of
            and not _as_one_put_it(info, h)
        ):
            continue
        if is_condition(info, c):
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
            acc_src = _np_range(doc, pobj.i, _source_exclusions(doc, heads, pobj))
            host = owner.get(t.head.i, t.head.i)
            if host not in by_head or host == c.head:
                continue
            c.is_cue = True
            by_head[host].attributions.append(
                Attribution(source=acc_src, cue=(t.i, nxt + 1), chain=[acc_src])
            )
            continue
        if c.kind == "prep":
            # "with Ortiz stating: ...": the gerund is the cue.
            t = next((x for x in t.children if x.dep_ == "pcomp"), t)
        if t.lower_ in ("citing", "quoting") and c.kind in ("advcl", "acl", "conj"):
            # "According to Borel Radio, quoting Lund, ...": a further link, not a claim.
            obj = next((g for g in t.children if g.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                c.is_cue = True
                citing.append((c, _np_range(doc, obj.i, set())))
                continue
        ti = t.i
        if participle_after_comma(info, ti) or describes_a_noun(info, ti):
            continue
        lemma = _cue_lemma(info, ti)
        if lemma is None and lower[ti] in lx.INTRO_VERBS and _intro_mark(doc, t) >= 0:
            lemma = lx.INTRO_VERBS[lower[ti]]
            if lemma in lx.MANNER_OF_SPEAKING and any(dep[k] == "mark" for k in kids[ti]):
                continue  # "Lund smiled as the heckler yelled: ...": no report of the host
        if lemma is None and _as_one_put_it(info, ti):
            lemma = "put it"
        cue_tok = t
        if lemma is None:
            # "Berg was confident the guild would keep its prices": the adjective is
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
        if lower[cue_tok.i] in lx.KNOWING_VERBS:
            # "I know what a fair price is": a question one knows the answer to is no claim.
            contents = [ch for ch in contents if not opens_question(info, ch)]
        participle_subject = _participle_read_as_content(info, ti, contents)
        if not contents:
            contents = [x.i for x in _that_clauses(doc, t, heads)]
        quoted_as = _quoted_as_saying(info, ti) if not contents else -1
        if quoted_as >= 0:
            # "The paper quoted Lund as saying the deal was dead": what Lund said, by way
            # of the paper (the next link of the chain, as "citing" is).
            contents = [k for k in kids[quoted_as] if dep[k] == "ccomp" and k in heads]
        nominal: tuple[int, int] | None = None
        nominal_subject = False
        if not contents and lemma in lx.DENIAL_CUES:
            # "dismissed rumors of Lund fleeing" / "denied reports that ..." / "denied taking".
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
            # "As he considered a run, ...": a verb with its own object reports nothing.
            and (
                lower[ti] in lx.ADDRESSEE_VERBS
                or lemma == "put it"
                or not any(dep[k] == "dobj" for k in kids[ti])
            )
        ):
            # "As Lund told the newspaper, ozone has dropped": the host is the content.
            if any(dep[k] == "nsubj" and lower[k] in ("i", "we") for k in kids[ti]):
                # "As we have said since May, the senator ...": the speaker repeating
                # themself, no new report. Inside a quotation the aside stays with the
                # quoted claim; the writer's own ("As we reported, ...") is no claim.
                if not _quoted(info, ti):
                    c.is_cue = True
                continue
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
                # ("..., as polls show the senator ahead": a clause with its own object)
                and (
                    lower[ti] in lx.ADDRESSEE_VERBS or not any(dep[k] == "dobj" and k > ti for k in kids[ti])
                )
            ):
                parataxis_host = owner.get(t.head.i, t.head.i)
            else:
                continue
        # The source: the verb's subject, or the host's subject for participles.
        subjects = [ch for ch in kids[ti] if dep[ch] == "nsubj"]
        # '"...," said Berg': the subject right after an inverted cue.
        subj_i = next((x for x in subjects if x > ti), None) if len(subjects) > 1 else None
        if subj_i is None and subjects:
            # Several before it ("MACAU (Reuters) - Acme Chairman Tom Lund said"):
            # the nearest; a dateline parsed as a subject is further away.
            subj_i = subjects[-1]
        borrowed = False
        if subj_i is None and (
            info.tag[ti] == "VBG"
            and dep[ti] in ("advcl", "xcomp")
            or _gerund_of_act(info, ti)
            or dep[ti] == "conj"
            or dep[ti] == "advcl"
            and info.tag[ti] in ("VBD", "VBZ")
            and any(dep[k] == "mark" for k in kids[ti])
        ):
            # "X ..., insisting ...", "X tweeted and said ...", "X said ..., although said
            # ...": the host verb's subject.
            host_subj = _host_subject(t)
            if host_subj is not None and info.tag[ti] == "VBG":
                host_subj = _speaker_going_on(info, ti, host_subj)
            subj_i = None if host_subj is None else host_subj.i
            borrowed = True
            if host_subj is not None:
                # "Acme <ACME.Z> reported ... and said": the host's subjects, read as one
                # name like the verb's own below.
                host_subjects = [ch for ch in kids[host_subj.head.i] if dep[ch] == "nsubj"]
                if host_subj.i in host_subjects:
                    subjects, subj_i = host_subjects, host_subjects[-1]
        if subj_i is None:
            agent = next((ch for ch in kids[ti] if dep[ch] == "agent"), None)
            if agent is not None:
                subj_i = next((g for g in kids[agent] if dep[g] == "pobj"), None)
        if subj_i is None:
            subj_i = _subject_in_fronted_phrase(info, ti)
        if subj_i is None and participle_subject >= 0:
            subj_i = participle_subject
        if subj_i is None and contents and lemma in lx.SPEECH_CUES:
            subj_i = _speaker_hung_as_apposition(info, ti, contents, clauses, owner)
        if subj_i is None and contents:
            subj_i = _name_after_inverted_cue(info, ti)
        if subj_i is None and quoted_as >= 0:
            # "Lund was quoted in the paper as saying ...": the one quoted said it.
            subj_i = next((k for k in kids[ti] if dep[k] == "nsubjpass"), None)
        if subj_i is not None and (
            lower[subj_i] == "there"
            or lower[subj_i] == "it"
            and (
                dep[subj_i] != "nsubj"
                or lemma not in lx.SPEECH_CUES
                and lemma not in lx.IT_HOLDS
                and quoted_as < 0  # "It quoted Lund as saying": the paper
            )
        ):
            # "it is said that", "it seems" have no source ("It said" and "It expects" do:
            # the company).
            subj_i = None
        chain: list[tuple[int, int]] = []
        src: tuple[int, int] | None = None
        if subj_i is not None:
            subj = doc[subj_i]
            excl = _source_exclusions(doc, heads, subj)
            src = _np_range(doc, subj_i, excl)
            if subjects and subj_i == subjects[-1]:
                src = _split_subject(info, heads, subjects, src)
            src = _without_time(info, _after_fronted_phrase(info, _with_brackets(info, src)))
            chain.append(src)
            if quoted_as >= 0:
                quoted = next((k for k in kids[ti] if dep[k] == "dobj"), -1)
                if quoted >= 0:
                    chain.append(_np_range(doc, quoted, set()))
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
        elif lemma == "put it":
            cue = (ti, ti + 2)
        stance: Stance = "denied" if lemma in lx.DENIAL_CUES else "asserted"
        if lemma in lx.NEG_RAISING_CUES and _negated(info, cue_tok.i):
            # "I don't think I'm divisive" denies being divisive; so does "no longer think".
            stance = "asserted" if stance == "denied" else "denied"
        if (
            contents
            and (src is None or lower[src[0]] in ("nobody", "none", "no"))
            and all(opens_question(info, ct) for ct in contents)
        ):
            # "(missions) to determine what the needs are", "Nobody knows how it started":
            # a question nobody is asking or answering is the writer's, with its clause.
            continue
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
    if up != h and depth < 50:
        ph = owner.get(up, up)
        if ph in by_head and by_head[ph].is_cue and c.kind == "advcl" and h < ph:
            # "A rose, while B fell, figures show": the parser hung the second half of
            # what was reported on the trailing cue.
            said = next(
                (
                    x
                    for x in by_head
                    if x < h and info.head[x] == ph and by_head[x].kind == "ccomp" and by_head[x].attributions
                ),
                -1,
            )
            if said >= 0:
                ph = said
        # '"Don't run," he said, when a child seemed to slip': when it was said, not
        # what (an outer report of it still holds).
        when_said = (
            ph in by_head
            and by_head[ph].is_cue
            and c.kind == "advcl"
            and h > ph
            and any(dep[m] in ("mark", "advmod") and lower[m] in _SAID_WHEN and m < h for m in info.kids[h])
        )
        if ph in by_head and ph != h and not (by_head[ph].kind == "according" and by_head[ph].is_cue):
            # (A clause inside "according to X ..." describes the source, it is not content.)
            parent = _chain_of(info, by_head, owner, out, ph, depth + 1)
            if when_said:
                parent = [a for a in parent if a.origin != ph]
            if aside and any(a.cue[0] < h for a in parent):
                # Only a concession before the cue is inside what was said ("A, although
                # B, the ministry said").
                parent = []
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


def _is_pronoun(doc: Doc, rng: tuple[int, int] | None) -> bool:
    return rng is not None and rng[1] - rng[0] == 1 and doc[rng[0]].lower_ in _THIRD_PERSON


def resolve_attribution(
    doc: Doc, atts: Sequence[Attribution]
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, Stance, list[tuple[int, int]]]:
    """(source, cue, stance, chain) from the attributions around a clause, outermost first.

    The source is the speaker whose cue governs the claim most directly ("According
    to Borel Radio, Ortiz believes X": Ortiz; the outer link is the separate claim
    "Ortiz believes X" sourced to Borel Radio), unless that is only a pronoun or
    missing and an outer speaker is named ("The insurgents stated they ...,
    declaring ..."). The chain is that attribution's own chain: the source, then whom
    it cites.
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


_CITING = frozenset({"citing", "quoting"})


def _nested_report(info: _Info, h: int, clauses: list[Clause], outer: list[Attribution]) -> list[int]:
    """Tokens of "Ortiz believes X" in "According to Borel Radio, Ortiz believes X": the cue
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


def _cue_read_as_a_noun_at_the_end(
    info: _Info,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, tuple[int, int] | None]:
    """ "Old ballots can be destroyed, state court rules.": a headline's closing cue
    the tagger read as a plural noun ("rules/NNS"), after a comma and a short noun
    phrase. (source, cue, content) ranges, or Nones."""
    none = (None, None, None)
    words = [i for i in range(len(info.words)) if not info.punct[i] and info.words[i].strip()]
    if len(words) < 6:
        return none
    k = words[-1]
    if info.lower[k] not in lx.HEADLINE_CUES or info.tag[k] not in ("NNS", "NNPS", "VBZ") or info.verbal[k]:
        return none
    comma = max((i for i in range(k) if info.words[i] == ","), default=-1)
    phrase = range(comma + 1, k)
    if comma < 3 or not 1 <= len(phrase) <= 4 or any(info.punct[i] for i in phrase):
        return none
    if any(not info.tag[i].startswith(("NN", "JJ", "DT")) for i in phrase):
        return none
    if not any(info.verbal[i] for i in range(comma)):
        return none
    return (comma + 1, k), (k, k + 1), (0, comma)


def headline_claim(doc: Doc) -> RawClaim | None:
    """Attribution in headline form, where a parse of title case cannot be trusted:
    "Holt: Voters ...", "Said Okafor: ...", "Lund Says Berg Would ...",
    "Berg Is Fit To Serve, Former Team Doctor Says". One claim (the
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
            cue, first = (0, 1), 1  # "Said Okafor: ..."
        else:
            cue = (colon, colon + 1)
        to = next((i for i in range(first + 1, min(colon, first + 4)) if words[i] == "To"), -1)
        # "Lund To Voters Worried About the Vote: It Will Be Fine": the speaker before "To".
        colon_src_end = to if to > 0 and _name_run(info, first, to) else colon
        name = " ".join(lower[first:colon_src_end])
        if (
            _name_run(info, first, colon_src_end)
            and name not in lx.HEADLINE_LABELS
            and lower[colon - 1] not in lx.HEADLINE_LABELS
        ):
            src, content = (first, colon_src_end), (colon + 1, n)
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
    if src is None and not title:
        src, cue, content = _cue_read_as_a_noun_at_the_end(info)
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
    if not 2 <= len(words) <= 12 or info.words[0] in _QUOTE_CLOSERS:
        return None
    cues = [
        i
        for i in words
        if info.verbal[i]
        and (info.lower[i] in lx.CUE_VERBS or info.lower[i] in lx.QUOTE_TAIL_VERBS)
        and info.dep[i] not in _DESCRIBING  # "in an interview aired on Monday"
    ]
    if len(cues) != 1:
        return None
    cue = cues[0]
    name = _speaker_before_cue(info, words, cue)
    if not name:
        if len(words) > 7:
            return None
        name = [i for i in words if i != cue]
    # One run of words (commas aside: "Rep. Jane Doe, R-Pa.,") right before or after the cue.
    if [i for i in words if name[0] <= i <= name[-1]] != name:
        return None
    if cue != name[0] - 1 and [i for i in words if i > name[-1]][:1] != [cue]:
        return None
    if not all(_name_word(info.words[i]) for i in name) or info.dep[cue] != "ROOT":
        return None
    if not any(info.dep[i] in ("nsubj", "nsubjpass") for i in name):
        return None
    src = (name[0], name[-1] + 1)
    return Attribution(source=src, cue=(cue, cue + 1), chain=[src])
