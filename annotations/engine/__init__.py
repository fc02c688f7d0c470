"""Claim-extraction engine: sentences, clause-level claims and their attribution.

Pure Python on top of pySBD/sentencex and spaCy; nothing here imports Django, so the
engine can run in a celery worker, a script or a test without settings. The rule
modules may run compiled by mypyc (``native``); the results are the same either way.
"""

from . import native

NATIVE = native.install_guard()  # before .engine is imported: it decides which file loads

from .engine import ENGINE_VERSION, Engine, get_engine  # noqa: E402
from .types import ClaimResult, DocumentResult, EngineOptions, SentenceResult, Span  # noqa: E402

__all__ = [
    "ENGINE_VERSION",
    "ClaimResult",
    "DocumentResult",
    "Engine",
    "EngineOptions",
    "NATIVE",
    "SentenceResult",
    "Span",
    "get_engine",
]
