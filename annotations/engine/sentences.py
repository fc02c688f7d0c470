"""Sentence splitting behind one small interface.

Every backend returns ``(start, end)`` character offsets into the original text.
The text is first cut into paragraphs at line breaks (headlines, datelines and
captions sit on lines of their own in news text), then each paragraph goes to the
backend. Backends return sentence *strings*; we locate them in the text from a moving
cursor instead of trusting the libraries' own offsets (pySBD's ``char_span`` mode is
slow and wrong in places).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Protocol

from . import lexicon as lx

Offsets = tuple[int, int]


class SentenceSplitter(Protocol):
    name: str

    def split(self, text: str) -> list[Offsets]:
        """Sentence spans of ``text``: ordered, non-overlapping, trimmed of whitespace."""
        ...


# A line break ends a paragraph: news headlines, datelines and captions have no
# final punctuation, so a sentence splitter would glue them to the next sentence.
_PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
# A place where some backend might cut: sentence punctuation (or a list marker's ")")
# followed by a space and something other than a lower-case ASCII letter, or CJK/Indic
# /Arabic sentence marks. Paragraphs without one are a single sentence for the
# backends we use, so the (slow) backend call is skipped; on 3,000 Reuters articles
# this changes 13 documents, all at wire typos, and halves pySBD's share.
_CANDIDATE = re.compile(
    r"[.!?\u2026;:)\u2022]['\"\u2019\u201d)\]]*(?:\s+(?![a-z])|(?=[A-Z]))"
    r"|[\u3002\uff01\uff1f\u0964\u061f\u06d4]\W*\S"
)


def paragraphs(text: str) -> list[Offsets]:
    """Trimmed non-empty line spans."""
    out: list[Offsets] = []
    for m in _PARAGRAPH.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if s < e:
            out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> Offsets:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def align(text: str, pieces: Iterable[str], start: int = 0, end: int | None = None) -> list[Offsets]:
    """Find each piece of ``text[start:end]`` in order and return trimmed spans.

    Backends may drop or normalise whitespace, so a piece that is not found verbatim
    is matched character by character ignoring whitespace. Whatever cannot be matched
    is left to the next piece; a tail that nothing matched becomes its own span, so the
    spans always cover every non-space character.
    """
    if end is None:
        end = len(text)
    spans: list[Offsets] = []
    cursor = start
    for piece in pieces:
        p = piece.strip()
        if not p:
            continue
        found = text.find(p, cursor, end)
        if found >= 0 and not text[cursor:found].strip():
            s, e = found, found + len(p)
        else:
            span = _fuzzy(text, p, cursor, end)
            if span is None:
                continue
            s, e = span
        s = cursor if text[cursor:s].strip() else s  # never drop text between pieces
        s, e = _trim(text, s, e)
        if s < e:
            spans.append((s, e))
        cursor = max(cursor, e)
    s, e = _trim(text, cursor, end)
    if s < e:
        if spans:
            # Unmatched leftovers belong to the last sentence, not a new one.
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _fuzzy(text: str, piece: str, cursor: int, end: int) -> Offsets | None:
    """Match ``piece`` at ``cursor`` ignoring whitespace on both sides."""
    i = cursor
    while i < end and text[i].isspace():
        i += 1
    s = i
    for ch in piece:
        if ch.isspace():
            continue
        while i < end and text[i].isspace():
            i += 1
        if i >= end or text[i] != ch:
            return None
        i += 1
    return s, i


# A wire dateline opening a paragraph ("SALVADOR, Feb 26 - ", "Evansville, Indiana,
# United States - ", before a bracketed name "SYDNEY, March 17 - <The Bank>") is a unit
# of its own, like a heading.
_DATELINE = re.compile(
    r"(?:[A-Z][\w.'\u2019-]*\s+){0,2}[A-Z][\w.'\u2019-]*,\s+(?:[A-Z0-9][\w.'\u2019-]*,?\s+){0,5}(?:\([A-Za-z ]{2,20}\)\s+)?[-\u2013\u2014]{1,2}\s+(?=[A-Z0-9\"\u201c<(])"
)
# A full date opening a paragraph ("Thursday, May 7, 2015 On Tuesday, ...") is a
# dateline glued to the first sentence.
_DATE_LINE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},?\s+\d{4}\s+(?=[A-Z\"\u201c])"
)
# Photo credits glued to a caption ("... in Washington D.C. Image: Ann Berg.").
_CREDIT = re.compile(r"(?<=\S)\s+(?=(?:Image|Photo|Photograph|Picture|Credit)s?:\s)")
# After an all-caps dotted abbreviation ("D.C.", "U.S."), a word that almost only
# ever starts a sentence means pySBD kept two sentences together.
_ABBR_THEN_STARTER = re.compile(
    r"\b(?:[A-Z]\.){2,}\s+(?=(?:The|He|She|It|They|We|I|This|These|Those|Its|His|Her|Their|"
    r"However|But|Meanwhile|There|After|Before|When|While|In|On)\s)"
)
# Paired quotation marks, for splitting quoted passages of several sentences.
_QUOTED = re.compile(r"\u201c[^\u201c\u201d\n]{20,}?\u201d|\"[^\"\n]{20,}?\"")


class _ParagraphSplitter:
    """Shared logic: paragraphs first, the backend only where it can matter."""

    name = "base"

    def _segment(self, paragraph: str) -> Iterable[str]:
        raise NotImplementedError

    def split(self, text: str) -> list[Offsets]:
        out: list[Offsets] = []
        for ps, pe in paragraphs(text):
            for a, b in _pre_cuts(text, ps, pe):
                out.extend(apply_rules(text, a, b, self._split_region(text, a, b)))
        return out

    def _split_region(self, text: str, ps: int, pe: int) -> list[Offsets]:
        if pe - ps > LONG_PARAGRAPH and _CANDIDATE.search(text, ps, pe):
            # pySBD is superlinear on long paragraphs (a 76 kB line takes seconds): feed
            # it pieces cut at the clearest sentence ends, about every 2,000 chars.
            out: list[Offsets] = []
            for a, b in _cut_spans(text, ps, pe, _long_cuts(text, ps, pe)):
                out.extend(self._split_small(text, a, b))
            return out
        return self._split_small(text, ps, pe)

    def _split_small(self, text: str, ps: int, pe: int) -> list[Offsets]:
        para = text[ps:pe]
        if not _CANDIDATE.search(para):
            return [(ps, pe)]
        cuts = self._plain_cuts(para)
        if cuts is not None:
            spans = _cut_spans(text, ps, pe, (ps + c for c in cuts))
        else:
            try:
                pieces = list(self._segment(para))
            except Exception:  # noqa: BLE001 - a library bug must not lose the paragraph
                pieces = [para]
            spans = align(text, pieces, ps, pe)
        spans = _closing_quotes_back(text, spans)
        spans = _cut_at(text, spans, _ABBR_THEN_STARTER)
        spans = self._split_quotations(text, spans)
        return self._post(text, spans)

    def _plain_cuts(self, paragraph: str) -> list[int] | None:
        """Where the backend would cut a paragraph too plain to need it, or None."""
        return None

    def _split_quotations(self, text: str, spans: list[Offsets]) -> list[Offsets]:
        """Sentences inside a quoted passage: backends keep a quotation whole."""
        out: list[Offsets] = []
        for s, e in spans:
            cuts: list[int] = []
            for m in _QUOTED.finditer(text, s, e):
                qs, qe = m.start() + 1, m.end() - 1
                inner = text[qs:qe]
                if not _CANDIDATE.search(inner):
                    continue
                plain = self._plain_cuts(inner)
                if plain is not None:
                    # The backend's own cuts, without running it (see _split_small).
                    inner_spans = _cut_spans(text, qs, qe, (qs + c for c in plain))
                    cuts.extend(a for a, _ in inner_spans[1:])
                    continue
                try:
                    pieces = list(self._segment(inner))
                except Exception:  # noqa: BLE001 - keep the quotation whole
                    pieces = [inner]
                inner_spans = align(text, pieces, qs, qe)
                cuts.extend(a for a, _ in inner_spans[1:])
            out.extend(_cut_spans(text, s, e, cuts))
        return out

    def _post(self, text: str, spans: list[Offsets]) -> list[Offsets]:
        return spans


LONG_PARAGRAPH = 4000
_CLEAR_END = re.compile(r"[a-z0-9][.!?][\"'\u201d\u2019)]*\s+(?=[\"\u201c(]*[A-Z])")


def _long_cuts(text: str, ps: int, pe: int, every: int = 2000) -> list[int]:
    """Cut points in a long paragraph: the first clear sentence end (lower-case letter
    or digit, stop, space, capital) after every ``every`` characters."""
    cuts: list[int] = []
    pos = ps + every
    while pos < pe - every // 2:
        m = _CLEAR_END.search(text, pos, min(pe, pos + 2 * every))
        if m is not None:
            cut = m.end()
        else:
            # No clear sentence end nearby ("A. B. C. ..."): any possible boundary,
            # cut right after its punctuation and closing quotes.
            m = _CANDIDATE.search(text, pos, pe)
            if m is None:
                break
            cut = m.start() + 1
            while cut < pe and text[cut] in "\"'\u201d\u2019)]":
                cut += 1
        cuts.append(cut)
        pos = cut + every
    return cuts


def _pre_cuts(text: str, ps: int, pe: int) -> list[Offsets]:
    cuts: list[int] = []
    m = _DATELINE.match(text, ps, pe) or _DATE_LINE.match(text, ps, pe)
    if m and m.end() < pe:
        cuts.append(m.end())
    if text.find(":", ps, pe) >= 0:  # every credit has one; the regex scans every space
        cuts.extend(m.end() for m in _CREDIT.finditer(text, ps, pe))
    return _cut_spans(text, ps, pe, cuts)


def _cut_spans(text: str, s: int, e: int, cuts: Iterable[int]) -> list[Offsets]:
    out: list[Offsets] = []
    prev = s
    for c in sorted(set(cuts)):
        if prev < c < e:
            a, b = _trim(text, prev, c)
            if a < b:
                out.append((a, b))
            prev = c
    a, b = _trim(text, prev, e)
    if a < b:
        out.append((a, b))
    return out


def _cut_at(text: str, spans: list[Offsets], pattern: re.Pattern[str]) -> list[Offsets]:
    out: list[Offsets] = []
    for s, e in spans:
        out.extend(_cut_spans(text, s, e, (m.end() for m in pattern.finditer(text, s, e))))
    return out


def _closing_quotes_back(text: str, spans: list[Offsets]) -> list[Offsets]:
    """A sentence that starts with a closing quote mark gives it back to the previous one."""
    out: list[Offsets] = []
    for s, e in spans:
        # A quote mark followed by a space cannot open a quotation.
        if out and text[s] in "\"\u201d\u2019'" and (s + 1 == e or text[s + 1].isspace()):
            out[-1] = (out[-1][0], s + 1)
            a, b = _trim(text, s + 1, e)
            if a < b:
                out.append((a, b))
            continue
        out.append((s, e))
    return out


class PysbdSplitter(_ParagraphSplitter):
    name = "pysbd"

    def __init__(self, language: str = "en") -> None:
        import pysbd

        self._seg = pysbd.Segmenter(language=language, clean=False, char_span=False)
        self._plain = language == "en"  # the shortcut knows English pySBD's rules only

    def _segment(self, paragraph: str) -> Iterable[str]:
        # Segmenter.segment() re-finds every sentence with a freshly compiled regex to
        # build char spans we do not use (a third of its time); the processor's output
        # is the same list of sentences, which align() locates itself.
        out: list[str] = self._seg.processor(paragraph).process()
        return out

    def _plain_cuts(self, paragraph: str) -> list[int] | None:
        return _pysbd_plain_cuts(paragraph) if self._plain else None

    def _post(self, text: str, spans: list[Offsets]) -> list[Offsets]:
        return _fix_time_abbreviations(text, spans)


# Characters that bring a pySBD rule into play (quotations, parentheses, lists, "!",
# "?", ellipses, its own placeholder symbols), and quote marks that are not
# apostrophes inside a word ("company's" is fine, "farmers' " or "'Yes'" is not).
_PLAIN_BAD = re.compile(
    '[!?"\u201c\u201d\u2018\u00ab\u00bb\u201e\u2039\u203a()\\[\\]{}\u2026\u2022\u2043'
    "\u3002\uff0e\uff01\uff1f\u0964\u061f\u06d4\r\u0238\u0239\u2609\u2608\u2607\u2604"
    "\u2668\u222f\u222e\u261d\u01aa\u265f\u265d\u260f\u14f0\u14f1\u14f3\u14f4\u14f7"
    "\u14f8\u2702\u232c\u238b\u266c\u266d]|(?<!\\w)['\u2019]|['\u2019](?!\\w)"
)
# pySBD rules that reach past a plain paragraph's periods: text between two "--" has its
# stops protected, "rose.12 The" is a numbered reference it cuts after, a backslash
# changes how it pairs quotes and parentheses, and ' " (x) " ' gets line breaks.
_PYSBD_TRAPS = re.compile(
    r"--[^-]*[.!?][^-]*--|\\|(?<=[^\d\s])\.(?:\d{1,3}\s?)?\d{1,3}\s(?=[A-Z])|[\"\u201d]\s\(.*\)\s[\"\u201c]"
)
# List items pySBD may put on lines of their own ("(a)", "b)", "(iv)"; a lower-case
# roman numeral in parentheses also changes its sentence pattern), and letters before
# a period ("a." in "a.m." too), which only count in sequence with another.
_LETTER_ITEM_PARENS = re.compile(r"(?<![^\s(])(?:[a-z]|[ivx]{2,5})\)|\([mdclxvi]+\)")
_LETTER_ITEM = re.compile(r"(?<!\S)[a-z](?=\.)")
# Stops that outlast pySBD's protections (see _keeps_a_stop).
_LONE_MARK = re.compile(r"(?<![!?])[!?]{1,2}(?![!?])")
_FINAL_STOP = re.compile(r'[A-Za-z]\."?\Z')
_FINAL_INITIALS = re.compile(r'\b[A-Za-z](?:\.[A-Za-z])+\."?\Z')
# A word pySBD ends a sentence with when a period, space and a capital follow: no
# abbreviation, roman numeral or single letter (checked apart; a number is fine
# unless the list rules take it as an item).
_PLAIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9/,'\u2019-]{1,40}|\d")
# Initials pySBD protects as a whole ("U.S.", "a.m.", "e.g."), after a space.
_INITIALS = re.compile(r"(?<!\S)(?:[A-Za-z]\.){2,}")
_ROMAN = re.compile(r"[ivxlcdm]+", re.IGNORECASE)
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


def _pysbd_plain_cuts(para: str) -> list[int] | None:
    """pySBD's own cuts of a plain paragraph, without running it (pySBD costs a tenth
    of the parse). In pySBD every period that no rule protects ends a sentence. A
    paragraph qualifies when it has none of the characters other rules look at, except
    plain quotations and parentheses (``_regions``), no list items in sequence, and
    each period is either the last character; inside a quotation or parenthesis
    (protected); inside "U.S."/"a.m."-like initials followed by a comma, a lower-case
    word or a number (protected); after a single capital other than "I" ("John F.
    Kennedy": protected); between two word characters with no period next to them
    ("5.93", "example.com": protected); or ends a plain word (no abbreviation pySBD
    knows, roman numeral or single letter), a quotation or a parenthesis and is
    followed by space and a capital, a digit, a quote or a parenthesis: a cut.
    Quotations and parentheses add cuts of their own (``_region_cuts``). Anything else
    (initials, "Corp.", "U.S. The", a lower-case next word...) returns None and pySBD
    runs. A test checks this agrees with pySBD on news paragraphs; on 10,000 Reuters
    articles it agrees everywhere."""
    regions: list[Offsets] = []
    bad = _PLAIN_BAD.search(para)
    if bad is not None:
        if bad.group() not in '()"!?':
            return None
        found = _regions(para)
        if found is None:
            return None
        regions = found
    if _PYSBD_TRAPS.search(para) is not None or _makes_list(para):
        return None
    protected = _protected_initials(para, regions)
    if protected is None:
        return None
    cuts = _period_cuts(para, regions, protected)
    if cuts is None or not regions:
        return cuts
    return _region_cuts(para, regions, cuts)


def _regions(para: str) -> list[Offsets] | None:
    """(open, close) positions of the quotations (straight double quotes) and
    parentheses, paired as pySBD pairs them, or None unless all are plain: nothing of
    another pySBD rule outside them, and nothing but "!" and "?" inside them besides
    flat parentheses within a quotation (pySBD protects every "." "!" "?" inside);
    a quotation or parenthesis opens at the start or after a space, and closes before
    a space, the end or one of ",.;:"; a quotation holds no space next to its marks,
    a parenthesis two characters or more."""
    n = len(para)
    out: list[Offsets] = []
    outside: list[str] = []
    prev = 0
    o = _next_mark(para, 0)
    while o >= 0:
        close = '"' if para[o] == '"' else ")"
        c = para.find(close, o + 1)
        if para[o] == ")" or c <= o + 1 or (o > 0 and not para[o - 1].isspace()):
            return None
        if c + 1 < n and not (para[c + 1].isspace() or para[c + 1] in ",.;:"):
            return None
        inner = para[o + 1 : c]
        if close == '"':
            if para[o + 1].isspace() or para[c - 1].isspace() or not _flat_parens(inner):
                return None
            inner = inner.replace("(", " ").replace(")", " ")
        elif len(inner) < 2 or "(" in inner or '"' in inner:
            return None
        # "." stands in for "!" and "?" so that an apostrophe next to one still counts.
        if _PLAIN_BAD.search(inner.replace("!", ".").replace("?", ".")) is not None:
            return None
        out.append((o, c))
        outside.append(para[prev:o])
        outside.append("Q")
        prev = c + 1
        o = _next_mark(para, prev)
    outside.append(para[prev:])
    return out if _PLAIN_BAD.search("".join(outside)) is None else None


def _next_mark(para: str, start: int) -> int:
    found = [k for k in (para.find(ch, start) for ch in '"()') if k >= 0]
    return min(found) if found else -1


def _flat_parens(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth not in (0, 1):
            return False
    return depth == 0


def _makes_list(para: str) -> bool:
    # pySBD's list rules turn numbered or lettered items in sequence into lines of
    # their own and protect their periods ("1. Wheat 2. Corn", "(a) ... (b) ...").
    if ")" in para and _LETTER_ITEM_PARENS.search(para) is not None:
        return True
    if _in_sequence([int(x) for x in _NUMBERED_ITEM.findall(para)]):
        return True
    if ")" in para and _in_sequence([int(x) for x in _NUMBERED_ITEM_PARENS.findall(para)]):
        return True
    letters = [ord(x) for x in _LETTER_ITEM.findall(para)]
    for k, a in enumerate(letters):
        # pySBD compares the last item with the one before, others with both
        # neighbours (the first with the last, as Python's list[-1] does).
        after = k + 1 < len(letters) and letters[k + 1] - a == 1
        if len(letters) > 1 and (after or abs(letters[k - 1] - a) == 1):
            return True
    return False


def _in_sequence(items: list[int]) -> bool:
    return any(b == a + 1 or (a, b) in ((9, 0), (0, 9)) for a, b in zip(items, items[1:], strict=False))


def _protected_initials(para: str, regions: list[Offsets]) -> set[int] | None:
    """Positions inside initials pySBD protects, or None where they might end a
    sentence. Initials in a quotation or parenthesis are protected anyway."""
    n = len(para)
    protected: set[int] = set()
    for m in _INITIALS.finditer(para):
        e = m.end()
        if any(o < m.start() < c for o, c in regions):
            continue
        if e < n and para[e] != ",":
            if not para[e].isspace():
                return None
            j = e + 1
            while j < n and para[j].isspace():
                j += 1
            if j < n and not (para[j].islower() or para[j].isdigit()):
                # "U.S. Agriculture": pySBD keeps initials before a capital, except
                # before its sentence starters ("U.S. The", "U.K. He", ...) and after
                # a time ("D.A.M. Freight" ends in "A.M.").
                k = j
                while k < n and para[k].isalpha():
                    k += 1
                if para[j:k] in _PYSBD_STARTERS or m.group().lower().endswith(("a.m.", "p.m.")):
                    return None
        protected.update(range(m.start(), e))
    return protected


def _period_cuts(para: str, regions: list[Offsets], protected: set[int]) -> list[int] | None:
    """Where pySBD cuts at a period, or None where it is not certain."""
    n = len(para)
    cuts: list[int] = []
    r = 0  # the first quotation or parenthesis that does not close before the period
    i = para.find(".")
    while i >= 0:
        if i == n - 1:
            break
        while r < len(regions) and regions[r][1] < i:
            r += 1
        if (r < len(regions) and regions[r][0] < i) or i in protected:
            pass
        elif para[i + 1].isspace():
            stop = _period_ends_sentence(para, i)
            if stop is None:
                return None
            if stop:
                cuts.append(i + 1)
        elif not _inner_period(para, i):
            return None
        i = para.find(".", i + 1)
    return cuts


def _period_ends_sentence(para: str, i: int) -> bool | None:
    """Whether pySBD cuts at a period before a space, or None if not certain."""
    n = len(para)
    start = i
    while start > 0 and not para[start - 1].isspace():
        start -= 1
    word = para[start:i]
    if len(word) == 1 and "A" <= word <= "Z" and word != "I":
        # "John F. Kennedy": a single capital is protected ("I." may end a sentence).
        return False
    j = i + 1
    while j < n and para[j].isspace():
        j += 1
    if j >= n or not ("A" <= para[j] <= "Z" or para[j] in '"(' or para[j].isdigit()):
        return None
    if i > 0 and para[i - 1] in '")':
        # After a quotation or parenthesis no abbreviation or number rule applies.
        return True
    if (start == 0 and word[:1].isdigit()) or para.startswith(" KG", i + 1):
        # "12. The" opening a paragraph is a list item; "Co. KG" a company name.
        return None
    if (
        _PLAIN_WORD.fullmatch(word) is None
        or word.lower() in _PYSBD_ABBREVIATIONS
        or _ROMAN.fullmatch(word) is not None
    ):
        return None
    return True


def _inner_period(para: str, i: int) -> bool:
    # Between two word characters with no period next to them ("5.93", "example.com").
    n = len(para)
    return (
        i > 0
        and _WORD_CHAR.match(para, i - 1) is not None
        and _WORD_CHAR.match(para, i + 1) is not None
        and (i < 2 or para[i - 2] != ".")
        and (i + 2 >= n or para[i + 2] != ".")
    )


def _region_cuts(para: str, regions: list[Offsets], cuts: list[int]) -> list[int] | None:
    """Add pySBD's cuts after quotations and parentheses followed by one space and a
    capital. One that opens a sentence is a sentence of its own (its sentence pattern),
    unless it is a quotation ending with a comma; a quotation ending with ".", "!",
    "?" or "-" is split off whatever precedes it (its post-processing of quotations
    at sentence end, which runs even on a paragraph it does not search)."""
    n = len(para)
    out = set(cuts)
    searched: bool | None = None
    start = 0  # where pySBD's current sentence match began
    k = 0
    for o, c in regions:
        while k < len(cuts) and cuts[k] <= o:
            start = max(start, cuts[k])
            k += 1
        if not (c + 2 < n and para[c + 1].isspace() and "A" <= para[c + 2] <= "Z"):
            continue
        if (para[o] == "(" or para[c - 1] != ",") and not para[start:o].strip():
            if searched is None:
                searched = _keeps_a_stop(para, cuts)
            if not searched:
                return None
            out.add(c + 1)
            start = c + 1
        elif para[o] == '"' and para[c - 1] in ".!?-":
            out.add(c + 1)
    return sorted(out)


def _keeps_a_stop(para: str, cuts: list[int]) -> bool:
    # pySBD looks for sentences only if a "." "!" or "?" is left once its rules have
    # protected some: a period it cuts at, a "!" or "?" not in a run of three, or a
    # final period after a letter and not in initials (certain cases only).
    if cuts or _LONE_MARK.search(para) is not None:
        return True
    return _FINAL_STOP.search(para) is not None and _FINAL_INITIALS.search(para) is None


def _abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    try:
        from pysbd.lang.english import English
    except ImportError:  # pragma: no cover - pySBD is a dependency
        return frozenset(), frozenset()
    return (
        frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS),
        frozenset(English.AbbreviationReplacer.SENTENCE_STARTERS),
    )


# pySBD's abbreviations, and the words after which it lets "U.S." end a sentence.
_PYSBD_ABBREVIATIONS, _PYSBD_STARTERS = _abbreviations()


def _numbered_items() -> tuple[re.Pattern[str], re.Pattern[str]]:
    try:
        from pysbd.lists_item_replacer import ListItemReplacer
    except ImportError:  # pragma: no cover - pySBD is a dependency
        return re.compile("(?!)"), re.compile("(?!)")
    return (
        re.compile(ListItemReplacer.NUMBERED_LIST_REGEX_1),
        re.compile(ListItemReplacer.NUMBERED_LIST_PARENS_REGEX),
    )


# pySBD's numbered list items ("1. ", " 2.)", "3) "), in sequence only when consecutive.
_NUMBERED_ITEM, _NUMBERED_ITEM_PARENS = _numbered_items()


# Rules on top of the backend, for the web text (mail, forum posts, reviews) and the
# reference-laden text (encyclopedia articles) where backends trained on edited prose
# lose. Each is a named regular expression with an invented example in
# tests/engine/test_sentence_rules.py. A CUT_RULES match makes a sentence start where
# it ends; a JOIN_RULES pattern that matches where a sentence starts (looking back as
# far as it needs) joins that sentence to the one before. Joins win over cuts.
_SPEECH_VERB = (
    r"(?:said|says|say|asked|asks|ask|replied|reply|whispered|whisper|shouted|shout|yelled|yell|"
    r"thought|cried|cry|added|add|continued|answered|answer|muttered|mutter|called|call|wrote|"
    r"explained|exclaimed|laughed|repeated|insisted|demanded|wondered|screamed|scream|murmured|"
    r"howled|sighed|began|started)"
)
_EMOTICON = r"(?:[:;=8xX]-?[()DPpO3/\\|\]\[]|\^_?\^|<3|:'\()"


def _abbreviation_guard() -> str:
    # "Mt. Fuji", "Calif. last year": none of pySBD's abbreviations ends a sentence.
    words = sorted((a for a in _PYSBD_ABBREVIATIONS if a.isalpha()), key=len, reverse=True)
    return "(?!(?:" + "|".join(re.escape(w) for w in words) + r")\.)" if words else ""


# Lower-case abbreviations that stay abbreviations before "I" or a capital (pySBD's list
# also holds words such as "me", "is" and "man", which end sentences).
_LOWER_ABBREVIATION = r"(?!(?:vs|cf|viz|esp|approx|incl|ca|vol|ch|pt|no|nos|pp|fig|eg|ie)\.)"
# Capitalised abbreviations of titles, places and months ("Mr.", "Ft.", "Sept.").
_TITLE_ABBREVIATION = (
    r"(?!(?:Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|"
    + "|".join(lx.PLURAL_TITLES)
    + r"|Jr|Sr|Prof|Rev|Mt|Ft|Lt|Col|Maj|Brig|Capt|Sgt|Cmdr|Adm|Hon|Pres|Supt|Det|Insp|"
    r"Attn|No|Vol|Fig|Inc|Co|Corp|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)"
)
# Words that start a sentence after a salutation or a signature ("Jo: Please ...",
# "Thanks, Jo I will ...").
_STARTER = (
    r"(?:I|I'm|I'll|I've|I'd|We|We'll|We're|Please|Let|Thanks|Thank|As|Per|Your|Attached|Here|"
    r"Can|Could|Would|Do|Does|Don't|Are|Sorry|Thought|Hope|FYI|Any|If|You|My|Our|Just)"
)
# Labels that open a line like a salutation but belong to what follows ("Note - The
# figures ...", "Update: We ...").
_LABEL = (
    r"(?!(?:Re|Subject|From|To|Date|Note|Notes|Update|Answer|Question|Source|Reporting|Editing|Writing|"
    r"Correction|Photo|Image|Video|Related|Summary|Background)\b)"
)
# Mail header field names that start a line of their own ("... <jo@example.org> Date: ...").
_MAIL_FIELD = r"(?:From|To|Cc|Date|Subject|Sent|Groups):\s"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBREVIATION = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"


def _after_words(words: str, tail: str) -> str:
    """A look-behind for any of the space-separated ``words`` followed by ``tail``
    (Python's look-behinds need a fixed width, so one per word)."""
    return "(?:" + "|".join(rf"(?<=\b{re.escape(w)}{tail})" for w in words.split()) + ")"


CutRule = tuple[str, re.Pattern[str]]


CUT_RULES: tuple[CutRule, ...] = (
    # "Jo Bloggs 03/15/2001 04:11 PM Please send it.": a mail header's date and time
    # end a line that lost its line break; a 24-hour time too ("15/03/2001 16:11"), and
    # before a lower-case word ("04:11 PM fyi ...") other than "and", "on", "the" ...
    (
        "mail_header_time",
        re.compile(
            r"\b\d{1,2}/\d{1,2}/\d{2,4},? +\d{1,2}:\d\d(?::\d\d)?"
            r"(?: ?(?:AM|PM|am|pm)\b|(?! ?(?:AM|PM|am|pm))) +(?!(?:and|or|to|on|at|in|for|until|the)\b)"
            r"(?=[A-Za-z\"<])"
        ),
    ),
    # "Please send it. Jo Bloggs 03/15/2001 04:11 PM": a mail header's date and time start a
    # sentence after the sender's name ("... on 03/15/2001 04:11 PM" and "at" excepted).
    (
        "mail_header_date",
        re.compile(r"(?<=\S)(?<!\bon)(?<!\bat) +(?=\d{1,2}/\d{1,2}/\d{2,4},? +\d{1,2}:\d\d)"),
    ),
    # "Jo Bloggs <jo@example.org> Subject: Roof": a mail header field starts a sentence.
    ("mail_header_field", re.compile(r"(?<=\S) +(?=" + _MAIL_FIELD + ")")),
    # "Jo Bloggs jo@example.org Please call me.", "... 555-0100 Please call me.": a
    # signature's mail address or phone number ends before a capitalised word (not
    # another field such as "Fax:", an affiliation or "Houston, TX").
    (
        "after_contact",
        re.compile(
            r"(?:[\w.-]+@[\w-]+(?:\.[\w-]+)+|\b\d{3}-\d{4}) +"
            r"(?!Univ|[A-Z][a-z]+ Univ|[A-Z][a-z]+,|(?:Phone|Fax|Cell|Tel|Email|E-mail|Page|Office|Mobile|Pager|Home|"
            r"Work|Voice|Direct)\b|[A-Z][a-z]*:)(?=[A-Z][a-z]|I\b)"
        ),
    ),
    # "Jo: Please send it." or "04:11 PM Jo - Please send it.": a salutation opening a
    # line (or following a header's time) ends before the message; after a colon only
    # when a word that starts sentences follows.
    (
        "salutation",
        re.compile(
            r"(?:^|(?<=[AP]M )|(?<=[.!?] ))"
            + _LABEL
            + r"[A-Z][a-z]+(?: [A-Z][a-z]+)?: +(?="
            + _STARTER
            # (not a headline's quotation in title case: "Okafor: I Am Sure Voters Will ...")
            + r"\b)(?!(?:[A-Z][\w'’]*[ ,]+){2}[A-Z])"
            r"|(?:^|(?<=[AP]M ))" + _LABEL + r"[A-Z][a-z]+ ?-{1,2} +(?=[A-Z])",
            re.MULTILINE,
        ),
    ),
    # "Call me. Thanks, Jo I will be in on Monday.": a signature's name ends before a word
    # that starts sentences.
    (
        "signature_name",
        re.compile(
            r"(?:^|(?<=[.!?] ))(?:Thanks|Regards|Best regards|Kind regards|Best|Cheers|Sincerely|Take care),? "
            r"+[A-Z][a-z]+ +(?=" + _STARTER + r"\b)",
            re.MULTILINE,
        ),
    ),
    # "A talk with the mayor Tuesday, May 5, 2015": a full date closing a heading line
    # (a wire story's title and date) is a sentence of its own.
    (
        "before_closing_date",
        re.compile(
            r"(?<=\S)(?<!\bon)(?<!\bby)(?<!\buntil) +(?="
            + _WEEKDAY
            + r",? +"
            + _MONTH
            + r" +\d{1,2},? +\d{4} *$)",
            re.MULTILINE,
        ),
    ),
    # "Jo Bloggs@ACME 03/15/2001 04:11 PM": a sender's name and organisation end before
    # the header's date, and "Sent by:" starts a header of its own.
    ("mail_header_sender", re.compile(r"@[A-Z][A-Z_ ]+ +(?=\d{1,2}/\d{1,2}/\d{2,4} )|\S +(?=Sent by: )")),
    # "Is it far? or is it near?": a question or exclamation ends a sentence even when
    # the next one starts in lower case (forum posts); an exclamation mark only after a
    # lower-case word ("She works at Yahoo! in sales" is one sentence).
    ("mark_before_lower_case", re.compile(r"(?:(?<![\w'-])[a-z][a-z']*[!?]+|(?<=\w)\?+[!?]*) +(?=[a-z])")),
    # "The soup was cold. the bread was stale.": a period after a plain word (four
    # letters or more, no abbreviation) ends a sentence before a lower-case word.
    (
        "period_before_lower_case",
        re.compile(r"(?<![.\w])(?=[a-z]{4,}\. +[a-z])" + _abbreviation_guard() + r"[a-z]{4,}\. +(?=[a-z])"),
    ),
    # "The staff were kind--the soup was cold. Service was slow.": a word (no
    # abbreviation), a stop, a space and a capitalised word or "I" is a sentence end
    # the backend's own protections (text between dashes, inside parentheses) may hide.
    # An exclamation mark only after a lower-case word ("Yahoo! Messenger").
    (
        "clear_end",
        re.compile(
            r"(?<![.\w])(?=[A-Za-z][a-z]+[.!?]+ +(?:[A-Z][a-z]|I\b))(?i:"
            + _abbreviation_guard()
            + r")(?:[a-z]{2,}[.!?]+|[A-Z][a-z]+[.?]+) +(?=[A-Z][a-z]|I\b)"
        ),
    ),
    # "Feed it twice a day. as they grow, feed less.": a short lower-case word (no
    # abbreviation such as "vs." or "approx.") and a period before a lower-case word.
    (
        "short_word_before_lower_case",
        re.compile(
            r"(?<![.\w])(?!(?:vs|cf|viz|esp|approx|incl|ca|vol|ch|pt|no|nos|pp|fig|eg|ie|etc|al|et|min|max|sec|hr|"
            r"hrs|yr|yrs|mo|mos|wk|wks|ft|oz|lb|lbs|st|rd|th|nd|mr|mrs|ms|dr|jr|sr|co|inc|ltd|dept|gov|univ|ave|lv|arr|"
            r"arrv|dep|tel|ext|est|pg|sq|mi|km|cm|mm|kg|pct|pts|bn|mn|mln|yds|mph|kph|mins|secs)\.)"
            r"[a-z]{2,3}\. +(?=[a-z])"
        ),
    ),
    # "Is it far ? or near?is it cheap": a question mark after a space, or with no space
    # before a lower-case word (not in a link's query), ends a question.
    (
        "question_before_lower_case",
        re.compile(r"(?<=\w) \?+ +(?=[a-z])|(?<![\w.@/?=&-])[a-z]{2,}\?+(?=[a-z]{2,}[\s,])"),
    ),
    # "Please call me. I will be in.": a lower-case word and a period before "I" end a
    # sentence, though pySBD's list has "me", "is" or "etc" as abbreviations ("vs. I" is
    # kept).
    ("lower_word_before_I", re.compile(r"(?<![\w.])" + _LOWER_ABBREVIATION + r"[a-z]{2,}\. +(?=I\b)")),
    # "The soup was cold.The bread was stale.": a stop with no space after it, between a
    # lower-case word and a capitalised one ("example.com", "Yahoo!News" stay whole).
    (
        "stop_without_space",
        re.compile(r"(?<![\w.@/-])[a-z]{2,}(?:\.|[!?]+)(?=(?:[A-Z][a-z]+|I|A)\b(?![.@/]))"),
    ),
    # "She left the room. \u201cWe are done,\u201d he said.": a lower-case word and a stop
    # before an opening quotation or parenthesis and a capital.
    (
        "before_opening_quotation",
        re.compile(
            r"(?<![.\w])"
            + _LOWER_ABBREVIATION
            + _TITLE_ABBREVIATION
            + r"[A-Za-z][a-z]+[.!?] +(?=[\"\u201c(][A-Z])"
        ),
    ),
    # "We loved it!!! THE BEST.": a run of marks, or a mark after a lower-case or
    # all-capitals word, before a capital.
    ("exclamation_before_capital", re.compile(r"(?:\b[a-z]+|\b[A-Z]{2,}|[!?])[!?]+ +(?=[A-Z])")),
    # "(The rest was fine.) We paid.": a parenthesis that closes a sentence.
    ("closing_parenthesis", re.compile(r"\b[a-z]{2,}[.!?]\) +(?=[A-Z])")),
    # "\u201cWe are not done.\u201d Then she left.": a quotation that closes a
    # sentence (quotation_then_speaker keeps "\u201cWait!\u201d she said." whole).
    ("closing_quotation", re.compile(r"[.!?][\"\u201d\u2019]+ +(?=[\"\u201c\u2018]?[A-Z])")),
    # "It rained. 2. Transport": a numbered item after a sentence end starts a sentence
    # with its number (numbered_item_number joins the number to its item).
    ("before_numbered_item", re.compile(r"[.!?] +(?=\d{1,2}\. [A-Z])")),
    # "Figure 2.4 Two hikers on the ridge.": a figure's or table's label opening a
    # paragraph is a sentence of its own.
    (
        "figure_label",
        re.compile(r"^(?:Figure|Fig\.|Table|Map|Image|Photo) \d+(?:\.\d+)*:? +(?=[A-Z(])", re.MULTILINE),
    ),
    # "Call me. ========== Jo Bloggs": a rule of five or more "=", "_", "*", "-" or "~"
    # is a sentence of its own (mail separators and signature blocks).
    (
        "around_rule_line",
        re.compile(r"\S +(?=(?:={5,}|_{5,}|\*{5,}|-{5,}|~{5,}))|(?:={5,}|_{5,}|\*{5,}|-{5,}|~{5,}) +(?=\S)"),
    ),
    # "<< File: plan.doc >> Here is the plan.": an attachment note ends before a capitalised word.
    ("after_attachment", re.compile(r">> +(?=[A-Z][a-z])")),
    # "See http://a.example/1 http://b.example/2 Hope it helps.": a link ends its
    # sentence before another link or a capitalised word.
    ("after_link", re.compile(r"(?:https?://|www\.)\S*[\w/] +(?=https?://|www\.|[A-Z][a-z]|I\b)")),
    # "It opened in 1901. [3] The hall burned.": the next sentence starts after the
    # citation marks that close this one.
    ("after_citations", re.compile(r"[.!?][\"\u201d\u2019]?(?:\s*\[\d{1,3}\])+ +(?=[A-Z\"\u201c])")),
    # "Thanks, Ann": a closing word and its comma are a sentence of their own before
    # the signature ("Thanks, Ann." and "Thank you, Mr. Chair." stay whole).
    (
        "closing_before_signature",
        re.compile(
            r"(?:^|(?<=[.!?\n] ))(?:Thanks|Thank you|Regards|Best regards|Kind regards|Cheers|Sincerely|"
            r"Respectfully|Best|Best wishes|Many thanks|Take care|Cordially|Love|Yours),"
            r"(?= +[A-Z])(?! +(?:I|Mr|Mrs|Ms|Madam|Dr)\b| +[A-Z][a-z]+[.!](?:\s|$))\s+"
            r"|(?:^|(?<=[.!?\n] ))(?:Regards|Sincerely|Cordially)(?= +[A-Z])\s+",
            re.MULTILINE,
        ),
    ),
    # "It was great :) We will be back.": an emoticon closes its sentence.
    ("after_emoticon", re.compile(r"(?<!\S)" + _EMOTICON + r"+ +(?=[A-Z])")),
)

JOIN_RULES: tuple[CutRule, ...] = (
    # "Wow!!!!" or "end.(see": no sentence starts inside a run of characters with no
    # space, unless a capital letter or a quotation opens it ("done.Then") or a question
    # mark between two words ends it ("far?is").
    ("inside_a_word", re.compile(r"(?<=\S)(?=[^\sA-Z\"\u201c])(?!(?<=[a-z]\?)[a-z]+[\s,.!?])")),
    # "It opened in 1901. [3]": citation marks belong to the sentence they follow.
    ("before_citation", re.compile(r"(?<=\s)(?=\[(?:\d{1,3}|[a-z ]{3,30} needed)\])")),
    # "It rained. 2. Transport was late.": an item's number belongs to its item.
    ("numbered_item_number", re.compile(r"(?:(?<=[.!?:] \d\. )|(?<=[.!?:] \d\d\. ))(?=[A-Z])")),
    # "We won! :)": an emoticon belongs to the sentence it follows.
    ("before_emoticon", re.compile(r"(?<=\s)(?=" + _EMOTICON + r"+(?:\s|$))")),
    # "She was born in Ft. Worth.": a title or place abbreviation belongs to the name after it.
    (
        "abbreviation_before_name",
        re.compile(
            _after_words(
                "Ft Mt Sr Gov Gen Sen Rep Lt Col Maj Brig Sgt Capt Cmdr Adm Prof Dr Rev Hon Pres Supt Det Insp Attn Mr Mrs "
                "Ms " + " ".join(lx.PLURAL_TITLES),
                r"\.\s",
            )
            + "(?=[A-Z])"
        ),
    ),
    # "A corpus of approx. 3750 poems", "Wed. Sept. 20": an abbreviation before a number or
    # a date belongs to it.
    (
        "abbreviation_before_number",
        re.compile(
            _after_words(
                "approx ca c appr no nos No vol p pp est Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Jan Feb Mar Apr "
                "Jun Jul Aug Sep Sept Oct Nov Dec",
                r"\.\s",
            )
            + r"(?=\d|"
            + _MONTH_ABBREVIATION
            + r"[a-z]*\.?\s\d)"
        ),
    ),
    # "It covers (a) the roof and (b) the hall.": an item letter in parentheses, or any
    # item before a lower-case word, inside a sentence does not start one (after a colon
    # only before a lower-case word; "1) The first 2) The second" is a list).
    (
        "inline_list_item",
        re.compile(
            r"(?<=[^.!?\")\s:]\s)(?=\((?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\)\s)"
            r"|(?<=[^.!?\")\s]\s)(?=\(?(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d)\)\s+[a-z])"
        ),
    ),
    # "\u201cAre you there?\u201d I called.": a quotation and its speech verb are one sentence.
    (
        "quotation_then_speaker",
        re.compile(
            r"(?<=[?!,\u2014\u2013\u2026-][\"\u201d\u2019]\s)(?=(?:(?:I|he|she|they|we|you|it)\s+"
            + _SPEECH_VERB
            + r"\b|"
            + _SPEECH_VERB
            + r"\s+(?:[A-Z][a-z]+|he|she|I)\b|[A-Z][a-z]+\s+"
            + _SPEECH_VERB
            + r"\b))"
        ),
    ),
)


# Cheap patterns (a literal or a rare character first, so the regex engine skips ahead)
# that must occur in a paragraph before a cut rule's own pattern, slower to scan, is
# tried: most rules look at text that news paragraphs rarely hold, and scanning every
# paragraph with every rule would cost a tenth of the engine's time.
_GATES: dict[str, re.Pattern[str]] = {
    "mail_header_time": re.compile("/"),
    "mail_header_date": re.compile("/"),
    "mail_header_sender": re.compile("@|Sent by"),
    "mail_header_field": re.compile(r":\s"),
    "after_contact": re.compile(r"@|-\d{4} "),
    "salutation": re.compile(r": |- "),
    "signature_name": re.compile("Thanks|Regards|Best|Cheers|Sincerely|Take care"),
    "closing_before_signature": re.compile(
        "Thank|Regards|Kind regards|Best|Cheers|Sincerely|Respectfully|Take care|Cordially|Love|Yours|Many thanks"
    ),
    "before_closing_date": re.compile(r"day,? +[A-Z][a-z]+ +\d{1,2},? +\d{4}"),
    "short_word_before_lower_case": re.compile(r"\. +[a-z]"),
    "period_before_lower_case": re.compile(r"\. +[a-z]"),
    "question_before_lower_case": re.compile(r"\?"),
    "mark_before_lower_case": re.compile(r"[!?] +[a-z]"),
    "exclamation_before_capital": re.compile(r"[!?] "),
    "lower_word_before_I": re.compile(r"\. +I\b"),
    "stop_without_space": re.compile(r"[.!?][A-Z]"),
    "before_opening_quotation": re.compile(r"[.!?] +[\"\u201c(]"),
    "closing_parenthesis": re.compile(r"\) "),
    "around_rule_line": re.compile(r"={5}|_{5}|\*{5}|-{5}|~{5}"),
}


def apply_rules(text: str, s: int, e: int, spans: list[Offsets]) -> list[Offsets]:
    """``spans`` of ``text[s:e]`` with CUT_RULES and JOIN_RULES applied."""
    cuts = {a for a, _ in spans[1:]}
    for name, pattern in CUT_RULES:
        gate = _GATES.get(name)
        if gate is not None and gate.search(text, s, e) is None:
            continue
        for m in pattern.finditer(text, s, e):
            if m.end() < e:
                cuts.add(m.end())
    if len(cuts) == 0:
        return spans
    kept = [c for c in cuts if not any(p.match(text, c, e) for _, p in JOIN_RULES)]
    return _cut_spans(text, s, e, kept)


class SentencexSplitter(_ParagraphSplitter):
    name = "sentencex"

    def __init__(self, language: str = "en") -> None:
        import sentencex

        self._language = language
        self._segment_fn: Callable[[str, str], Iterable[str]] = sentencex.segment

    def _segment(self, paragraph: str) -> Iterable[str]:
        return self._segment_fn(self._language, paragraph)


# "He left at 6 P.M. Mr. Smith then went": pySBD keeps the sentence going after a
# time abbreviation (Golden Rule 18). A time that closes a clause (two or more words
# before it) and is followed by a title or pronoun starts a new sentence; "At 5 a.m.
# Mr. Smith went" stays whole because the time is only an introductory phrase.
_TIME_END = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s?[AaPp]\.[Mm]\.\s+(?=(?:Mr|Mrs|Ms|Dr|The|He|She|It|They|We|I)\b)"
)


_TIME_INTRO = re.compile(
    r"(?:at|by|around|about|before|after|until|from|since)\s+\d{1,2}(?::\d\d)?\s?[ap]\.m\.", re.IGNORECASE
)


def _fix_time_abbreviations(text: str, spans: list[Offsets]) -> list[Offsets]:
    # "At 5 a.m." alone is an introductory phrase, not a sentence: join it to the next.
    joined: list[Offsets] = []
    for s, e in spans:
        if joined and _TIME_INTRO.fullmatch(text, *joined[-1]):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    spans = joined
    out: list[Offsets] = []
    for s, e in spans:
        cut = s
        for m in _TIME_END.finditer(text, s, e):
            if m.end() < e and len(text[cut : m.start()].split()) >= 2:
                a, b = _trim(text, cut, m.end())
                if a < b:
                    out.append((a, b))
                cut = m.end()
        a, b = _trim(text, cut, e)
        if a < b:
            out.append((a, b))
    return out


def make_splitter(backend: str, language: str = "en") -> SentenceSplitter:
    if backend == "pysbd":
        return PysbdSplitter(language)
    if backend == "sentencex":
        return SentencexSplitter(language)
    raise ValueError(f"unknown sentence backend {backend!r} (use 'pysbd' or 'sentencex')")
