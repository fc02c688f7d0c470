"""Exports and reports name reviewers and approvers by their display names (usernames only
for those who set none), as the desk does."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.exports.conftest import Desk, export_bytes
from tests.exports.test_report import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(desk: Desk) -> Desk:
    for key, name in (("editor", "Edith Tor"), ("rev_a", "Rania Aziz")):
        user = desk.users[key]
        user.first_name = name
        user.save()
    return desk


def test_csv_reviewer_and_approver_columns_use_display_names(named: Desk):
    rows = list(csv.DictReader(io.StringIO(export_bytes(named.project, "csv").decode("utf-8-sig"))))
    reviewers = {name for row in rows for name in row["reviewers"].split(", ")}
    assert {"Edith Tor", "Rania Aziz"} <= reviewers
    assert not {"editor1", "rev_a"} & reviewers
    assert "Edith Tor" in {row["verified_by"] for row in rows}


def test_json_annotations_and_approver_use_display_names(named: Desk):
    records = json.loads(export_bytes(named.project, "json"))
    records = records.get("claims", records) if isinstance(records, dict) else records
    reviewers = {a["reviewer"] for r in records for a in r["annotations"]}
    assert {"Edith Tor", "Rania Aziz"} <= reviewers
    assert not {"editor1", "rev_a"} & reviewers
    assert "Edith Tor" in {r["verified_by"] for r in records}


def test_a_reviewer_without_a_display_name_keeps_their_username(named: Desk):
    records = json.loads(export_bytes(named.project, "json"))
    records = records.get("claims", records) if isinstance(records, dict) else records
    assert "-rev_b" in {a["reviewer"] for r in records for a in r["annotations"]}


def test_html_report_names_reviewers_by_display_name(named: Desk):
    html = export_bytes(named.project, "html").decode()
    assert "Rania Aziz: False" in html
    assert "Edith Tor: True" in html
    assert "rev_a:" not in html


def test_pdf_report_names_reviewers_by_display_name(named: Desk):
    text = pdf_text(export_bytes(named.project, "pdf"))
    assert "Rania Aziz" in text
    assert "rev_a" not in text
