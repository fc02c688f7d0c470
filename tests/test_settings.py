"""Configuration comes from the environment; production refuses unsafe settings."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "too short" in result.stderr


def test_debug_runs_without_a_key_and_production_with_one():
    assert load_settings(DJANGO_DEBUG="1").stdout.strip() == "True"
    assert load_settings(DJANGO_SECRET_KEY="k" * 50).stdout.strip() == "False"


def test_only_postgresql_is_accepted():
    result = load_settings(DJANGO_DEBUG="1", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
