"""Parse repairs: small, named corrections of mistakes the parser is known to make,
applied to each unit's Doc before any rule reads it.

A repair reads the token data (``tokens._Info``), recognises its shape and returns the
edits that mend it: (token, new head, new dependency label). ``repair`` applies them
through spaCy's own setters (``Token.head``, ``Token.dep_``), so every module, whether
it reads the token lists or spaCy tokens, sees the same repaired tree. Repairs are
rare by design: each needs strong evidence (a verb's number, say) that the parser's
reading is impossible, not just unlikely. Each has its example as a test
(tests/engine/test_repairs.py).

To add one: write a function ``(info) -> list[Edit]`` named after the mistake, with its
example in the docstring, and append it to ``REPAIRS``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from . import lexicon as lx
from .tokens import SUBJ_DEPS, _Info, finite_form, release_info, token_info

# (token, new head, new dependency label)
Edit = tuple[int, int, str]
# (token, new tag)
Retag = tuple[int, str]

# A verb form that agrees only with a singular subject ("the agency rates", "a ship was").
_SINGULAR_FORMS = frozenset({"is", "was", "has", "does", "'s", "’s"})
# Determiners that make a coordination singular ("every man and woman has").
_DISTRIBUTIVE = frozenset({"each", "every", "no", "neither", "either"})
# What an earlier verb's own complement would have been, if it had one.
_COMPLEMENTS = frozenset({"dobj", "attr", "acomp", "oprd", "dative", "ccomp", "xcomp"})


def _agrees_singular(info: _Info, v: int) -> bool:
    """The finite form of ``v`` is third person singular."""
    first = finite_form(info, v)
    return info.tag[first] == "VBZ" or info.lower[first] in _SINGULAR_FORMS


def split_subject_of_a_singular_verb(info: _Info) -> list[Edit]:
    """ "Kenya is mainly Christian and the United Nations rates it ...": the parser
    read "Christian and the United Nations" as the subject of "rates", but a
    subject joined by "and" takes a plural verb. The first noun completes the verb before
    it; the second is the later verb's subject, and "and" joins the two clauses. Also
    "said guards saw the smoke and a helicopter was sent"."""
    dep, head, kids, lower, tag = info.dep, info.head, info.kids, info.lower, info.tag
    edits: list[Edit] = []
    for s1 in range(len(dep)):
        if dep[s1] not in ("nsubj", "nsubjpass") or tag[s1] not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        v2 = head[s1]
        v1 = head[v2]
        if not s1 < v2 or v1 == v2 or not v1 < s1 or not info.verbal[v1] or not info.verbal[v2]:
            continue
        conj = [k for k in kids[s1] if dep[k] == "conj" and s1 < k < v2]
        ccs = [k for k in kids[s1] if dep[k] == "cc" and s1 < k]
        if len(conj) != 1 or len(ccs) != 1 or lower[ccs[0]] != "and" or not ccs[0] < conj[0]:
            continue
        s2, cc = conj[0], ccs[0]
        if tag[s2] not in ("NN", "NNP", "NNPS") or not _agrees_singular(info, v2):
            continue
        if any(lower[k] in _DISTRIBUTIVE for k in kids[s1] + kids[s2]):
            continue
        if lower[v1] in lx.CUE_VERBS and dep[v2] == "ccomp":
            continue  # "said Lane and Co has filed": what was said, a firm's name as its subject
        if lower[s2] in lx.FIRM_CONJUNCTS or len(info.words[s2]) == 1:
            continue  # "Smith and Sons has", "S and A is": one firm
        if any(dep[k] in _COMPLEMENTS and k != v2 for k in kids[v1]):
            continue  # the earlier verb has its complement: the first noun is no part of it
        if any(k > cc and k != s2 for k in kids[s1]):
            continue  # something after the coordination still hangs on the first noun
        label = "attr" if lower[v1] in lx.BE_FORMS else "dobj"
        edits += [(s1, v1, label), (s2, v2, dep[s1]), (cc, v1, "cc"), (v2, v1, "conj")]
    return edits


_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})


def _finite(info: _Info, v: int) -> bool:
    """``v`` is a finite verb, or has a finite auxiliary ("are expected", "must be")."""
    return info.tag[v] in _FINITE_TAGS or any(
        info.dep[k] in ("aux", "auxpass") and info.tag[k] in _FINITE_TAGS for k in info.kids[v]
    )


def _number_fits(info: _Info, noun: int, v: int) -> bool:
    """The noun can be the subject of verb ``v`` by number (a past tense or a modal fits
    either)."""
    first = finite_form(info, v)
    if info.tag[first] == "VBZ":
        return info.tag[noun] in ("NN", "NNP")
    if info.tag[first] == "VBP":
        return info.tag[noun] in ("NNS", "NNPS")
    return True


def subject_read_as_a_second_object(info: _Info) -> list[Edit]:
    """ "the city has too many bus lanes and the suburbs have too few": the parser joined
    "the suburbs" to the object "lanes" and left "have" without a subject. A finite verb
    with no subject right after a noun joined by "and"/"but" to an earlier verb's object
    takes that noun as its subject, and the two verbs are joined. The object may be a
    preposition's, also under an adjective ("remain subject to caps and exports would
    be ..."), or a complement ("named Berg chairman and the president, Ann Lee, was
    named ..."), and the noun may have an apposition."""
    dep, head, kids, lower = info.dep, info.head, info.kids, info.lower
    edits: list[Edit] = []
    for v2 in range(1, len(dep)):
        if not info.verbal[v2] or dep[v2] in ("aux", "auxpass") or not _finite(info, v2):
            continue
        if any(dep[k] in SUBJ_DEPS for k in kids[v2]):
            continue
        s2 = info.doc[v2].left_edge.i - 1
        closing: list[Edit] = []
        if s2 > 1 and info.words[s2] == "," and dep[s2 - 1] == "appos":
            # "... and the company's president, Ann Lee, was named": the comma closes the
            # apposition
            closing = [(s2, s2 - 1, "punct")]
            s2 = head[s2 - 1]
        if s2 < 0 or dep[s2] != "conj" or info.tag[s2] not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        obj = head[s2]
        v1 = head[obj]
        if dep[obj] == "pobj" and dep[v1] == "prep":
            v1 = head[v1]  # "is holding at high levels and prices are expected ..."
            if dep[v1] in ("acomp", "oprd") and not info.verbal[v1]:
                v1 = head[v1]  # "would remain subject to caps and exports would be ..."
        elif dep[obj] not in ("dobj", "attr", "oprd"):
            continue
        if not info.verbal[v1] or not v1 < obj < s2:
            continue
        ccs = [k for k in kids[obj] if dep[k] == "cc" and obj < k < s2 and lower[k] in ("and", "but")]
        if len(ccs) != 1 or not _number_fits(info, s2, v2):
            continue
        if not any(dep[k] in _COMPLEMENTS or dep[k] == "auxpass" for k in kids[v2]):
            continue  # "sells its Acme and Brent blends for $17": a noun read as a verb
        if head[v2] != v1 and head[v2] != head[v1] and head[v2] != v2:
            continue  # the verb hangs somewhere the two clauses do not share
        edits += [(s2, v2, "nsubj"), (ccs[0], v1, "cc"), (v2, v1, "conj"), *closing]
    return edits


