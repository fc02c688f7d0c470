"""scripts/shared_overlap.py: the check that no research-use text from ../shared is committed."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TEXT = "The harbour board voted on Tuesday to close the old quay for good, officials said."


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_overlap", ROOT / "scripts" / "shared_overlap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    for name in ("corpus/news_10k.jsonl", "eval/polnear_train.jsonl", "eval/gum_news_dev.jsonl"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps({"id": 1, "text": CORPUS_TEXT}) + "\n", encoding="utf-8")
    return folder


def test_a_file_quoting_seven_words_of_the_corpus_is_found(shared: Path, tmp_path: Path) -> None:
    copied = tmp_path / "copied.py"
    copied.write_text(
        'EXAMPLE = (\n    "voted on Tuesday to close the"\n    " old quay"\n)\n', encoding="utf-8"
    )
    assert _script().main([str(copied), "--shared", str(shared)]) == 1


def test_a_file_sharing_six_words_passes(shared: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.py"
    own.write_text('EXAMPLE = "voted on Tuesday to close the gate"\n', encoding="utf-8")
    assert _script().main([str(own), "--shared", str(shared)]) == 0


def test_a_missing_corpus_is_an_error_not_a_pass(tmp_path: Path) -> None:
    own = tmp_path / "own.py"
    own.write_text("x = 1\n", encoding="utf-8")
    assert _script().main([str(own), "--shared", str(tmp_path / "nowhere")]) == 2
