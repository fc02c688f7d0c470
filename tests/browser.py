"""Helpers for the browser tests (Debian's Chromium driven by Playwright). The `browser` and
`page` fixtures live in tests/conftest.py, so every browser test module shares one browser
(a second sync Playwright in the same thread would fail)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

PASSWORD = "correct horse battery staple"
SHOTS = os.environ.get("CLAIMDESK_SCREENSHOTS", "")


def chromium_path() -> str:
    path = (
        os.environ.get("CLAIMDESK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium not found: `make test` installs Debian's chromium (apt-get install chromium)",
            pytrace=False,
        )
    return path


CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || ""} ${e.sourceFile || ""}:${e.lineNumber} ${e.sample || ""}`);
});
"""


def csp_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    return list(page.evaluate("window.__csp"))


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style our CSP (rightly) blocks.
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False, caret="initial")
