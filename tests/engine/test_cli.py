"""`python -m annotations.engine`: JSON Lines in, one line per input out, bad lines reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_cli(stdin: str | bytes, *args: str) -> list[dict[str, Any]]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "annotations.engine", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]


def test_cli_one_line_per_input_and_errors_for_bad_lines(seed: str) -> None:
    lines = [
        json.dumps({"id": "seed", "text": seed}),
        "this is not json",
        json.dumps({"id": 7, "text": None}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "q", "text": "Is it raining? Officials said it was."}),
    ]
    out = run_cli("\n".join(lines) + "\n", "--backend", "sentencex")
    assert len(out) == len(lines)
    assert [o["id"] for o in out][0] == "seed"
    assert out[2]["id"] == 7
    assert out[4]["id"] == "empty"
    assert "error" in out[1]
    assert "error" in out[2]
    assert "error" in out[3]
    seed_out = out[0]
    assert seed_out["engine_version"]
    assert isinstance(seed_out["sentences"], list)
    assert isinstance(seed_out["claims"], list)
    for c in seed_out["claims"]:
        assert isinstance(c, dict)
        assert seed[c["start"] : c["end"]]
        src = c["source"]
        if src is not None:
            assert seed[src["start"] : src["end"]] == src["text"]
        assert c["stance"] in ("asserted", "denied")
        assert isinstance(c["is_quote"], bool)
        assert isinstance(c["source_chain"], list)
    assert out[4]["sentences"] == []
    assert out[4]["claims"] == []
    q = out[5]
    assert len(q["sentences"]) == 2
    assert all(c["start"] >= q["sentences"][1]["start"] for c in q["claims"])  # no claim in the question


def test_cli_survives_undecodable_bytes_and_reports_them() -> None:
    stdin = (
        b'{"id": "a", "text": "Rain fell."}\n\xff\xfe not utf-8\n{"id": "b", "text": "He said it rained."}\n'
    )
    out = run_cli(stdin)
    assert [o["id"] for o in out] == ["a", None, "b"]
    assert "error" in out[1]
    assert "line 2" in out[1]["error"]
    assert out[2]["claims"]
    assert out[2]["claims"][0]["source"]["text"] == "He"
