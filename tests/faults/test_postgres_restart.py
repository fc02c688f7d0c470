"""Scenario 3: PostgreSQL restarted (pg_ctl stop -m fast: every connection is cut,
then down a few seconds) during splitting, and during annotation saves through the
real web server.

Protections: split tasks retry database errors with exponential backoff and jitter;
the split store and annotation_save each run in one transaction (all or nothing); the
web server reconnects on the next request (CONN_HEALTH_CHECKS), so the client's retry
succeeds.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import requests

from tests.faults.corpus import write_jsonl
from tests.faults.harness import Stack, problems, wait_until

ARTICLES = 400
DOWN_SECONDS = 4


# --- during splitting ---------------------------------------------------------------


def _restart_during_split(stack: Stack, tmp_path: Path, project: str, **worker_args: Any) -> dict[str, float]:
    stack.worker("worker", concurrency=2, **worker_args)
    path = tmp_path / "articles.jsonl"
    write_jsonl(path, 0, ARTICLES)
    assert stack.import_articles(path, project).returncode == 0

    def mid() -> bool:
        counts = stack.status_counts(project)
        return counts.get("splitting", 0) > 0 and counts.get("split", 0) >= 32

    wait_until(mid, timeout=120, what="splitting under way", interval=0.05)
    before = stack.status_counts(project)
    stack.pg.stop("fast")
    down_at = time.monotonic()
    time.sleep(DOWN_SECONDS)
    stack.pg.start()
    return {"down_at": down_at, "up_at": time.monotonic(), "split_before": before.get("split", 0)}


def _retries(stack: Stack) -> int:
    return sum(len(re.findall(r"split_articles\[[^\]]+\] retry", p.output())) for p in stack.procs)


def test_postgres_restarted_during_splitting_tasks_retry(stack: Stack, tmp_path: Path, record) -> None:
    # No beat: the tasks' own retries must bring every article home.
    outage = _restart_during_split(stack, tmp_path, "pg-split")
    stack.wait_settled("pg-split", ARTICLES, timeout=180)
    recovered = time.monotonic() - outage["up_at"]
    found = problems(stack, "pg-split")
    retries = _retries(stack)
    record(
        articles=ARTICLES,
        postgres_down_seconds=round(outage["up_at"] - outage["down_at"], 1),
        split_before_outage=outage["split_before"],
        task_retries=retries,
        seconds_after_postgres_back_to_all_split=round(recovered, 1),
    )
    assert retries > 0, "no task retried: the outage missed the splitting"
    assert not found, found


def test_postgres_restarted_during_splitting_without_retries_loses_articles(
    stack: Stack, tmp_path: Path, record
) -> None:
    _restart_during_split(
        stack, tmp_path, "pg-split-off", app="tests.faults.unprotected", CLAIMDESK_FAULTS_OFF="no_retry"
    )
    last: dict[str, int] = {}
    for _ in range(60):
        counts = stack.status_counts("pg-split-off")
        if counts == last and stack.redis.queue_length(stack.queue) == 0:
            break
        last = counts
        time.sleep(2)
    found = problems(stack, "pg-split-off")
    lost = found.get("not_split", [])
    record(
        protection_off="task retries (no beat either)",
        articles=ARTICLES,
        articles_never_split=len(lost),
        by_status={s: sum(1 for row in lost if row[1] == s) for s in ("pending", "splitting")},
    )
    assert lost, f"expected articles left unsplit without retries, the check found {found}"


# --- during annotation saves ----------------------------------------------------------

EVIDENCE = 40  # many links: a save is ~160 statements, so an outage can land inside one
SETUP = """
import json
from pathlib import Path
from django.contrib.auth.models import User
from annotations.importers import read_articles
from annotations.models import Claim, Role
from annotations.services.articles import articles_import
from annotations.services.projects import membership_set, project_get_or_create
from annotations.services.splitting import articles_split
user = User.objects.create_user("analyst", password=PASSWORD)
project, _ = project_get_or_create(slug="saves", owner=user)
membership_set(project=project, user=user, role=Role.OWNER, by=None)
outcome = articles_import(project=project, records=read_articles(Path(PATH)).records, created_by=user)
articles_split(article_ids=outcome.created)
claims = list(Claim.objects.filter(article__project=project).order_by("id").values_list("id", flat=True))
print(json.dumps({"claims": claims, "verdicts": project.verdict_values()}))
"""


class Analyst:
    """A browser-like client: logs in through the form, then saves annotations with their
    evidence links in one request (`PUT /api/v1/claims/{id}/annotation/`, session and CSRF
    as the desk's own pages send them)."""

    def __init__(self, base: str, password: str) -> None:
        self.base = base
        self.http = requests.Session()
        page = self.http.get(f"{base}/accounts/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        response = self.http.post(
            f"{base}/accounts/login/",
            data={"username": "analyst", "password": password, "csrfmiddlewaretoken": token.group(1)},
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text[:500]
        self.in_flight_since: float | None = None

    def save(self, claim: int, gen: int, verdict: str) -> int | str:
        """Save one annotation; the status code, or the connection error's name."""
        data: dict[str, Any] = {
            "verdict": verdict,
            "confidence": "moderate",
            "rationale": f"gen {gen}",
            "evidence": [
                {
                    "url": f"https://example.org/{claim}/{gen}/{k}",
                    "title": f"gen {gen} link {k}",
                    "stance": "supports",
                }
                for k in range(EVIDENCE)
            ],
        }
        self.in_flight_since = time.monotonic()
        try:
            response = self.http.put(
                f"{self.base}/api/v1/claims/{claim}/annotation/",
                json=data,
                headers={"X-CSRFToken": self.http.cookies["csrftoken"], "Referer": f"{self.base}/"},
                timeout=30,
            )
            return response.status_code
        except requests.RequestException as exc:
            return type(exc).__name__
        finally:
            self.in_flight_since = None


def _partial_writes(stack: Stack) -> list[tuple[Any, ...]]:
    """Annotations whose evidence is not exactly the set their own save wrote: the
    rationale says which save ("gen N") the row is from; every link the reviewer added to the
    claim must be from it too."""
    return stack.query(
        "SELECT a.claim_id, a.rationale, count(e.id), "
        "count(e.id) FILTER (WHERE e.title LIKE a.rationale || ' link %%') "
        "FROM annotations_annotation a LEFT JOIN annotations_evidence e "
        "ON e.claim_id = a.claim_id AND e.added_by_id = a.reviewer_id "
        "GROUP BY a.id HAVING count(e.id) <> %s "
        "OR count(e.id) FILTER (WHERE e.title LIKE a.rationale || ' link %%') <> %s",
        [EVIDENCE, EVIDENCE],
    )


def _saves_scenario(
    stack: Stack, tmp_path: Path, *, web_module: str | None, outages: int, stop_at_first_partial: bool
) -> dict[str, Any]:
    password = "faults-" + "x" * 12
    path = tmp_path / "saves.jsonl"
    write_jsonl(path, 5000, 8)
    setup = stack.manage("shell", "-c", f"PASSWORD={password!r}\nPATH={str(path)!r}\n{SETUP}")
    assert setup.returncode == 0, setup.stderr
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    claims, verdict = data["claims"], data["verdicts"][0]
    assert len(claims) >= 20, data
    _, base = stack.web(module=web_module)
    analyst = Analyst(base, password)

    # gen 0: a complete annotation on every claim, no fault; times a save.
    durations = []
    for claim in claims:
        started = time.monotonic()
        assert analyst.save(claim, 0, verdict) == 200
        durations.append(time.monotonic() - started)
    typical = sorted(durations)[len(durations) // 2]

    # gen 1, repeatedly, while PostgreSQL is restarted with a save in flight.
    outcome: dict[str, Any] = {
        "errors": [],
        "partial_after_outage": [],
        "outages": 0,
        "typical_save_ms": round(typical * 1000),
    }
    failed: list[int] = []
    stop = threading.Event()

    def client() -> None:
        gen = 1
        while not stop.is_set():
            for claim in claims:
                if stop.is_set():
                    return
                result = analyst.save(claim, gen, verdict)
                if result != 200:
                    outcome["errors"].append(result)
                    failed.append(claim)
                    time.sleep(0.2)
            gen += 1

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    for _ in range(outages):
        # Cut PostgreSQL ~40% into a save (after login/session queries, inside the writes).
        wait_until(
            lambda: (
                analyst.in_flight_since is not None
                and time.monotonic() - analyst.in_flight_since > typical * 0.4
            ),
            timeout=30,
            what="a save in flight",
            interval=0.002,
        )
        stack.pg.stop("fast")
        time.sleep(DOWN_SECONDS)
        stack.pg.start()
        outcome["outages"] += 1
        # What an analyst who gives up now leaves behind: all or nothing, per save.
        stop.set()
        thread.join(60)
        partial = _partial_writes(stack)
        outcome["partial_after_outage"].extend(partial)
        if partial and stop_at_first_partial:
            return outcome
        stop.clear()
        thread = threading.Thread(target=client, daemon=True)
        thread.start()
        time.sleep(1)
    stop.set()
    thread.join(60)

    # The client's retry of every save that failed succeeds, and the end state is whole.
    last = {}
    for claim in sorted(set(failed)):
        retry_started = time.monotonic()
        result = analyst.save(claim, 99, verdict)
        last[claim] = (result, round(time.monotonic() - retry_started, 2))
    outcome["retries"] = last
    outcome["claims"] = claims
    outcome["annotation_rows"] = stack.query(
        "SELECT claim_id, count(*) FROM annotations_annotation GROUP BY claim_id ORDER BY claim_id"
    )
    outcome["partial_at_end"] = _partial_writes(stack)
    return outcome


def test_postgres_restarted_during_annotation_saves_no_partial_writes(
    stack: Stack, tmp_path: Path, record
) -> None:
    outcome = _saves_scenario(stack, tmp_path, web_module=None, outages=3, stop_at_first_partial=False)
    record(
        outages=outcome["outages"],
        postgres_down_seconds=DOWN_SECONDS,
        typical_save_ms=outcome["typical_save_ms"],
        client_errors=sorted({str(e) for e in outcome["errors"]}),
        failed_requests=len(outcome["errors"]),
        retried_saves=len(outcome["retries"]),
        retry_results=sorted({str(r[0]) for r in outcome["retries"].values()}),
        partial_writes=len(outcome["partial_after_outage"]) + len(outcome["partial_at_end"]),
    )
    # The client saw a clear error (5xx or a refused connection), never a false success.
    assert outcome["errors"], "no request failed: the outages missed the saves"
    assert all(e in (500, 502, 503) or isinstance(e, str) for e in outcome["errors"]), outcome["errors"]
    assert not outcome["partial_after_outage"], outcome["partial_after_outage"]
    # Every retry succeeded at once; each claim has exactly one annotation, all of it.
    assert all(result == 200 for result, _ in outcome["retries"].values()), outcome["retries"]
    assert [(c, 1) for c in outcome["claims"]] == outcome["annotation_rows"]
    assert not outcome["partial_at_end"], outcome["partial_at_end"]


def test_postgres_restarted_during_non_atomic_saves_leaves_partial_writes(
    stack: Stack, tmp_path: Path, record
) -> None:
    outcome = _saves_scenario(
        stack, tmp_path, web_module="tests.faults.unprotected_web", outages=6, stop_at_first_partial=True
    )
    record(
        protection_off="annotation_save transaction",
        outages_until_detected=outcome["outages"],
        partial_writes=[row[:3] for row in outcome["partial_after_outage"]],
    )
    assert outcome["partial_after_outage"], "the check did not see the partial write"