def _speaks(info: _Info, v: int) -> bool:
    """``v`` is a verb of saying or denying ("added", "dismissed", "questioned")."""
    lemma = lx.CUE_VERBS.get(info.lower[v])
    return lemma is not None and (lemma in lx.SPEECH_CUES or lemma in lx.DENIAL_CUES or lemma == "question")


def past_tense_joined_to_a_participle(info: _Info) -> list[Edit]:
    """ "Traders said the idea had not been raised and dismissed it": the parser joined
    "dismissed" to the reported "had ... been raised", but a past tense the tagger read
    as finite cannot share a participle's auxiliaries; it is the speakers' second act,
    joined to "said"."""
    dep, head, kids, tag = info.dep, info.head, info.kids, info.tag
    edits: list[Edit] = []
    for v2 in range(len(dep)):
        if dep[v2] != "conj" or tag[v2] != "VBD":
            continue
        if any(dep[k] in SUBJ_DEPS or dep[k] in ("aux", "auxpass") for k in kids[v2]):
            continue
        v1 = head[v2]
        if tag[v1] != "VBN" or dep[v1] != "ccomp" or not any(dep[k] in ("aux", "auxpass") for k in kids[v1]):
            continue
        cue = head[v1]
        if tag[cue] != "VBD" or not cue < v1 or not any(dep[k] in ("nsubj", "nsubjpass") for k in kids[cue]):
            continue
        if not _speaks(info, cue) or not _speaks(info, v2):
            continue  # only a second report of the speaker's: "said ... and dismissed it"
        ccs = [k for k in kids[v1] if dep[k] == "cc" and v1 < k < v2]
        if [info.lower[k] for k in ccs] not in (["and"], ["but"]):
            continue  # "had not reined them in, or ended them": one alternative of the content
        if ccs[0] == v1 + 1:
            continue  # "has received and rejected an offer": one auxiliary, one object for both
        edits += [(v2, cue, "conj"), (ccs[0], cue, "cc")]
    return edits


