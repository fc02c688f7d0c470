"""Command line: JSON Lines ``{"id", "text"}`` in, one result line per input out.

    python -m annotations.engine [--backend pysbd|sentencex] [--model en_core_web_sm]

Input is read in batches so the model is loaded once and nlp.pipe stays busy; a bad
line produces ``{"id", "engine_version", "error"}`` instead of stopping the run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from . import ENGINE_VERSION, DocumentResult, EngineOptions, get_engine
from .types import Span


def _span(s: Span | None) -> dict[str, Any] | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


def to_json(doc_id: Any, result: DocumentResult) -> dict[str, Any]:
    return {
        "id": doc_id,
        "engine_version": result.engine_version,
        "sentences": [{"start": s.start, "end": s.end} for s in result.sentences],
        "claims": [
            {
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "source": _span(c.source),
                "cue": _span(c.cue),
                "is_quote": c.is_quote,
                "stance": c.stance,
                "source_chain": [_span(x) for x in c.source_chain],
                "quote_source": _span(c.quote_source),
                "source_ref": _span(c.source_ref),
                "sentence_index": c.sentence_index,
            }
            for c in result.claims
        ],
    }


def _error(doc_id: Any, message: str) -> dict[str, Any]:
    return {"id": doc_id, "engine_version": ENGINE_VERSION, "error": message}


def _read_batches(stream: BinaryIO, size: int) -> Iterator[list[tuple[Any, str | None, str | None]]]:
    """(id, text, error) triples, ``size`` lines at a time. A line whose id cannot be
    read is reported with id null and its line number."""
    batch: list[tuple[Any, str | None, str | None]] = []
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        doc_id: Any = None
        try:
            line = raw.decode("utf-8")
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("line is not a JSON object")
            doc_id = obj.get("id")
            text = obj.get("text")
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
            batch.append((doc_id, text, None))
        except (ValueError, TypeError) as exc:
            batch.append((doc_id, None, f"line {n}: {exc}"))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annotations.engine", description=__doc__)
    ap.add_argument("--backend", choices=["pysbd", "sentencex"], default="pysbd")
    ap.add_argument("--model", default="en_core_web_sm")
    ap.add_argument("--batch", type=int, default=64, help="documents per batch")
    ap.add_argument("--no-pronouns", action="store_true", help="keep pronouns in claim text")
    args = ap.parse_args(argv)
    options = EngineOptions(
        sentence_backend=args.backend,
        spacy_model=args.model,
        resolve_pronouns=not args.no_pronouns,
        batch_size=max(1, args.batch),
    )
    engine = get_engine(options)
    out = sys.stdout
    for batch in _read_batches(sys.stdin.buffer, max(1, args.batch)):
        good = [(i, t) for i, t, err in batch if err is None and t is not None]
        results: dict[int, dict[str, Any]] = {}
        try:
            for (k, _), res in zip(
                ((k, t) for k, (_, t, err) in enumerate(batch) if err is None),
                engine.analyse_many(t for _, t in good),
                strict=True,
            ):
                results[k] = to_json(batch[k][0], res)
        except Exception:  # noqa: BLE001 - fall back to one document at a time
            results = {}
            for k, (doc_id, text, err) in enumerate(batch):
                if err is None and text is not None:
                    try:
                        results[k] = to_json(doc_id, engine.analyse(text))
                    except Exception as exc:  # noqa: BLE001 - report, keep going
                        results[k] = _error(doc_id, f"{type(exc).__name__}: {exc}")
        for k, (doc_id, _, err) in enumerate(batch):
            obj = results.get(k) or _error(doc_id, err or "not processed")
            out.write(json.dumps(obj, ensure_ascii=True) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
