"""python manage.py export_claims."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_export_to_a_file(desk, tmp_path):
    out = tmp_path / "claims.jsonl"
    call_command("export_claims", "--project", desk.project.slug, "--format", "jsonl", "-o", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in records} == {c.pk for c in desk.verified}
    assert not list(tmp_path.glob(".*partial"))


def test_export_any_status_to_stdout(desk, capfdbinary):
    call_command(
        "export_claims", "--project", desk.project.slug, "--format", "csv", "--status", "any", "-o", "-"
    )
    out = capfdbinary.readouterr().out.decode("utf-8-sig")
    assert out.startswith("claim_id,claim,")
    assert out.count("\r\n") == 6  # header + 5 claims


def test_filters_and_a_pdf(desk, tmp_path):
    out = tmp_path / "r.pdf"
    call_command(
        "export_claims",
        "--project",
        desk.project.slug,
        "--format",
        "pdf",
        "--verdict",
        "false",
        "-o",
        str(out),
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_errors_are_reported_and_leave_no_file(desk, tmp_path):
    with pytest.raises(CommandError, match="no project"):
        call_command("export_claims", "--project", "nope", "--format", "csv", "-o", str(tmp_path / "x.csv"))
    desk.project.publisher_url = ""
    desk.project.save()
    target = tmp_path / "cr.jsonld"
    with pytest.raises(CommandError, match="publisher URL"):
        call_command(
            "export_claims", "--project", desk.project.slug, "--format", "claimreview", "-o", str(target)
        )
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CommandError, match="date"):
        call_command(
            "export_claims", "--project", desk.project.slug, "--format", "csv", "--published-from", "May",
            "-o", str(target),
        )  # fmt: skip