def _below(info: _Info, k: int, top: int) -> bool:
    """Whether token ``k`` lies in the subtree of ``top`` (k itself excluded)."""
    head = info.head
    while head[k] != k:
        k = head[k]
        if k == top:
            return True
    return False


def participle_read_as_the_verb(info: _Info) -> list[Edit]:
    """ "wheat shipped earlier on credit was counted in the figures", "Ratings
    lowered include those on its notes": the parser made the participle describing the
    subject its verb, and left the real verb, right after the participle's phrase,
    without a subject. The subject goes to the real verb, the participle describes it."""
    dep, head, kids = info.dep, info.head, info.kids
    edits: list[Edit] = []
    for v1 in range(1, len(dep)):
        if info.tag[v1] not in ("VBN", "VBD") or any(dep[k] in ("aux", "auxpass") for k in kids[v1]):
            continue
        objects = _COMPLEMENTS if info.tag[v1] == "VBD" else _COMPLEMENTS - {"xcomp", "ccomp"}
        if any(dep[k] in objects for k in kids[v1]):
            continue  # ("intended to widen the base": a participle may take an infinitive)
        subj = [k for k in kids[v1] if dep[k] == "nsubj" and k < v1]
        if len(subj) != 1 or info.tag[subj[0]] not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        s1 = subj[0]
        v2 = next(
            (
                k
                for k in range(v1 + 1, len(dep))
                if info.verbal[k]
                and dep[k] not in ("aux", "auxpass")
                and (not _below(info, k, v1) or head[k] == v1 and dep[k] in ("advcl", "ccomp"))
            ),
            -1,
        )
        if v2 < 0:
            continue
        if head[v2] not in (v1, head[v1]) or dep[v2] in ("conj", "xcomp", "relcl", "acl"):
            continue  # ("rose in May and fell in June": one subject for both)
        if any(dep[k] in SUBJ_DEPS or dep[k] in ("mark", "cc") for k in kids[v2]):
            continue
        if not _finite(info, v2) or not _number_fits(info, s1, v2):
            continue
        # "The new market, intended to widen the base, was supposed to open": a participle
        # set off by commas right after its noun (only a comma may stand between them).
        set_off = (
            info.tag[v1] == "VBN"
            and info.words[v1 - 1] == ","
            and not any(info.punct[k] for k in range(s1 + 1, v1 - 1))
        )
        if not set_off and any(info.punct[k] for k in range(s1 + 1, v1)):
            continue  # "Lund, the party's secretary, ... attended": set off, not a participle of the noun
        own = {t.i for t in info.doc[v1].subtree}
        verb = {t.i for t in info.doc[v2].subtree}
        if v1 not in verb:
            own -= verb
        own = {k for k in own if k < v2}  # (what follows the verb goes to it, below)
        gap = [
            k
            for k in range(v1 + 1, v2)
            if k not in own
            and not (head[k] == v2 and dep[k] in ("aux", "auxpass", "neg", "advmod"))
            and not (set_off and info.words[k] == "," and head[k] in (v2, s1))
        ]
        if info.tag[v1] == "VBD" and (max(own) + 1 != v2 or dep[v2] not in ("advcl", "ccomp")):
            continue  # a past tense is the verb unless the next verb follows at once ("Ratings lowered include")
        if gap or any(info.punct[k] or dep[k] == "cc" for k in own if k > v1):
            continue
        label = "nsubjpass" if any(dep[k] == "auxpass" for k in kids[v2]) else "nsubj"
        top = v2 if head[v1] == v1 else head[v1]
        up_label = "ROOT" if head[v1] == v1 else dep[v1]
        # (in this order: the subject leaves the participle before the participle hangs on it)
        edits += [(v2, top, up_label), (s1, v2, label), (v1, s1, "acl")]
        edits += [(k, v2, dep[k]) for k in kids[v1] if k < s1]  # "that", "Under current law,"
        edits += [(k, v2, dep[k]) for k in kids[v1] if k > v2]  # what follows is the verb's
    return edits


