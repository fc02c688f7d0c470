"""The mypyc build of the engine: it is what runs, it gives the source's results, and a
stale build never runs."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import annotations.engine as engine_pkg
from annotations.engine import claims, engine, native, sentences

ROOT = Path(__file__).resolve().parents[2]
# The sample article, read in place from the shared folder beside the checkout (research-use
# text: never copied into the repository); a missing file fails the tests that need it.
SEED = Path(os.environ.get("CLAIMDESK_SEED_ARTICLE") or ROOT.parent / "shared" / "seed" / "assad_fled.txt")
TEXTS = [
    SEED.read_text(encoding="utf-8"),
    'Officials said he fled, but state media denied it. "We stay," Ali said. Aleppo and Hama fell.',
    "Arabic media, citing rebel sources, reported that Assad boarded a plane to Moscow.",
    "",
    "no punctuation at all just words and more words",
]
WHICH = "import annotations.engine as e, annotations.engine.claims as c; print(e.NATIVE, c.__file__)"


def _run(args: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None, stdin: str = "") -> str:
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd), **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_engine_runs_compiled() -> None:
    # `make install` builds it (scripts/build_engine.py); a machine without a C compiler
    # runs the source, correctly but slower, and this test says so.
    assert engine_pkg.NATIVE, "engine not compiled: run `make install` (needs gcc and the Python headers)"
    assert native.is_compiled(claims), claims.__file__
    assert native.is_compiled(engine), engine.__file__
    assert native.is_compiled(sentences), sentences.__file__


def test_every_listed_module_runs_compiled() -> None:
    # All or none: the compiled modules call each other directly.
    assert engine_pkg.NATIVE, "engine not compiled: run `make install` (needs gcc and the Python headers)"
    modules = [importlib.import_module(f"{engine_pkg.__name__}.{name}") for name in native.MODULES]
    assert [m.__name__ for m in modules if not native.is_compiled(m)] == []


def test_the_build_rule_lists_every_compiled_module() -> None:
    # `make install` rebuilds when one of them changes.
    listed = next(
        line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith("ENGINE_MODULES")
    )
    assert sorted(listed.partition("=")[2].split()) == sorted(native.MODULES)


def test_compiled_and_source_give_the_same_results() -> None:
    lines = "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in enumerate(TEXTS))
    compiled = _run(["-m", "annotations.engine"], stdin=lines)
    source = _run(["-m", "annotations.engine"], env={native.ENV: "0"}, stdin=lines)
    assert _run(["-c", WHICH], env={native.ENV: "0"}).split()[0] == "False"
    assert len(compiled.splitlines()) == len(TEXTS)
    assert '"Assad' in compiled  # the seed's claims are there, not just empty results
    assert compiled == source


def test_an_edited_source_is_never_shadowed_by_its_old_build(tmp_path: Path) -> None:
    copy = tmp_path / "annotations"
    copy.mkdir()
    (copy / "__init__.py").write_text("", encoding="utf-8")
    shutil.copytree(native.HERE, copy / "engine", ignore=shutil.ignore_patterns("__pycache__"))
    # The copy runs compiled while its stamp matches...
    current, where = _run(["-c", WHICH], cwd=tmp_path).split()
    assert (current, Path(where).suffix) == ("True", ".so")
    # ...and from the edited source as soon as it does not.
    with (copy / "engine" / "claims.py").open("a", encoding="utf-8") as f:
        f.write("\nEDITED = True\n")
    current, where = _run(["-c", WHICH + "; assert c.EDITED"], cwd=tmp_path).split()
    assert (current, where) == ("False", str(copy / "engine" / "claims.py"))
