"""Stance cues (``stance_cues``): intentions, evaluations, requests and positions are
their subject's, as a fact-checker (and PolNeAR) reads them: "The governor wants | to
raise the minimum wage", "The senator criticized | the plan for its cost", "The mayor
called for | a curfew", and a cue verb with a noun object ("announced new controls").
Run by ``rules.rule_stance`` after the cue verbs. Which verbs are stance cues is decided
by the listed ``lexicon.STANCE_VERBS`` together with a learned model (``cue_model``): it
vetoes a listed verb that is not a cue in its context and accepts unlisted ones.
"""

from __future__ import annotations

from spacy.tokens import Doc

from . import lexicon as lx
from .attribution import _host_subject, _source_exclusions
from .clauses import Attribution, Clause, _is_past, infinitive_continued, is_condition, participle_after_comma
from .cue_model import decide
from .repairs import _speaks
from .tokens import _has_to, _Info, _info, _is_holder, _np_range

# Subjects that are not sources of a stance: dummies, relatives, the writer and reader.
_NO_STANCE_SUBJECT = frozenset({"it", "there", "this", "that", "what", "which", "i", "we", "you"})
# Complements of a stance verb, and prepositions that belong to its cue ("called for").
_STANCE_COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "dative", "oprd"})
# Prepositions completing an object: "accused X of Y", "blamed X for Y", "described X as Y".
_OBJ_PREPS = frozenset({"of", "for", "as", "against", "about", "over", "on", "to", "into", "with"})
_CUE_PREPS = frozenset({"for", "on", "against", "about", "to", "at", "of", "over"})
# Verbs of asking someone to act, whose infinitive after the object the parser may hang
# on the verb as a purpose: "pressed the council | to approve the budget".
_ASKING = frozenset(
    {
        "urge",
        "ask",
        "press",
        "push",
        "pressure",
        "implore",
        "lobby",
        "encourage",
        "persuade",
        "order",
        "challenge",
    }
)


def _stance_verb(info: _Info, h: int) -> int:
    """The stance verb of a clause: its head, or a verb in the head's infinitive chain
    ("tried to defend", "is aiming to expand"); -1 if none."""
    cur = h
    if info.dep[h] == "conj" and info.lower[h] in lx.STANCE_VERBS and _second_act_of_a_speaker(info, h):
        return h
    for _ in range(3):
        if info.verbal[cur]:
            # A listed verb decides for its chain, also when the model vetoes it.
            verdict = decide(info, cur)
            if verdict is not None:
                return cur if verdict else -1
        nxt = next((k for k in info.kids[cur] if info.dep[k] == "xcomp" and info.verbal[k]), -1)
        if (
            nxt < 0
            or info.lower[cur] in lx.OBJECT_CONTROL_VERBS
            and any(info.dep[k] == "dobj" for k in info.kids[cur])
        ):
            return -1  # ("to force Berg | to contemplate it": Berg's, not the subject's)
        cur = nxt
    return -1


def _second_act_of_a_speaker(info: _Info, v: int) -> bool:
    """``v`` is joined to a verb of saying with a subject of its own: "told a
    conference that X and urged Y" (the model, which reads the verb above, would veto
    a second act after "told")."""
    cue = info.head[v]
    return (
        cue < v
        and _speaks(info, cue)
        and any(info.dep[k] == "nsubj" for k in info.kids[cue])
        and not any(info.dep[k] in ("nsubj", "nsubjpass") for k in info.kids[v])
    )


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
        if is_condition(info, c):
            continue
        v = _stance_verb(info, h)
        if v < 0 or participle_after_comma(info, v):
            continue
        if any(lower[k] == "what" and k < v and dep[k] in ("dobj", "nsubj", "nsubjpass") for k in kids[v]):
            continue  # "what she called a cover-up": a name for the object of the clause above
        cue_end = v + 1
        prt = [k for k in kids[v] if dep[k] == "prt" and k == v + 1]
        if prt:
            cue_end = prt[0] + 1
        only = lx.PREP_STANCE.get(lx.STANCE_VERBS.get(lower[v], lower[v]))
        if only is not None:
            # "spoke about X": the preposition is part of the cue, its object the content.
            k = cue_end if cue_end < len(lower) and dep[cue_end] == "prep" else -1
            if prt and lower[prt[0]] == "out":
                only = only | {"for"}  # "spoke out for X", "lashed out for"
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
                or _for_clause(info, k, cue_end)
                or _asked_to(info, v, k)
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
        elif _for_clause(info, first, cue_end):
            cue_end += 1  # "called for | all parties to publish their budgets"
            start = cue_end
        # (with bare verbs that continue the content's infinitive: "promised measures to
        # boost demand, | increase imports and cut the surplus")
        more = [k for k in kids[v] if dep[k] == "conj" and infinitive_continued(info, k) >= 0]
        end = max(doc[k].right_edge.i for k in comps + more) + 1
        end = _before_trailing_occasion(info, first, end)
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
        if lower[v] not in lx.EVIDENCE_VERBS and not _is_holder(info, subj):
            continue
        src = _np_range(doc, subj, _source_exclusions(doc, set(by_head), doc[subj]))
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


def _before_trailing_occasion(info: _Info, first: int, end: int) -> int:
    """Where a stance's content ends when an adverbial clause of occasion closes it:
    "Lund sought to calm the crowd | as she walked to the stage" (her aim is to calm the
    crowd; that she walked there is the writer's account). Only a clause in the past
    tense: one still to come is part of the aim ("... when she takes office")."""
    for k in range(first + 1, end):
        if info.dep[k] != "advcl" or not info.verbal[k]:
            continue
        marks = [m for m in info.kids[k] if info.dep[m] == "mark" and info.lower[m] in lx.OCCASION_MARKS]
        if not marks or not _is_past(info, k):
            continue  # ("wants to cut taxes when she takes office": part of the aim)
        left = info.doc[k].left_edge.i
        if left <= first or left != marks[0] or info.doc[k].right_edge.i + 1 != end:
            continue
        while left > first and info.punct[left - 1]:
            left -= 1
        return left
    return end


def _asked_to(info: _Info, v: int, k: int) -> bool:
    """``k`` is the infinitive right after the object of a verb of asking: "pressed the
    council | to approve the budget" (what they are asked to do, not why they were)."""
    if info.dep[k] != "advcl" or lx.STANCE_VERBS.get(info.lower[v]) not in _ASKING:
        return False
    if not _has_to(info, k):
        return False
    obj = [o for o in info.kids[v] if info.dep[o] == "dobj"]
    return bool(obj) and info.doc[obj[0]].right_edge.i + 1 == info.doc[k].left_edge.i


def _for_clause(info: _Info, k: int, cue_end: int) -> bool:
    """``k`` heads a for-to clause right after the verb: "called for | all parties to
    publish their budgets" (the parser hangs it on the verb as an adverbial clause)."""
    return (
        info.dep[k] == "advcl"
        and cue_end < k
        and info.lower[cue_end] == "for"
        and info.dep[cue_end] == "mark"
        and info.head[cue_end] == k
        and _has_to(info, k)
    )