def that_repeated_after_a_condition(info: _Info) -> list[Edit]:
    """ "The firm said that if Acme accepts another bid that it also be given a chance":
    the condition between the two "that"s belongs to the reported clause, but the parser
    made the first "that" the verb's object, the condition the verb's own, and hung the
    clause on a noun inside the condition. The clause goes back to the verb, with the
    condition and the first "that"."""
    dep, head, kids, lower = info.dep, info.head, info.kids, info.lower
    edits: list[Edit] = []
    for t1 in range(1, len(dep) - 1):
        v = head[t1]
        if lower[t1] != "that" or not (lower[v] in lx.CUE_VERBS or lower[v] in lx.STANCE_VERBS) or not v < t1:
            continue
        mark = t1 + 1
        cond = head[mark]
        if (
            lower[mark] not in ("if", "unless")
            or dep[mark] != "mark"
            or head[cond] != v
            or dep[cond] != "advcl"
        ):
            continue
        inside = {t.i for t in info.doc[cond].subtree}
        for t2 in sorted(inside):
            c = head[t2]
            if t2 > mark and lower[t2] == "that" and dep[t2] == "mark" and c in inside and c != cond:
                if any(dep[k] in SUBJ_DEPS for k in kids[c]):
                    # (in this order: the clause leaves the condition before it hangs on it)
                    edits += [(c, v, "ccomp"), (cond, c, "advcl"), (t1, c, "mark")]
                break
    return edits


def _finite_cue(info: _Info, v: int) -> bool:
    """``v`` is a verb of saying in a finite form ("said", "says"; not "saying")."""
    return info.lower[v] in lx.CUE_VERBS and info.tag[v] in _FINITE_TAGS


def _plain_phrase(info: _Info, noun: int, cue: int) -> bool:
    """The noun's phrase ends at the comma right before ``cue`` and holds no comma of its
    own: "The plan, said Lund," (not "Acme's chief, Tom Lund, said ...", where the comma
    closes an apposition of the speaker)."""
    doc = info.doc
    first, last = doc[noun].left_edge.i, doc[noun].right_edge.i
    return last in (cue - 2, cue - 1) and "," not in info.words[first : cue - 1]


