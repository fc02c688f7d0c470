"""Which engine modules run compiled (mypyc, built by scripts/build_engine.py), and the
guard that keeps a stale build from running.

A compiled module sits next to its source (``claims.cpython-312-x86_64-linux-gnu.so``
beside ``claims.py``) and Python's importer prefers it. That is only right while it was
built from the source as it is now: the build writes a stamp with each source's hash
and the interpreter's extension suffix, and ``install_guard`` (called by the package
before anything else is imported) makes every listed module load from source when the
stamp does not match, or when ``CLAIMDESK_ENGINE_NATIVE=0``. All or none: compiled
modules call each other directly, so a compiled ``engine`` must not meet a source
``claims``. A new module whose Python time counts goes into ``MODULES`` and into the
Makefile's build rule.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).resolve().parent
# The modules whose Python time counts (token data, clauses, attribution rules, claim
# texts, per-claim results and the cross-sentence steps, splitting); the rest is glue
# or data, and most time is spent inside spaCy or pySBD anyway.
MODULES = (
    "tokens",
    "repairs",
    "clauses",
    "claim_text",
    "attribution",
    "stance",
    "rules",
    "claims",
    "discourse",
    "engine",
    "sentences",
)
STAMP = HERE / "native.stamp"
ENV = "CLAIMDESK_ENGINE_NATIVE"


def sources() -> dict[str, Path]:
    return {name: HERE / f"{name}.py" for name in MODULES}


def _suffix() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def _expected() -> dict[str, object]:
    return {
        "ext_suffix": _suffix(),
        "sources": {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sources().items()},
    }


def write_stamp() -> None:
    STAMP.write_text(json.dumps(_expected(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def compiled_files() -> list[Path]:
    """Every extension the build leaves in the package (modules and mypyc's runtime)."""
    return sorted(p for p in HERE.iterdir() if p.suffix in (".so", ".pyd") and not p.name.startswith("."))


def is_current() -> bool:
    """The compiled modules were built from these sources, for this interpreter."""
    if not all((HERE / f"{name}{_suffix()}").is_file() for name in MODULES):
        return False
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(stamp == _expected())


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Load the listed engine modules from their .py files, never an extension."""

    def __init__(self, names: Sequence[str]) -> None:
        self.paths = {f"{PACKAGE}.{name}": HERE / f"{name}.py" for name in names}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.paths.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def install_guard() -> bool:
    """Make the engine run from source unless a current build exists; True if the
    compiled modules will be used."""
    use = os.environ.get(ENV, "1") != "0" and is_current()
    if not use and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst(MODULES))
    return use


def is_compiled(module: ModuleType) -> bool:
    return str(getattr(module, "__file__", "")).endswith(_suffix())
