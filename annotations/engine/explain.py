"""Render the engine's output for one text as Markdown, sentence by sentence.

    python -m annotations.engine.explain ../shared/seed/assad_fled.txt

docs/engine.md's worked example is this command's output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DocumentResult, EngineOptions, get_engine


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render(text: str, result: DocumentResult) -> str:
    lines: list[str] = []
    by_sentence: dict[int, list[int]] = {}
    for k, c in enumerate(result.claims):
        by_sentence.setdefault(c.sentence_index, []).append(k)
    for s in result.sentences:
        lines.append(f"**S{s.index}** [{s.start}:{s.end}] {_cell(text[s.start : s.end])}")
        lines.append("")
        ks = by_sentence.get(s.index, [])
        if not ks:
            lines.append("- no claim")
            lines.append("")
            continue
        lines.append("| claim text | grounded in | source | cue | stance | quote | chain |")
        lines.append("|---|---|---|---|---|---|---|")
        for k in ks:
            c = result.claims[k]
            source = c.source.text if c.source else "—"
            if c.source is None and c.quote_source is not None:
                source = f"— (quote of {c.quote_source.text})"
            chain = " → ".join(x.text for x in c.source_chain) or "—"
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        c.text,
                        f"[{c.start}:{c.end}] {text[c.start : c.end]}",
                        source,
                        c.cue.text if c.cue else "—",
                        c.stance,
                        "yes" if c.is_quote else "",
                        chain,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annotations.engine.explain", description=__doc__)
    ap.add_argument("path", type=Path, help="a UTF-8 text file, or - for stdin")
    ap.add_argument("--backend", choices=["pysbd", "sentencex"], default="pysbd")
    ap.add_argument("--model", default="en_core_web_sm")
    args = ap.parse_args(argv)
    text = sys.stdin.read() if str(args.path) == "-" else args.path.read_text(encoding="utf-8")
    engine = get_engine(EngineOptions(sentence_backend=args.backend, spacy_model=args.model))
    sys.stdout.write(render(text, engine.analyse(text)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
