"""Compile the engine's rule modules to C extensions with mypyc (run by `make install`).

    .venv/bin/python scripts/build_engine.py           # build (or say why not)
    .venv/bin/python scripts/build_engine.py --clean   # remove the compiled modules

The claim rules are plain Python over lists of ints and strings; mypyc compiles the
same typed source to a C extension that runs the rules about 1.7x as fast (see
docs/engine.md, Speed). The sources stay the truth: `annotations/engine/native.py` loads
a compiled module only if the stamp written here matches the source's hash and this
interpreter, so an edited source never runs as stale compiled code. If no C compiler or
Python headers are available the build is skipped with a message and the engine runs
from source (slower, same results).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.engine import native  # noqa: E402  (after the path tweak)


def clean() -> None:
    for path in native.compiled_files():
        path.unlink()
    native.STAMP.unlink(missing_ok=True)


@contextlib.contextmanager
def _output_to(path: Path) -> Iterator[None]:
    """Send this process's stdout and stderr (file descriptors, so compilers too) to path."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with path.open("wb") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def build() -> int:
    clean()
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        print(f"engine: not compiled ({exc}); it runs from source", file=sys.stderr)
        return 0
    sources = [str(p.relative_to(ROOT)) for p in native.sources().values()]
    # The engine is type-checked on its own (docs/engine.md): the project's mypy config
    # loads the django-stubs plugin, which the engine must not need.
    options = [
        "--config-file",
        os.devnull,
        "--python-version",
        f"{sys.version_info[0]}.{sys.version_info[1]}",
    ]
    options += ["--ignore-missing-imports", "--disallow-untyped-defs"]
    cwd = Path.cwd()
    print("engine: compiling the rule modules with mypyc (about a minute)", flush=True)
    with tempfile.TemporaryDirectory(prefix="claimdesk-mypyc-") as tmp:
        os.chdir(ROOT)
        log = Path(tmp) / "build.log"
        try:
            # The C compiler's warnings about mypyc's generated code are noise to whoever runs
            # `make run`; they go to a log that is shown only when the build fails.
            with _output_to(log):
                ext = mypycify(options + sources, target_dir=str(Path(tmp) / "c"), separate=True)
                setup(
                    name="claimdesk-engine-native",
                    ext_modules=ext,
                    script_args=[
                        "-q",
                        "build_ext",
                        "--inplace",
                        "--build-temp",
                        str(Path(tmp) / "o"),
                        "-j",
                        "2",
                    ],
                )
        except (SystemExit, Exception) as exc:  # noqa: BLE001 - a failed build leaves the source engine
            clean()
            if log.exists():
                sys.stderr.write(log.read_text(errors="replace")[-20000:])
            print(f"engine: not compiled ({exc!r}); it runs from source", file=sys.stderr)
            return 0
        finally:
            os.chdir(cwd)
            shutil.rmtree(ROOT / "build", ignore_errors=True)
    native.write_stamp()
    names = ", ".join(sorted(native.sources()))
    print(f"engine: compiled {names} with mypyc ({native.STAMP.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    if "--clean" in sys.argv[1:]:
        clean()
        sys.exit(0)
    sys.exit(build())
