"""Scenario 4: an article whose content makes the split task raise must fail alone, with
a readable error, and must not poison the queue (its batch-mates and later imports are
still split, and it is not retried in a loop).

The engine itself never raised on any hostile text we tried (punctuation only, a
50,000-character sentence, control characters, emoji and mixed scripts, quote storms;
tests/security has the property-based test). The store did: a speaker phrase longer than
300 normalised characters overflowed Source.normalized_name (a DataError) and took its
batch-mates down with it; fixed in 125ffb8, and that article stays in the batch below as
a regression check. To keep a store that raises, the test database refuses one article's
claims with a CHECK constraint: a realistic stand-in for any data the database refuses.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.faults.corpus import write_jsonl
from tests.faults.harness import Stack, problems, wait_until

LONG_SPEAKER = " ".join(
    ["Association"] + [f"of Regional Grain Producers{i} and Millers{i}" for i in range(12)]
)
LONG_SPEAKER_TITLE = "Hostile: a 500-character speaker"
REFUSED_TITLE = "Hostile: claims the database refuses"
MARKER = "Xqzpoison"
# Quick sweeps so the five attempts before giving up take seconds, not the default hour.
FAST_SWEEP = {"CLAIMDESK_STUCK_AFTER_SECONDS": "3", "CLAIMDESK_SWEEP_SECONDS": "1"}


def _write_batch(path: Path) -> list[str]:
    """Ten ordinary articles and the two hostile ones among them: one task of 12."""
    normal = path.with_suffix(".normal")
    titles = write_jsonl(normal, 1000, 10)
    records = [json.loads(line) for line in normal.read_text(encoding="utf-8").splitlines()]
    records.insert(
        3,
        {
            "title": LONG_SPEAKER_TITLE,
            "text": f'"The harvest fell by 20 percent this year," said the {LONG_SPEAKER}.\n\n'
            "Officials did not comment on the figures.",
        },
    )
    records.insert(
        6,
        {
            "title": REFUSED_TITLE,
            "text": f"Officials said the {MARKER} plant had closed on Monday.\n\n"
            f'"The {MARKER} plant will not reopen," said Maria Alves, the mayor.',
        },
    )
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return titles


def _refuse_marked_claims(stack: Stack) -> None:
    with stack.db() as conn:
        conn.execute(
            "ALTER TABLE annotations_claim ADD CONSTRAINT faults_refuse_marked "
            f"CHECK (text NOT LIKE '%{MARKER}%') NOT VALID"
        )


def _hostile_run(stack: Stack, tmp_path: Path, **worker_args: Any) -> dict[str, Any]:
    _refuse_marked_claims(stack)
    stack.env_extra.update(FAST_SWEEP)
    stack.beat()
    stack.worker("worker", concurrency=1, **worker_args)
    batch = tmp_path / "batch.jsonl"
    batch_titles = _write_batch(batch)
    started = time.monotonic()
    assert stack.import_articles(batch, "hostile").returncode == 0
    # A later import on the same queue: it must not be held up behind the bad article.
    later = tmp_path / "later.jsonl"
    later_titles = write_jsonl(later, 2000, 20)
    assert stack.import_articles(later, "hostile").returncode == 0
    wait_until(
        lambda: all(
            s == "split"
            for t, s in stack.query(
                "SELECT title, split_status FROM annotations_article WHERE title = ANY(%s)", [later_titles]
            )
        ),
        timeout=60,
        what="the later import to be split",
    )
    later_split = time.monotonic() - started
    # Five sweeper attempts of 3 s + 1 s is the worst case before it gives up.
    stack.wait_settled("hostile", 32, timeout=90)
    rows = stack.query("SELECT title, split_status, split_error, split_attempts FROM annotations_article")
    return {
        "by_title": {title: (status, error, attempts) for title, status, error, attempts in rows},
        "batch_titles": batch_titles + [LONG_SPEAKER_TITLE],
        "later_titles": later_titles,
        "seconds_until_later_import_split": round(later_split, 1),
        "seconds_to_settle": round(time.monotonic() - started, 1),
    }


def test_refused_article_fails_alone_with_a_readable_error(stack: Stack, tmp_path: Path, record) -> None:
    run = _hostile_run(stack, tmp_path)
    by_title = run["by_title"]
    status, error, attempts = by_title[REFUSED_TITLE]
    innocent = {
        t: by_title[t] for t in run["batch_titles"] + run["later_titles"] if by_title[t][0] != "split"
    }
    record(
        refused_status=status,
        refused_error=error[:140],
        refused_attempts=attempts,
        innocent_not_split=len(innocent),
        later_import_split_after_seconds=run["seconds_until_later_import_split"],
        all_settled_after_seconds=run["seconds_to_settle"],
    )
    assert not innocent, f"{len(innocent)} innocent articles not split: {innocent}"
    assert status == "failed"
    # Readable: the cause in one line, not a traceback and not "worker lost"; no retry loop.
    assert error.startswith("IntegrityError: "), error
    assert "faults_refuse_marked" in error, error
    assert "Traceback" not in error, (error, attempts)
    assert attempts == 1, (error, attempts)
    found = problems(stack, "hostile")
    assert [row[1] for row in found.pop("not_split")] == ["failed"]
    assert not found, found


def test_refused_article_without_isolation_takes_its_batch_mates_down(
    stack: Stack, tmp_path: Path, record
) -> None:
    run = _hostile_run(stack, tmp_path, app="tests.faults.unprotected", CLAIMDESK_FAULTS_OFF="no_isolation")
    by_title = run["by_title"]
    found = problems(stack, "hostile")
    collateral = [t for t in run["batch_titles"] if by_title[t][0] != "split"]
    record(
        protection_off="per-article isolation of store errors",
        innocent_batch_mates_failed=len(collateral),
        their_error=by_title[collateral[0]][1][:100] if collateral else "",
        refused_error=by_title[REFUSED_TITLE][1][:100],
    )
    assert collateral, f"expected innocent batch-mates lost, the check found {found}"
    assert len(found.get("not_split", [])) == len(collateral) + 1


def test_engine_that_cannot_load_fails_each_article_readably(stack: Stack, tmp_path: Path, record) -> None:
    """A worker deployed without its spaCy model: every article it takes fails with the
    engine's own message (not stuck, not retried in a loop); a healthy worker on the same
    queue then splits the next import."""
    broken = stack.worker("broken", concurrency=1, CLAIMDESK_SPACY_MODEL="does_not_exist")
    first = tmp_path / "first.jsonl"
    write_jsonl(first, 3000, 10)
    assert stack.import_articles(first, "engine").returncode == 0
    stack.wait_settled("engine", 10, timeout=60)
    errors = {e for (e,) in stack.query("SELECT split_error FROM annotations_article")}
    stack.stop(broken)
    stack.worker("healthy", concurrency=1)
    second = tmp_path / "second.jsonl"
    write_jsonl(second, 4000, 10)
    assert stack.import_articles(second, "engine").returncode == 0
    stack.wait_settled("engine", 20, timeout=60)
    counts = stack.status_counts("engine")
    record(errors=sorted(e[:100] for e in errors), statuses=counts)
    assert len(errors) == 1
    (error,) = errors
    assert error.startswith("OSError: [E050] Can't find model 'does_not_exist'"), error
    assert counts == {"failed": 10, "split": 10}
