"""Claim-extraction engine: sentences, clause-level claims and their attribution.

Pure Python on top of pySBD/sentencex and spaCy; nothing here imports Django, so the
engine can run in a celery worker, a script or a test without settings.
"""

from .engine import ENGINE_VERSION, Engine, get_engine
from .types import ClaimResult, DocumentResult, EngineOptions, SentenceResult, Span

__all__ = [
    "ENGINE_VERSION",
    "ClaimResult",
    "DocumentResult",
    "Engine",
    "EngineOptions",
    "SentenceResult",
    "Span",
    "get_engine",
]