def subject_hung_on_an_inverted_cue(info: _Info) -> list[Edit]:
    """ "The plan, said Lund, would cut costs": the parser hung "The plan" on the
    inserted "said" as a second subject, beside its own ("Lund", after it), and left
    "would cut" without one. A verb has one subject: the one before the inserted cue is
    the main verb's."""
    dep, head, kids = info.dep, info.head, info.kids
    edits: list[Edit] = []
    for cue in range(1, len(dep) - 1):
        if not _finite_cue(info, cue) or info.words[cue - 1] != ",":
            continue
        if dep[cue] == "parataxis":
            main = head[cue]
        elif dep[cue] == "ROOT":
            # (or the cue as the sentence's verb and the main verb its object: "The firm,
            # said its chief Tom Lund, will open two plants")
            main = next((k for k in kids[cue] if dep[k] == "ccomp"), cue)
        else:
            continue
        subjects = [k for k in kids[cue] if dep[k] in SUBJ_DEPS]
        before = [k for k in subjects if k < cue]
        if not cue < main or len(subjects) != 2 or len(before) != 1:
            continue
        if any(dep[k] in SUBJ_DEPS for k in kids[main]) or not _finite(info, main):
            continue
        if not _plain_phrase(info, before[0], cue):
            continue
        if dep[cue] == "ROOT":
            edits += [(main, main, "ROOT"), (cue, main, "parataxis")]
        edits.append((before[0], main, "nsubj"))
    for cue in range(2, len(dep) - 1):
        # "The gap, said Hale and others, would be plain": read as "The gap said (that)
        # Hale and others would be plain". The speaker is set off by commas.
        if dep[cue] != "ROOT" or not _finite_cue(info, cue) or info.words[cue - 1] != ",":
            continue
        subject = next((k for k in kids[cue] if dep[k] in SUBJ_DEPS and k < cue), None)
        reported = next((k for k in kids[cue] if dep[k] == "ccomp" and k > cue), None)
        if (
            reported is None
            or subject is None
            or not _finite(info, reported)
            or not _plain_phrase(info, subject, cue)
        ):
            continue
        speaker = next((k for k in kids[reported] if dep[k] in SUBJ_DEPS), None)
        if speaker is None or info.doc[speaker].left_edge.i != cue + 1:
            continue
        end = info.doc[speaker].right_edge.i
        if end + 1 >= reported or info.words[end + 1] != "," and info.words[end] != ",":
            continue
        edits += [
            (reported, reported, "ROOT"),
            (cue, reported, "parataxis"),
            (subject, reported, "nsubj"),
            (speaker, cue, "nsubj"),
        ]
    return edits


# Marks that set a clause apart from the cue after it (a quotation, an aside).
_QUOTES_AND_BRACKETS = lx.QUOTE_OPEN | lx.QUOTE_CLOSE | {'"', "(", ")", "[", "]"}


def first_act_read_as_what_was_said(info: _Info) -> list[Edit]:
    """ "Lund laughed, then said the plan would fail": the parser made "Lund laughed" what
    was said, and left "said" with no subject. A verb of saying with no subject of its
    own and a reported clause after it cannot also have one before it: the clause before
    is the sentence's first act, and the cue is joined to it (and shares its subject)."""
    dep, kids, lower = info.dep, info.kids, info.lower
    edits: list[Edit] = []
    for cue in range(2, len(dep) - 1):
        if dep[cue] != "ROOT" or not _finite_cue(info, cue):
            continue
        if any(dep[k] in SUBJ_DEPS for k in kids[cue]):
            continue
        before = [k for k in kids[cue] if dep[k] == "ccomp" and k < cue]
        after = [k for k in kids[cue] if dep[k] in ("ccomp", "xcomp") and k > cue]
        if len(before) != 1 or not after:
            continue
        first = before[0]
        if not any(dep[k] in SUBJ_DEPS for k in kids[first]) or not _finite(info, first):
            continue
        between = range(info.doc[first].right_edge.i + 1, cue)
        if not all(info.punct[t] or lower[t] in ("then", "and", "later", "also", "but") for t in between):
            continue
        span = range(info.doc[first].left_edge.i, cue)
        if any(info.words[t] in _QUOTES_AND_BRACKETS for t in span) or any(lower[t] == "than" for t in span):
            continue  # ('"It will fail," Lund said', "more than the industry says it can")
        edits += [(first, first, "ROOT"), (cue, first, "conj")]
        edits += [(t, first, "cc") for t in between if lower[t] in ("and", "but")]
    return edits


