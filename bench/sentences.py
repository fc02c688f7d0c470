"""Sentence boundaries on Universal Dependencies treebanks: the engine's splitter beside
pySBD and sentencex, on the same texts, in one run.

    .venv/bin/python bench/sentences.py FILE.conllu [FILE.conllu ...] [--only engine]
        [--dump N] [--genre PREFIX]

Give it UD English conllu files (UD_English-EWT, UD_English-GUM: train or dev for work,
never the test split); nothing is downloaded or committed. Each ``# newdoc`` starts a
document; its paragraphs (``# newpar``) are joined by a blank line and the sentences of a
paragraph (their ``# text``) by one space, or none when the sentence's last token has
``SpaceAfter=No`` (as ``/work/shared/eval/README.md`` builds ``gum_news_dev``).

The score is the one of ``score.py`` there: every gold sentence start but a document's
first is a boundary; precision, recall and F1 of the predicted starts (moved past
whitespace) against them, per genre (the part of the document id before its first "-"
for EWT, ``GUM_<genre>`` for GUM), per file and over everything. ``in-para`` counts only
the boundaries that are not at a line break (the hard ones: between paragraphs every
splitter here is right).

- engine:    annotations.engine's splitter (the default pySBD backend with the engine's
             own rules), exactly as Engine.analyse calls it
- pysbd:     pySBD 0.3.4 alone, clean=False, on the whole document
- sentencex: sentencex alone, on the whole document

``--dump N`` prints the engine's first N missed and N spurious boundaries with context.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.engine.sentences import align, make_splitter  # noqa: E402

Spans = list[tuple[int, int]]


@dataclass
class Document:
    doc_id: str
    corpus: str
    text: str
    starts: list[int] = field(default_factory=list)  # gold sentence starts

    @property
    def genre(self) -> str:
        if self.doc_id.startswith("GUM_"):
            return "_".join(self.doc_id.split("_")[:2])
        return f"{self.corpus}-{self.doc_id.split('-')[0]}"


_NEWPAR = re.compile(r"# newpar(?: |$)")


def read_conllu(path: Path) -> Iterator[Document]:
    corpus = path.name.split("-")[0].split("_")[-1].lower()
    doc: Document | None = None
    parts: list[str] = []
    sent_text: str | None = None
    new_par = False
    space_after = True

    def finish() -> Document | None:
        if doc is not None:
            doc.text = "".join(parts)
        return doc

    with path.open(encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc"):
                done = finish()
                if done is not None and done.text:
                    yield done
                doc_id = line.split("=", 1)[1].strip() if "=" in line else f"doc{id(line)}"
                doc = Document(doc_id, corpus, "")
                parts = []
                new_par = True
            elif _NEWPAR.match(line):
                new_par = True
            elif line.startswith("# text ="):
                sent_text = line.split("=", 1)[1].strip()
            elif line and line[0].isdigit():
                space_after = "SpaceAfter=No" not in line.split("\t")[-1]
            elif not line and sent_text is not None:
                if doc is None:
                    doc = Document(path.stem, corpus, "")
                if parts:
                    parts.append("\n\n" if new_par else (" " if space_after else ""))
                doc.starts.append(sum(len(p) for p in parts))
                parts.append(sent_text)
                sent_text = None
                new_par = False
    done = finish()
    if done is not None and done.text:
        yield done


def skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def boundaries(text: str, starts: list[int]) -> set[int]:
    first = skip_space(text, 0)
    return {b for b in (skip_space(text, s) for s in starts) if first < b < len(text)}


def at_line_break(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j].isspace():
        if text[j] == "\n":
            return True
        j -= 1
    return False


def engine_splitter() -> Callable[[str], Spans]:
    from annotations.engine.discourse import _widen
    from annotations.engine.engine import _doubled_quotes

    splitter = make_splitter("pysbd")

    def split(original: str) -> Spans:
        # What Engine._process does before and after splitting.
        doubled = "''" in original
        text = _doubled_quotes(original) if doubled else original
        spans = splitter.split(text)
        return [_widen(original, a, b) for a, b in spans] if doubled else spans

    return split


def pysbd_splitter() -> Callable[[str], Spans]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return lambda text: align(text, seg.segment(text))


def sentencex_splitter() -> Callable[[str], Spans]:
    import sentencex

    return lambda text: align(text, sentencex.segment("en", text))


SPLITTERS = {"engine": engine_splitter, "pysbd": pysbd_splitter, "sentencex": sentencex_splitter}


@dataclass
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, gold: set[int], pred: set[int]) -> None:
        self.tp += len(gold & pred)
        self.pred += len(pred)
        self.gold += len(gold)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def context(text: str, pos: int, width: int = 70) -> str:
    left = text[max(0, pos - width) : pos].replace("\n", "\u21b5")
    right = text[pos : pos + width].replace("\n", "\u21b5")
    return f"{left}\u2016{right}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--only", action="append", choices=sorted(SPLITTERS), help="run only these")
    ap.add_argument("--genre", help="only documents whose genre starts with this")
    ap.add_argument("--dump", type=int, default=0, metavar="N")
    args = ap.parse_args()

    docs: list[tuple[str, Document]] = []
    for path in args.files:
        for d in read_conllu(path):
            if args.genre is None or d.genre.startswith(args.genre):
                docs.append((path.name, d))
    names = args.only or list(SPLITTERS)
    # tallies[name][group] for all boundaries and for in-paragraph ones
    tallies: dict[str, dict[str, Tally]] = {n: defaultdict(Tally) for n in names}
    inpara: dict[str, dict[str, Tally]] = {n: defaultdict(Tally) for n in names}
    seconds: dict[str, float] = {}
    misses: list[str] = []
    spurious: list[str] = []
    for name in names:
        split = SPLITTERS[name]()
        t0 = time.process_time()
        predicted = [split(d.text) for _, d in docs]
        seconds[name] = time.process_time() - t0
        for (fname, d), spans in zip(docs, predicted, strict=True):
            gold = boundaries(d.text, d.starts)
            pred = boundaries(d.text, [s for s, _ in spans])
            gin = {b for b in gold if not at_line_break(d.text, b)}
            pin = {b for b in pred if not at_line_break(d.text, b)}
            for group in (d.genre, fname, "ALL"):
                tallies[name][group].add(gold, pred)
                inpara[name][group].add(gin, pin)
            if name == "engine" and args.dump:
                misses.extend(f"{d.doc_id}: {context(d.text, b)}" for b in sorted(gold - pred))
                spurious.extend(f"{d.doc_id}: {context(d.text, b)}" for b in sorted(pred - gold))

    chars = sum(len(d.text) for _, d in docs)
    print(f"{len(docs)} documents, {chars:,} chars, {sum(len(d.starts) for _, d in docs):,} sentences")
    groups = sorted(
        {g for t in tallies.values() for g in t}, key=lambda g: (g == "ALL", g.endswith(".conllu"), g)
    )
    head = f"{'group':28} {'gold':>6}" + "".join(f" | {n:>9} P     R     F1  in-para F1" for n in names)
    print(head)
    for g in groups:
        row = f"{g:28} {tallies[names[0]][g].gold:6d}"
        for n in names:
            p, r, f1 = tallies[n][g].prf()
            row += f" | {p:9.3f} {r:.3f} {f1:.3f}  {inpara[n][g].prf()[2]:.3f}     "
        print(row)
    print("CPU seconds: " + ", ".join(f"{n} {seconds[n]:.1f}" for n in names))
    if args.dump:
        print(f"\n== missed ({len(misses)})")
        print("\n".join(misses[: args.dump]))
        print(f"\n== spurious ({len(spurious)})")
        print("\n".join(spurious[: args.dump]))


if __name__ == "__main__":
    main()
