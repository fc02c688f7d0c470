"""The attribution rules, in the order they run on every parsed unit (``claims.extract``).

Each rule is a small named function that reads the parse and what the earlier rules
found (``UnitParse``) and records ``Attribution``s on the clauses, or marks a clause as
the "X said" side. The work of each is in ``attribution`` (cue verbs, trailing cues,
introduced content), ``stance`` (stance cues) and ``clauses`` (merging dependent
clauses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .attribution import (
    _inherited,
    _intro_mark,
    _tail_attribution,
    colon_quotation,
    coordinated_trailing_cue,
    find_attributions,
    made_it_clear,
    outer_trailing_cue,
    poll_finding,
    trailing_according,
)
from .clauses import Attribution, Clause, merge_dependent_clauses
from .stance import stance_cues


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


def rule_made_it_clear(u: UnitParse) -> None:
    """ "The minister made it clear that taxes would rise": the phrase is a cue (see
    made_it_clear)."""
    made_it_clear(u.doc, u.clauses, u.owner)


def rule_trailing_quote_cue(u: UnitParse) -> None:
    """'"We will not surrender," added the commander.' when the parse missed the link."""
    _tail_attribution(u.doc, u.clauses, u.owner)


def rule_outer_trailing_cue(u: UnitParse) -> None:
    """ "Smith said Jones kept him out, the Times reported": the trailing cue reports the
    whole report (see outer_trailing_cue)."""
    outer_trailing_cue(u.doc, u.clauses, u.owner)


def rule_coordinated_trailing_cue(u: UnitParse) -> None:
    """ "Debt rose in May, but the firm remains sound, bankers told Reuters": a trailing
    cue the parser coordinated with the first clause reports it too (see
    coordinated_trailing_cue)."""
    coordinated_trailing_cue(u.doc, u.clauses, u.owner)


def rule_trailing_according(u: UnitParse) -> None:
    """ "A was paid $29 and B was paid $35, according to tax records": a closing
    "according to" reports each coordinated clause (see trailing_according)."""
    trailing_according(u.doc, u.clauses, u.owner)


def rule_poll_finding(u: UnitParse) -> None:
    """ "In a new poll, Lund leads by ten points": the poll's finding (see poll_finding)."""
    poll_finding(u.doc, u.clauses, u.owner)


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


def rule_colon_quotation(u: UnitParse) -> None:
    """'Lee apologized for the mistake: "Yes, I should have ..."': a quotation after a
    colon that ends its subject's clause is the subject's (see colon_quotation)."""
    if u.opened or u.pending is not None:
        return
    att = colon_quotation(u.doc, u.clauses, u.owner)
    if att is None:
        return
    if any(att in c.attributions for c in u.clauses):
        u.inherited = _inherited(u.doc, u.clauses, u.owner)
    else:
        u.pending = att  # the quotation opens the next sentence


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
# where what it needs has been found (a long rule's helpers go in attribution.py, or in
# a module of their own listed in native.MODULES and the Makefile's ENGINE_MODULES).
# Headline forms are tried before all of them (attribution.headline_claim); the steps
# across sentences are in discourse.py.
ATTRIBUTION_RULES: tuple[Callable[[UnitParse], None], ...] = (
    rule_cue_verbs,
    rule_made_it_clear,
    rule_trailing_quote_cue,
    rule_outer_trailing_cue,
    rule_coordinated_trailing_cue,
    rule_trailing_according,
    rule_poll_finding,
    rule_introduced_content,
    rule_colon_quotation,
    rule_stance,
    rule_merge_dependent_clauses,
)
