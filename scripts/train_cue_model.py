"""Train the engine's stance-cue model (annotations/engine/models/cue_verbs.json).

    .venv/bin/python scripts/train_cue_model.py [../shared/eval/polnear_train.jsonl] [--out PATH]

`make cue-model` runs it. Reads PolNeAR's training articles (research-use text: read in
place, never copied into the repository), parses them exactly as the engine does, and
labels every verb (VB*) by whether it lies inside the cue of an attribution that has a
source. Only the tuning part of the file is used for training: every 5th article
(index % 5 == 4) is the dev split the engine is scored on (docs/engine.md), and this
script prints the model's precision and recall on it. The output holds feature names
(verb forms, tags, dependency labels, prepositions) and weights, no text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.engine import cue_model, get_engine  # noqa: E402
from annotations.engine.types import EngineOptions  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
# Features seen in fewer training verbs than this are dropped (noise, and file size).
MIN_COUNT = 5


def examples(path: Path, *, dev: bool) -> Iterator[tuple[list[str], bool]]:
    engine = get_engine(EngineOptions())
    with path.open(encoding="utf-8") as f:
        rows = [line for line in f if line.strip()]
    for i, line in enumerate(rows):
        if (i % 5 == 4) != dev:
            continue
        article = json.loads(line)
        cues = [(c["start"], c["end"]) for a in article["attributions"] if a["source"] for c in a["cue"]]
        for start, info in engine.token_data(article["text"]):
            for v, tag in enumerate(info.tag):
                if not info.verbal[v] or tag == "MD":
                    continue
                s = start + info.idx[v]
                e = s + info.length[v]
                yield cue_model.features(info, v), any(a < e and s < b for a, b in cues)


def evaluate(model: cue_model.CueModel, data: list[tuple[list[str], bool]]) -> dict[str, float]:
    out: dict[str, float] = {}
    positives = sum(1 for _, y in data if y)
    for name, threshold in (("accept", cue_model.ACCEPT), ("veto", cue_model.VETO), ("zero", 0.0)):
        chosen = [y for f, y in data if model.score(f) > threshold]
        tp = sum(chosen)
        out[f"{name}_precision"] = round(tp / max(len(chosen), 1), 3)
        out[f"{name}_recall"] = round(tp / max(positives, 1), 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=cue_model.MODEL_PATH)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(
            f"no training data at {args.data} (PolNeAR train, see docs/models/cue_verbs.md)", file=sys.stderr
        )
        return 2
    t0 = time.perf_counter()
    train = list(examples(args.data, dev=False))
    dev = list(examples(args.data, dev=True))
    t1 = time.perf_counter()
    model = cue_model.pruned(cue_model.train(train, min_count=MIN_COUNT))
    t2 = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        json.dump(model.to_json(), f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    report = {
        "train_verbs": len(train),
        "train_cues": sum(1 for _, y in train if y),
        "dev_verbs": len(dev),
        "dev_cues": sum(1 for _, y in dev if y),
        "features": len(model.weights),
        "bytes": args.out.stat().st_size,
        "parse_seconds": round(t1 - t0, 1),
        "train_seconds": round(t2 - t1, 1),
        **{f"dev_{k}": v for k, v in evaluate(model, dev).items()},
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