# Verbs of a speaker's second act after a report ("said X and urged Y", "... but declined
# to say"), besides the verbs of saying themselves (``_speaks``).
_SECOND_REPORTS = frozenset(
    {"urge", "call", "vow", "pledge", "promise", "ask", "demand", "decline", "refuse", "predict"}
)


def second_report_read_as_part_of_the_first(info: _Info) -> list[Edit]:
    """ "Lund said the bridge was safe and urged calm": the parser joined "urged" to
    the reported "was", so the speaker's second report became part of the
    first. A verb of saying (or urging, vowing, declining) in the cue's own form, with
    no subject of its own and a complement, after "and" or "but" is the speaker's second
    act, joined to the cue. Not inside a quotation the cue opens ("Lund said, "Berg
    called and said ..."), nor after an aside before the reported clause's subject."""
    dep, head, kids, tag, lower, words = info.dep, info.head, info.kids, info.tag, info.lower, info.words
    edits: list[Edit] = []
    for v2 in range(len(dep)):
        if dep[v2] != "conj" or tag[v2] not in ("VBD", "VBZ"):
            continue
        if any(dep[k] in SUBJ_DEPS or dep[k] in ("aux", "auxpass", "prt") for k in kids[v2]):
            continue
        lemma = lx.STANCE_VERBS.get(lower[v2]) or lx.CUE_VERBS.get(lower[v2])
        complements = (
            ("ccomp", "xcomp", "dobj", "dative", "prep")
            if lemma == "call"
            else ("ccomp", "xcomp", "dobj", "dative")
        )
        if not any(dep[k] in complements for k in kids[v2]):
            continue  # ("voted for X and wrote in Y": an act, not a report)
        v1 = head[v2]
        cue = head[v1]
        if dep[v1] != "ccomp" or not cue < v1 or dep[cue] not in ("ROOT", "conj") or tag[cue] != tag[v2]:
            continue
        if tag[v1] == "VBN" and any(dep[k] in ("aux", "auxpass") for k in kids[v1]):
            continue  # past_tense_joined_to_a_participle's case
        if not any(dep[k] == "nsubj" and k < cue for k in kids[cue]) or not _speaks(info, cue):
            continue
        if not _speaks(info, v2) and lemma not in _SECOND_REPORTS:
            continue
        ccs = [k for k in kids[v1] if dep[k] == "cc" and v1 < k < v2]
        if [lower[k] for k in ccs] not in (["and"], ["but"]):
            continue
        subj = next((k for k in kids[v1] if dep[k] in SUBJ_DEPS), v1)
        if any(words[t] == "," for t in range(cue + 1, subj)):
            continue  # ("announced X last spring, Lund was ... and told aides")
        if sum(words[t] in _QUOTES_AND_BRACKETS for t in range(cue, v2)) % 2:
            continue  # inside a quotation: the quoted person's acts
        edits += [(v2, cue, "conj"), (ccs[0], cue, "cc")]
    return edits


def adjective_with_a_passive_auxiliary(info: _Info) -> list[Retag]:
    """ "the loan has been over-subscribed": the tagger read the participle as an
    adjective ("JJ"), so it was no verb and its clause no clause, while the parser gave
    it a passive auxiliary ("been"), which only a participle takes. It is a participle
    ("VBN") when it has a participle's ending ("was contrite" stays an adjective)."""
    dep, head, tag, lower = info.dep, info.head, info.tag, info.lower
    return [
        (head[a], "VBN")
        for a in range(len(dep))
        if dep[a] == "auxpass" and tag[head[a]] == "JJ" and lower[head[a]].endswith(("ed", "en"))
    ]


