"""`make run` on a machine with nothing configured: embedded PostgreSQL and Redis come
up, the sample article is split by the worker, the page shows its claims, a killed
worker is restarted, and Ctrl-C stops everything."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.conftest import ROOT, wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.worker
def test_make_run_brings_up_the_desk_with_the_sample_article_and_stops_cleanly(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_NAME", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY"}
    }
    env.update(
        CLAIMDESK_VAR_DIR=str(tmp_path / "var"),
        CLAIMDESK_PORT=str(port),
        CLAIMDESK_WORKERS="1",
        DJANGO_DEBUG="1",
    )
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "scripts/devstack.py", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: "Claimdesk is up" in log.read_text() or proc.poll() is not None,
            timeout=180,
            what="make run",
        )
        time.sleep(1)
        output = log.read_text()
        assert proc.poll() is None, output
        assert "embedded PostgreSQL" in output
        assert "embedded Redis" in output
        username, password = (tmp_path / "var" / "demo-login.txt").read_text().split()
        # The URL and the login are the last thing printed, where a person looks.
        tail = "\n".join(output.strip().splitlines()[-8:])
        assert f"http://127.0.0.1:{port}/" in tail
        assert f"{username} / {password}" in tail

        # Every command the README shows works as written in another terminal while it runs:
        # no DATABASE_URL, no secret key, nothing but the checkout.
        article = tmp_path / "note.txt"
        article.write_text("Officials said the ferry resumed service on Monday.\n", encoding="utf-8")
        bare = {k: v for k, v in env.items() if k != "DJANGO_DEBUG"}
        imported = subprocess.run(
            [sys.executable, "manage.py", "import_articles", str(article), "--project", "demo"],
            cwd=ROOT,
            env=bare,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert imported.returncode == 0, imported.stderr[-3000:]

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _get(opener, f"{base}/healthz") is not None, timeout=60, what="the web server")
        login_page = _get(opener, f"{base}/accounts/login/") or ""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        assert token, login_page[:500]
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/"}
        )
        opener.open(request, timeout=10)

        def article_page() -> str | None:
            page = _get(opener, f"{base}/p/demo/") or ""
            for link in sorted(set(re.findall(r'href="(/articles/\d+/)"', page))):
                article = _get(opener, base + link) or ""
                if " · Split · " in article and "undisclosed destination" in article:
                    return article
            return None

        page = wait_for(article_page, timeout=120, what="the worker to split the sample article")
        assert "ferry resumed service" in (_get(opener, f"{base}/p/demo/") or ""), (
            "the imported article is missing"
        )
        assert "Assad boarded a plane to an undisclosed destination" in page
        assert "Arabic media" in page
        assert "Syrian state media" in page

        # A worker that dies (OOM killer, a crash) is restarted, and what it left behind
        # (pool process, embedded beat) does not live on beside the new one.
        schedule = str(tmp_path / "var" / "celerybeat-schedule")
        worker = _worker_pid(proc.pid, schedule)
        worker_log = tmp_path / "var" / "log" / "worker.log"
        ready_before = worker_log.read_text().count(" ready.")
        os.kill(worker, signal.SIGKILL)
        wait_for(
            lambda: "the worker exited (killed by SIGKILL); restarting it" in log.read_text(),
            timeout=30,
            what="devstack to notice the dead worker",
        )
        wait_for(
            lambda: worker_log.read_text().count(" ready.") > ready_before,
            timeout=120,
            what="the restarted worker to be ready",
        )
        new_worker = _worker_pid(proc.pid, schedule)
        assert new_worker != worker
        group = subprocess.run(["pgrep", "-g", str(worker)], capture_output=True, text=True).stdout.split()
        assert group == [], "the dead worker's children live on"
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, log.read_text()[-3000:]
    output = log.read_text()
    assert "stopping embedded Redis" in output
    assert "stopping embedded PostgreSQL" in output
    # Processes that are exiting may take a moment to be gone (a loaded machine, a slow disk).
    deadline = time.monotonic() + 20
    while True:
        leftovers = subprocess.run(
            ["pgrep", "-f", str(tmp_path)], capture_output=True, text=True
        ).stdout.split()
        if not leftovers or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    described = subprocess.run(
        ["ps", "-o", "pid,args", "-p", ",".join(leftovers)], capture_output=True, text=True
    )
    assert leftovers == [], f"processes left running after Ctrl-C:\n{described.stdout}\n{output[-2000:]}"


def _worker_pid(parent: int, schedule: str) -> int:
    """The Celery worker's main process: devstack's child running with this schedule file."""
    found = subprocess.run(["pgrep", "-P", str(parent), "-f", schedule], capture_output=True, text=True)
    pids = found.stdout.split()
    assert len(pids) == 1, found
    return int(pids[0])


def _get(opener: urllib.request.OpenerDirector, url: str) -> str | None:
    try:
        with opener.open(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return None
