"""The engine must stay importable without Django, DRF or Celery."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.engine import native

ENGINE_DIR = Path(__file__).resolve().parents[2] / "annotations" / "engine"
FORBIDDEN = ("django", "rest_framework", "celery")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _forbidden(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] in FORBIDDEN}


def test_engine_sources_exist() -> None:
    files = list(ENGINE_DIR.rglob("*.py"))
    assert len(files) >= 3, files


def test_every_rule_module_is_scanned() -> None:
    scanned = {p.stem for p in ENGINE_DIR.rglob("*.py")}
    # Every rule module (the compiled ones) and the learned cue model.
    rule_modules = {*native.MODULES, "cue_model"}
    assert rule_modules <= scanned


@pytest.mark.parametrize("path", sorted(ENGINE_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_no_forbidden_import_in_source(path: Path) -> None:
    assert _forbidden(_imported_modules(path)) == set()


def test_scanner_catches_forbidden_imports(tmp_path: Path) -> None:
    # The scanner itself must be able to fail.
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os, django.db\nfrom rest_framework import views\n"
        "import importlib\nimportlib.import_module('celery')\n",
        encoding="utf-8",
    )
    assert _forbidden(_imported_modules(bad)) == {"django.db", "rest_framework", "celery"}


def test_import_and_run_loads_no_django() -> None:
    code = (
        "import json, sys\n"
        "import annotations.engine as e\n"
        "r = e.get_engine(e.EngineOptions()).analyse('Officials said the bridge was closed.')\n"
        "assert r.claims\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in " + repr(FORBIDDEN) + ")))\n"
    )
    root = ENGINE_DIR.parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