def _sentence_read_as_a_noun_phrase(info: _Info) -> list[tuple[int, int]]:
    """(noun, verb) where the parser read a sentence as a noun phrase: "The firm named
    Lund Bank as lead underwriter." came out as a noun ("firm") at the root with a
    participle describing it. A participle takes no direct object ("Lund Bank"), and
    the unit ends like a sentence, with nothing else that could be its verb."""
    dep, kids, tag = info.dep, info.kids, info.tag
    out: list[tuple[int, int]] = []
    for n in range(len(dep)):
        if dep[n] != "ROOT" or not tag[n].startswith("NN") or info.words[-1] != ".":
            continue
        v = next((k for k in kids[n] if dep[k] == "acl" and k > n), -1)
        if v < 0 or tag[v] not in ("VBN", "VBD") or any(info.punct[k] for k in range(n + 1, v)):
            continue
        if not any(dep[k] in ("dobj", "oprd", "dative") for k in kids[v]):
            continue
        if any(dep[k] in ("aux", "auxpass", "nsubj", "nsubjpass", "mark") for k in kids[v]):
            continue
        inside = {t.i for t in info.doc[v].subtree}
        if any(info.verbal[k] for k in range(len(dep)) if k not in inside):
            continue
        out.append((n, v))
    return out


def verb_read_as_a_participle_tag(info: _Info) -> list[Retag]:
    """The verb of a sentence read as a noun phrase is a past tense, not a participle
    (see verb_read_as_a_participle)."""
    return [(v, "VBD") for _, v in _sentence_read_as_a_noun_phrase(info) if info.tag[v] == "VBN"]


def verb_read_as_a_participle(info: _Info) -> list[Edit]:
    """ "The firm named Lund Bank as lead underwriter.": the participle is the verb and
    the noun its subject; what followed the participle's phrase on the noun ("as lead
    underwriter", the full stop) goes to the verb."""
    edits: list[Edit] = []
    for n, v in _sentence_read_as_a_noun_phrase(info):
        edits += [(v, v, "ROOT"), (n, v, "nsubj")]
        edits += [(k, v, info.dep[k]) for k in info.kids[n] if k > v]
    return edits


def _name_read_as_a_verb(info: _Info) -> bool:
    """ "Trump consumes and spouts polling data.": the tagger read the name that opens
    the sentence as a verb in the base form ("VB"; "trump" is one), the parser made it
    an imperative, and the real verb right after it its object: a finite form, or a
    present tense in -s read as a plural noun ("consumes"/NNS). A command's verb is never
    followed at once by a finite verb of its own clause; a plural noun after it is an
    object only when a preposition, determiner or the end follows ("See photos from
    ..."), and the few commands that open news furniture are listed
    (lexicon.COMMAND_VERBS)."""
    tag, dep, head, words = info.tag, info.dep, info.head, info.words
    if len(dep) < 3 or dep[0] != "ROOT" or tag[0] not in ("VB", "NNP") or head[1] != 0:
        return False
    if not words[0][:1].isupper() or info.lower[0] in lx.COMMAND_VERBS:
        return False
    if any(dep[k] in SUBJ_DEPS for k in info.kids[1]):
        return False
    if tag[1] in ("VBZ", "VBD"):
        return True
    return (
        tag[1] == "NNS"
        and info.lower[1].endswith("s")
        and words[1].islower()
        and tag[2] not in ("IN", "DT", "TO", ".", ",", "HYPH", "NFP")
    )


