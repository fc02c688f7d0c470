"""Clause-level claims of one parsed unit (a sentence, or a chunk of an over-long
sentence), from its spaCy dependency parse; offsets are relative to the unit and the
engine adds the unit's start.

``extract`` runs the steps in order: a headline form (``attribution.headline_claim``),
else ``clauses.segment`` (clause heads, every token to its nearest head), the rules of
``rules.ATTRIBUTION_RULES`` (who says what), then every clause that is not the
"X said" side becomes a ``RawClaim`` grounded in the run of its tokens around the head,
with the governing attribution and a readable text (``claim_text``), one claim per
coordinated proper noun. The steps across sentences are in ``discourse``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from . import lexicon as lx
from .attribution import (
    _nested_report,
    closing_tail,
    headline_claim,
    relative_antecedent,
    reports_nothing,
    resolve_attribution,
)
from .claim_text import (
    _char_range,
    _clause_span,
    _context,
    _is_imperative,
    _is_incomplete,
    _join,
    _nominal_claim,
    _pronoun_is_source,
    _text_of,
    _trailing_aside,
    coordinated_names,
    past_tense,
    relative_subject,
    with_restrictors,
)
from .clauses import Attribution, Clause, RawClaim, as_comment, segment
from .rules import ATTRIBUTION_RULES, UnitParse
from .tokens import _has_subject, _Info, _info, _subtree_range


@dataclass(slots=True)
class UnitClaims:
    claims: list[RawClaim]
    # A cue whose content continues in the next sentences ("She continued:").
    open_attribution: Attribution | None = None
    # The unit is only "the mayor shouted." after a quotation that ended the sentence
    # before it ('"Stay there!" | the mayor shouted.'): that quotation's attribution.
    closing_attribution: Attribution | None = None


# A verb's singular form, for a coordinated subject split into its names.
_SINGULAR = {"have": "has", "are": "is", "were": "was"}


def _agrees(info: _Info, v: int) -> bool:
    """``v``, right after a coordinated subject, takes its number: an auxiliary, or a
    copula without a plural noun after it ("Texas and Ohio are states" stays plural)."""
    if info.dep[v] in ("aux", "auxpass"):
        return True
    return not any(info.dep[k] == "attr" and info.tag[k] in ("NNS", "NNPS") for k in info.kids[v])


def _cue_adjunct(info: _Info, c: Clause, toks: list[int], cue: tuple[int, int] | None) -> set[int]:
    """The phrase right after a cue and before its content's subject that the parser hung
    on the content ("said | on Friday | it would sell"): it says when or where the cue
    happened, not what was said. Empty when there is none."""
    if cue is None or c.kind != "ccomp" or not toks or min(toks) != cue[1]:
        return set()
    first = min(toks)
    if info.dep[first] != "prep" or info.head[first] != c.head:
        return set()
    subj = next((k for k in info.kids[c.head] if info.dep[k] in ("nsubj", "nsubjpass")), -1)
    end = info.doc[first].right_edge.i + 1
    if subj < end:
        return set()
    lead = set(range(first, end))
    return lead if lead < set(toks) else set()


def _participle_with_holder(info: _Info, h: int, src: tuple[int, int], text: str) -> str:
    """ "X cited his ties, recalling details of a visit": the participle's claim reads
    "X recalled details of a visit", with its holder and the host's past tense."""
    word, _, rest = text.partition(" ")
    host = info.head[h]
    if info.tag[h] != "VBG" or word != info.words[h] or not rest or info.tag[host] != "VBD":
        return text
    name = _text_of(info.doc, range(*src)).split(",")[0].strip()
    return f"{name} {past_tense(word)} {rest}" if name else text


def _noun_phrase_read_as_clause(info: _Info, h: int) -> bool:
    """ "Amir Hekmati, another freed American": the parser read the determiner as a
    subject and the participle as its verb; a participle has no subject without an
    auxiliary."""
    dep, kids = info.dep, info.kids[h]
    return (
        info.tag[h] == "VBN"
        and not any(dep[k] in ("aux", "auxpass") for k in kids)
        and any(dep[k] == "nsubj" and info.tag[k] == "DT" for k in kids)
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
            if not outer or not _has_subject(info, c.head) or reports_nothing(info, c.head):
                continue
            if as_comment(info, c.head):
                continue  # "It said sales rose, as it had predicted": no claim of its own
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
            nested = report or range(*_subtree_range(doc[c.head]))
            replace = relative_subject(info, list(nested))
            if src is not None:
                # "Bankers said they expect X" -> "Bankers expect X"
                replace = _pronoun_is_source(info, list(nested), src, replace)
            text = _text_of(doc, nested, replace)
            claims.append(RawClaim(s, e, text, src, cue, stance, chain, c.head))
            continue
        if c.kind != "prep" and not any(map(verbal.__getitem__, c.tokens)):
            continue  # "because of the rain" / "including Aleppo" stay: the reason or the members
        if _noun_phrase_read_as_clause(info, c.head):
            continue  # "..., another freed American": a description, parsed as "another freed"
        h = c.head
        imperative = dep[h] in ("ROOT", "conj", "parataxis") and _is_imperative(doc, h, c.tokens)
        if lower[h] in lx.BE_FORMS and _is_incomplete(doc, h):
            continue
        src, cue, stance, chain = resolve_attribution(doc, [x for x in atts if x.nominal is None])
        ref = relative_antecedent(doc, src)
        aside = _trailing_aside(info, c) if src is not None else -1
        span = _clause_span(
            doc, c if aside < 0 else Clause(c.head, c.kind, [t for t in c.tokens if t < aside])
        )
        if span is None:
            continue
        (s, e), toks = span
        lead = _cue_adjunct(info, c, toks, cue)
        if lead:
            # "The Treasury said on Friday it would sell bonds": "on Friday" is when it said so.
            toks = [t for t in toks if t not in lead]
            s = max(s, info.idx[min(toks)])
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
        if not prefix and sum(not info.skip[t] for t in toks) < 2:
            continue  # "is" left between two clauses by a typo: no proposition
        if src is not None and own is None:
            replace = _pronoun_is_source(info, toks, src, replace)
        # (The text names which ones its nouns are: "The man arrested on Monday was released".)
        shown = with_restrictors(info, toks, clauses)
        # Only names inside the grounded span are split (not those in a stance's source).
        coord = coordinated_names(doc, [t for t in toks if s <= info.idx[t] < e])
        if coord:
            whole, parts = coord[0]
            after = whole[1]
            # (Only when the names are the subject: "shares in Peru and Chile have".)
            subject = any(info.dep[k] in ("nsubj", "nsubjpass") for k in range(*whole))
            verb = (
                _SINGULAR.get(lower[after])
                if subject and after < len(lower) and _agrees(info, after)
                else None
            )
            for pa, pb in parts:
                rep = dict(replace)
                rep.update({i: "" for i in range(whole[0], whole[1])})
                rep[whole[0]] = _text_of(doc, range(pa, pb))
                if verb is not None and info.tag[pb - 1] == "NNP":
                    rep[after] = verb  # "the World Bank and the IDB have" -> "the World Bank has"
                text = _join(prefix, _text_of(doc, shown, rep))
                claims.append(RawClaim(s, e, text, src, cue, stance, list(chain), c.head, imperative, ref))
            continue
        text = _join(prefix, _text_of(doc, shown, replace))
        if own is not None and own.borrowed and src is not None:
            text = _participle_with_holder(info, h, src, text)
        claims.append(RawClaim(s, e, text, src, cue, stance, chain, c.head, imperative, ref))
    claims.sort(key=lambda r: (r.start, r.end))
    return claims
