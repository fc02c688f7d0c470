"""Find text copied from the research-use corpora in ../shared into the repository.

    .venv/bin/python scripts/shared_overlap.py [FILE ...]        # the files given
    .venv/bin/python scripts/shared_overlap.py --diff REV         # lines added since REV
    .venv/bin/python scripts/shared_overlap.py --messages REV     # commit messages since REV

The texts in ../shared (news_10k, PolNeAR train, GUM news dev) may be read, never
committed, nor text derived from them. This prints every run of seven words (lower-cased
word tokens, across line breaks) that a checked text shares with any of them, and exits 1
when there is one. Short phrases common in news ("said on Tuesday that") are shorter than
seven words; a quoted sentence is not. Run it before every commit that adds test strings,
examples in comments or docs, or commit messages about the engine's output. It reads the
corpora in place (about 30 s) and keeps nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = ("corpus/news_10k.jsonl", "eval/polnear_train.jsonl", "eval/gum_news_dev.jsonl")
WORD = re.compile(r"\w+(?:['’]\w+)*")
N = 7


def runs(text: str) -> set[str]:
    """Every run of N lower-cased words of ``text``, as one string (hash-free: stable
    between processes)."""
    words = [w.lower() for w in WORD.findall(text)]
    return {" ".join(words[i : i + N]) for i in range(len(words) - N + 1)}


def corpus_runs(paths: Iterable[Path]) -> set[str]:
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    seen |= runs(json.loads(line)["text"])
    return seen


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--diff", metavar="REV", help="check the lines added since REV")
    ap.add_argument("--messages", metavar="REV", help="check the commit messages since REV")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = ap.parse_args(argv)
    texts: list[tuple[str, str]] = [
        (str(f), f.read_text(encoding="utf-8", errors="replace")) for f in args.files
    ]
    if args.diff:
        diff = _git("diff", args.diff, "--unified=0").splitlines()
        added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
        texts.append((f"lines added since {args.diff}", "\n".join(added)))
    if args.messages:
        texts.append(
            (f"commit messages since {args.messages}", _git("log", "--format=%B", f"{args.messages}.."))
        )
    missing = [c for c in CORPORA if not (args.shared / c).is_file()]
    if missing:
        print(f"missing in {args.shared}: {', '.join(missing)}", file=sys.stderr)
        return 2
    seen = corpus_runs(args.shared / c for c in CORPORA)
    found = 0
    for name, text in texts:
        hits = sorted(runs(text) & seen)
        found += len(hits)
        print(f"{name}: {len(hits)}")
        for hit in hits:
            print(f"    {hit}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