def name_read_as_a_verb_tag(info: _Info) -> list[Retag]:
    """The name that opens the sentence is a proper noun, and a verb read as a plural
    noun is a present tense (see name_read_as_a_verb)."""
    if info.tag[0] != "VB" or not _name_read_as_a_verb(info):
        return []
    return [(0, "NNP")] + ([(1, "VBZ")] if info.tag[1] == "NNS" else [])


def name_read_as_a_verb(info: _Info) -> list[Edit]:
    """ "Lund consumes and spouts polling data.": the finite verb after the name is the
    root, the name its subject, and what the parser hung on the name goes to the verb."""
    if not _name_read_as_a_verb(info):
        return []
    edits: list[Edit] = [(1, 1, "ROOT"), (0, 1, "nsubj")]
    edits += [(k, 1, info.dep[k]) for k in info.kids[0] if k > 1]
    return edits


# Marks of an adverbial clause that never open what someone said ("that", "whether" and
# "if" do).
_ADVERBIAL_MARKS = lx.OCCASION_MARKS | lx.ASIDE_MARKS | {"until", "because", "since"}


def adverbial_clause_read_as_a_complement(info: _Info) -> list[Edit]:
    """'"It will last," Lund said, as the crowd left the hall.': the parser made the
    as-clause what was said ("ccomp"), but a clause opened by "as", "while", "when",
    "because" ... is never a verb's complement: it tells when or why."""
    dep, kids, lower, head = info.dep, info.kids, info.lower, info.head
    edits: list[Edit] = []
    for k in range(len(dep)):
        if dep[k] != "ccomp" or head[k] >= k:
            continue
        first = info.doc[k].left_edge.i
        if dep[first] != "mark" or head[first] != k or lower[first] not in _ADVERBIAL_MARKS:
            continue
        # Only when the verb has what was said besides ('"It will last," Lund said, as
        # ...'); else the parser may have hung the whole report on the mark.
        if any(dep[j] == "ccomp" and j < head[k] for j in kids[head[k]]):
            edits.append((k, head[k], "advcl"))
    return edits


# Corrections of a token's tag, applied before the tree repairs.
RETAGS: list[Callable[[_Info], list[Retag]]] = [
    name_read_as_a_verb_tag,
    adjective_with_a_passive_auxiliary,
    verb_read_as_a_participle_tag,
]


REPAIRS: list[Callable[[_Info], list[Edit]]] = [
    name_read_as_a_verb,
    adverbial_clause_read_as_a_complement,
    verb_read_as_a_participle,
    first_act_read_as_what_was_said,
    subject_hung_on_an_inverted_cue,
    that_repeated_after_a_condition,
    participle_read_as_the_verb,
    past_tense_joined_to_a_participle,
    second_report_read_as_part_of_the_first,
    split_subject_of_a_singular_verb,
    subject_read_as_a_second_object,
]


def repair(doc: Doc, text: str | None = None) -> _Info:
    """Apply every repair to ``doc`` and return its (repaired) token data."""
    info = token_info(doc, text)
    retags = [r for rule in RETAGS for r in rule(info)]
    if retags:
        release_info(doc)
        for tok, tag in retags:
            doc[tok].tag_ = tag
        info = token_info(doc, text)
    edits = [e for rule in REPAIRS for e in rule(info)]
    if not edits:
        return info
    release_info(doc)
    for tok, new_head, label in edits:
        if tok != new_head and _would_loop(doc, tok, new_head):
            continue  # (two repairs disagreeing; a tree with a cycle would hang spaCy)
        doc[tok].head = doc[new_head]
        doc[tok].dep_ = label
    return token_info(doc, text)


def _would_loop(doc: Doc, tok: int, new_head: int) -> bool:
    """Whether hanging ``tok`` on ``new_head`` makes a cycle: ``tok`` is among the new
    head's ancestors (or the walk does not end, which a tree never does)."""
    k = new_head
    for _ in range(len(doc)):
        if k == tok:
            return True
        up = doc[k].head.i
        if up == k:
            return False
        k = up
    return True
