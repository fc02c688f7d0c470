"""Login throttling, session revocation, and production settings that pass Django's
deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_repeated_failed_sign_ins_lock_the_account_for_that_address(client, settings):
    UserFactory(username="mira")
    UserFactory(username="noor")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "mira", "password": "guess"}).status_code == 200
    assert client.post(url, {"username": "mira", "password": "guess"}).status_code == 429
    locked = client.post(url, {"username": "mira", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert client.get(reverse("annotations:project-list")).status_code == 302  # not signed in
    # Another account from the same address is not locked out with it.
    assert client.post(url, {"username": "noor", "password": PASSWORD}).status_code == 302


def test_a_password_change_revokes_other_sessions(client):
    user = UserFactory(username="omar")
    client.post(reverse("login"), {"username": "omar", "password": PASSWORD})
    assert client.get(reverse("annotations:project-list")).status_code == 200
    user.set_password("a new long passphrase 42")
    user.save()
    assert client.get(reverse("annotations:project-list")).status_code == 302


def test_sign_out_ends_the_session(client):
    UserFactory(username="pia")
    client.post(reverse("login"), {"username": "pia", "password": PASSWORD})
    client.post(reverse("logout"))
    assert client.get(reverse("annotations:project-list")).status_code == 302


def test_production_settings_pass_the_deployment_checks():
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="desk.example.org")
    # Some model checks ask the server about its features: point them at a database that exists.
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_responses_carry_the_security_headers(client, settings):
    UserFactory(username="quin")
    response = client.get(reverse("login"), secure=True)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_no_secret_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    suspicious = []
    for name in tracked:
        if name.endswith((".png", ".pdf", ".lock", ".gz", ".js")):
            continue
        text = (ROOT / name).read_text(errors="ignore")
        for marker in (
            "BEGIN PRIVATE KEY",
            "BEGIN RSA PRIVATE KEY",
            "AKIA",
            "DJANGO_SECRET_KEY=",
            "sk_live_",
        ):
            if marker in text and not name.startswith(("tests/", "README", "docs/")):
                suspicious.append(f"{name}: {marker}")
    assert suspicious == []
