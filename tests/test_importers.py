"""Tests for annotations.importers: every format's happy path and the bad-input cases.

Plain pytest, no database: the importer is pure parsing. Files are written to tmp_path.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.importers import (
    SUPPORTED_SUFFIXES,
    ArticleRecord,
    ImportLimits,
    ParseResult,
    RowError,
    parse_bytes,
    read_articles,
)

STORY = (
    "Council votes to expand bus lanes on Main Street\n"
    "\n"
    "The city council voted 7-2 on Tuesday to expand dedicated bus lanes along Main "
    "Street, a move officials say will cut commute times by 15 percent.\n"
    "\n"
    '"This is the biggest transit investment in a decade," said Mayor Ana Ruiz, '
    "adding that the project would cost $12 million.\n"
    "\n"
    "Opponents argued that local businesses would lose parking spaces.\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        # newline="": write exactly what the test says (no \n -> os.linesep)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(content)
    else:
        path.write_bytes(content)
    return path


def only_error(result: ParseResult) -> RowError:
    assert result.records == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def csv_text(rows: list[list[str]]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


# --- plain text and markdown


def test_txt_title_is_first_nonempty_line_and_text_is_verbatim(tmp_path: Path) -> None:
    content = "\n\n   " + STORY + "  trailing spaces kept  \n\n"
    result = read_articles(write(tmp_path, "bus.txt", content))
    assert result.errors == []
    [rec] = result.records
    assert rec.title == "Council votes to expand bus lanes on Main Street"
    assert rec.text == content  # byte-for-byte: offsets point into it
    assert rec.location == str(tmp_path / "bus.txt")
    assert rec.published is None
    assert rec.url == ""
    assert rec.outlet == ""


def test_txt_crlf_is_normalised_and_nothing_else(tmp_path: Path) -> None:
    content = "Headline\r\n\r\nBody\twith tab\r\nlast line\rlone CR kept"
    [rec] = read_articles(write(tmp_path, "a.txt", content)).records
    assert rec.text == "Headline\n\nBody\twith tab\nlast line\rlone CR kept"


def test_txt_derived_title_is_cut_to_300_chars(tmp_path: Path) -> None:
    first = "x" * 1000
    [rec] = read_articles(write(tmp_path, "long.txt", first + "\nmore")).records
    assert rec.title == "x" * 300
    assert rec.text == first + "\nmore"


def test_txt_utf8_bom_is_dropped_and_unicode_kept(tmp_path: Path) -> None:
    content = "Zürich: Bürgermeisterin kündigt Wahl an\nDie Stadt … “Zitat” 🚌"
    path = write(tmp_path, "de.txt", b"\xef\xbb\xbf" + content.encode())
    [rec] = read_articles(path).records
    assert rec.text == content
    assert rec.title == "Zürich: Bürgermeisterin kündigt Wahl an"


def test_markdown_strips_heading_marks_from_title(tmp_path: Path) -> None:
    content = "## Council votes to expand bus lanes ##\n\n" + STORY
    [rec] = read_articles(write(tmp_path, "bus.md", content)).records
    assert rec.title == "Council votes to expand bus lanes"
    assert rec.text == content


def test_markdown_front_matter_title(tmp_path: Path) -> None:
    content = '---\ntitle: "Bus lanes approved"\nauthor: x\n---\n# Other heading\nBody.'
    [rec] = read_articles(write(tmp_path, "fm.md", content)).records
    assert rec.title == "Bus lanes approved"
    assert rec.text == content
    content = "---\nauthor: x\n---\n\n# Heading after front matter\nBody."
    [rec] = read_articles(write(tmp_path, "fm2.md", content)).records
    assert rec.title == "Heading after front matter"


def test_outlet_default_applies_only_when_missing(tmp_path: Path) -> None:
    [rec] = read_articles(write(tmp_path, "a.txt", STORY), outlet_default="Gazette").records
    assert rec.outlet == "Gazette"
    data = csv_text([["title", "text", "outlet"], ["A", "Body one", "Herald"], ["B", "Body two", ""]])
    recs = read_articles(write(tmp_path, "a.csv", data), outlet_default="Gazette").records
    assert [r.outlet for r in recs] == ["Herald", "Gazette"]


# --- JSONL


def test_jsonl_happy_path(tmp_path: Path) -> None:
    lines = [
        {
            "title": "Council votes to expand bus lanes",
            "text": STORY,
            "url": "https://gazette.example.com/news/bus-lanes",
            "outlet": "Riverside Gazette",
            "author": "Jane Doe",
            "published": "2024-03-05T10:30:00+02:00",
            "language": "en",
            "unknown_key": [1, 2, 3],  # ignored
        },
        {"body": "Minister denies report.\nThe minister said on Monday...", "date": "2024-03-04"},
    ]
    content = "\n".join(json.dumps(obj) for obj in lines) + "\n"
    result = read_articles(write(tmp_path, "feed.jsonl", content))
    assert result.errors == []
    first, second = result.records
    assert first == ArticleRecord(
        title="Council votes to expand bus lanes",
        text=STORY,
        url="https://gazette.example.com/news/bus-lanes",
        outlet="Riverside Gazette",
        author="Jane Doe",
        published=datetime(2024, 3, 5, 10, 30, tzinfo=timezone(timedelta(hours=2))),
        language="en",
        location=f"{tmp_path / 'feed.jsonl'}:1",
    )
    # body/date aliases; title defaults to the first line; date-only is midnight UTC
    assert second.title == "Minister denies report."
    assert second.published == datetime(2024, 3, 4, tzinfo=UTC)
    assert second.location.endswith("feed.jsonl:2")


def test_jsonl_bad_lines_reported_with_line_numbers_good_ones_kept(tmp_path: Path) -> None:
    good = json.dumps({"text": "Good story one."})
    lines = [
        good,  # 1
        '{"text": "unterminated',  # 2 malformed
        "",  # 3 blank: skipped, but still counts as a line
        '["not", "an", "object"]',  # 4
        json.dumps({"title": "No text"}),  # 5
        json.dumps({"text": 42}),  # 6
        json.dumps({"text": "ok", "author": ["a", "b"]}),  # 7
        json.dumps({"text": "   \n\t "}),  # 8 whitespace only
        json.dumps({"text": "Good story two.", "published": None}),  # 9 null = absent
        json.dumps({"text": "x", "published": "2024-13-45"}),  # 10
        json.dumps({"text": "x", "url": "javascript:alert(1)"}),  # 11
        json.dumps({"text": "x", "published": 1709630000}),  # 12
        "null",  # 13
        json.dumps({"text": "a", "body": "b"}),  # 14 field given twice
        json.dumps({"text": "NUL \u0000 inside"}),  # 15
        '{"text": "lone surrogate \\ud800"}',  # 16
        "[" * 100_000,  # 17 nesting bomb
        json.dumps({"TEXT ": "Good story three.", " Title": "Upper-case keys"}),  # 18
    ]
    result = read_articles(write(tmp_path, "f.jsonl", "\n".join(lines)))
    assert [r.text for r in result.records] == [
        "Good story one.",
        "Good story two.",
        "Good story three.",
    ]
    assert [r.location.rsplit(":", 1)[1] for r in result.records] == ["1", "9", "18"]
    assert result.records[2].title == "Upper-case keys"
    errors = {int(e.location.rsplit(":", 1)[1]): e.message for e in result.errors}
    assert sorted(errors) == [2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17]
    assert errors[2].startswith("malformed JSON")
    assert errors[4] == "expected a JSON object, got array"
    assert errors[5] == "missing required field 'text'"
    assert errors[6] == "field 'text' must be a string, got number"
    assert errors[7] == "field 'author' must be a string, got array"
    assert "whitespace" in errors[8]
    assert errors[10] == "invalid date '2024-13-45' in 'published'"
    assert "invalid URL 'javascript:alert(1)'" in errors[11]
    assert errors[12] == "field 'published' must be a string, got number"
    assert errors[13] == "expected a JSON object, got null"
    assert "'text'" in errors[14]
    assert "'body'" in errors[14]
    assert "NUL" in errors[15]
    assert "surrogate" in errors[16]
    assert errors[17].startswith("malformed JSON")


def test_jsonl_keeps_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    text = "First line\u2028same JSON line\u0085still"
    content = json.dumps({"text": text}, ensure_ascii=False) + "\n"
    result = read_articles(write(tmp_path, "u.jsonl", content))
    assert result.errors == []
    assert result.records[0].text == text


def test_jsonl_text_crlf_normalised(tmp_path: Path) -> None:
    content = json.dumps({"text": "Line one\r\nLine two"}) + "\r\n"
    [rec] = read_articles(write(tmp_path, "crlf.jsonl", content)).records
    assert rec.text == "Line one\nLine two"


# --- CSV


def test_csv_happy_path_with_multiline_fields_and_line_numbers(tmp_path: Path) -> None:
    content = csv_text(
        [
            [" Title ", "BODY", "URL", "Outlet", "author", "Published", "extra_col"],
            [
                "Council votes to expand bus lanes",
                STORY,  # multi-line quoted field: 8 physical lines
                "https://gazette.example.com/news/bus-lanes",
                "Riverside Gazette",
                "Jane Doe",
                "2024-03-05T10:30:00Z",
                "ignored",
            ],
            ["", "Minister denies report.\nSecond line.", "", "", "", "2024-03-04", ""],
        ]
    )
    result = read_articles(write(tmp_path, "news.csv", content))
    assert result.errors == []
    first, second = result.records
    assert first.text == STORY
    assert first.title == "Council votes to expand bus lanes"
    assert first.published == datetime(2024, 3, 5, 10, 30, tzinfo=UTC)
    assert first.outlet == "Riverside Gazette"
    assert first.author == "Jane Doe"
    assert first.location.endswith("news.csv:2")
    # STORY has 7 newlines, so record 2 spans lines 2-9 and record 3 starts on 10
    assert STORY.count("\n") == 7
    assert second.location.endswith("news.csv:10")
    assert second.title == "Minister denies report."
    assert second.published == datetime(2024, 3, 4, tzinfo=UTC)


def test_csv_crlf_file_with_multiline_field(tmp_path: Path) -> None:
    content = 'title,text\r\nA,"line one\r\nline two"\r\nB,plain\r\n'
    result = read_articles(write(tmp_path, "w.csv", content))
    assert result.errors == []
    assert [r.text for r in result.records] == ["line one\nline two", "plain"]
    assert [r.location.rsplit(":", 1)[1] for r in result.records] == ["2", "4"]


def test_csv_bad_rows_reported_good_rows_kept(tmp_path: Path) -> None:
    limits = ImportLimits(max_title_chars=20)
    lines = [
        "title,text,url,published",  # 1
        "Good one,First good story,https://example.com/a,2024-03-05",  # 2
        "No text,,,",  # 3 empty text
        'Spaces,"   ",,',  # 4 whitespace only
        "Bad date,Story,,2024-13-45",  # 5
        "Bad url,Story,javascript:alert(1),",  # 6
        "Bad url 2,Story,ftp://example.com/x,",  # 7
        "A title that is much too long,Story,,",  # 8
        "Shifted,Story,https://example.com,2024-01-01,surplus",  # 9
        "",  # 10 blank line: skipped
        'Formula,"=HYPERLINK(""http://evil.example"",""click"")",,',  # 11
        "Short row,Only two cells",  # 12 missing trailing cells is fine
        'Stray quote,"abc"def,,',  # 13
        "Good two,Second good story,,2024-03-05 08:00:00+01:00",  # 14
    ]
    result = read_articles(write(tmp_path, "rows.csv", "\n".join(lines) + "\n"), limits=limits)
    ok = {int(r.location.rsplit(":", 1)[1]): r for r in result.records}
    assert sorted(ok) == [2, 11, 12, 14]
    assert ok[11].text == '=HYPERLINK("http://evil.example","click")'  # stored as-is
    assert ok[14].published == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)
    errors = {int(e.location.rsplit(":", 1)[1]): e.message for e in result.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 13]
    assert "'text' is empty" in errors[3]
    assert "'text' is empty" in errors[4]
    assert errors[5] == "invalid date '2024-13-45' in 'published'"
    assert "javascript:alert(1)" in errors[6]
    assert "ftp://" in errors[7]
    assert errors[8] == "field 'title' is too long (29 characters; limit 20)"
    assert errors[9] == "row has 5 fields but the header has 4"
    assert errors[13].startswith("malformed CSV")


def test_csv_error_messages_use_the_header_name_given(tmp_path: Path) -> None:
    # ",\n" (all cells empty, as spreadsheets export trailing rows) is skipped
    content = "Body,Date\n,\n,2024-01-01\nStory,yesterday\n"
    result = read_articles(write(tmp_path, "alias.csv", content))
    assert [e.message for e in result.errors] == [
        "field 'body' is empty or whitespace only",
        "invalid date 'yesterday' in 'date'",
    ]


def test_csv_missing_text_column_is_a_whole_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, "notext.csv", "title,url\nA,https://example.com\n")
    err = only_error(read_articles(path))
    assert err.location == str(path)
    assert "no 'text'" in err.message
    assert "'title', 'url'" in err.message


def test_csv_semicolon_file_gets_a_hint(tmp_path: Path) -> None:
    err = only_error(read_articles(write(tmp_path, "semi.csv", "title;text\nA;B\n")))
    assert "semicolon" in err.message


@pytest.mark.parametrize(
    ("header", "fragment"),
    [("text,body", "both 'text' and 'body'"), ("text,title,TITLE", "more than once")],
)
def test_csv_ambiguous_header(tmp_path: Path, header: str, fragment: str) -> None:
    err = only_error(read_articles(write(tmp_path, "amb.csv", header + "\na,b,c\n")))
    assert fragment in err.message


def test_csv_header_only_reports_no_articles(tmp_path: Path) -> None:
    err = only_error(read_articles(write(tmp_path, "empty.csv", "title,text\n")))
    assert err.message == "no articles found in file"


def test_csv_field_beyond_default_csv_field_size_limit(tmp_path: Path) -> None:
    big = ("All work and no play makes Jack a dull boy. " * 5000).strip()
    assert len(big) > 131072  # csv's default field_size_limit
    content = csv_text([["title", "text"], ["Big", big], ["Small", "After the big one"]])
    result = read_articles(write(tmp_path, "big.csv", content))
    assert result.errors == []
    assert [r.text for r in result.records] == [big, "After the big one"]
    assert result.records[1].location.endswith(":3")


def test_csv_text_over_the_limit_is_a_row_error_not_truncated(tmp_path: Path) -> None:
    limits = ImportLimits(max_text_chars=1000)
    content = csv_text([["text"], ["y" * 1001], ["fits"], ["z" * 5000]])
    result = read_articles(write(tmp_path, "lim.csv", content), limits=limits)
    assert [r.text for r in result.records] == ["fits"]
    assert [(e.location.rsplit(":", 1)[1], e.message) for e in result.errors] == [
        ("2", "field 'text' is too long (1,001 characters; limit 1,000)"),
        ("4", "field 'text' is too long (5,000 characters; limit 1,000)"),
    ]


@pytest.mark.parametrize(
    ("column", "limit_name"),
    [
        ("url", "max_url_chars"),
        ("outlet", "max_outlet_chars"),
        ("author", "max_author_chars"),
    ],
)
def test_csv_metadata_fields_over_the_limit(tmp_path: Path, column: str, limit_name: str) -> None:
    limit = getattr(ImportLimits(), limit_name)
    value = "https://example.com/" + "a" * limit if column == "url" else "a" * (limit + 1)
    content = csv_text([["text", column], ["Story", value], ["Story two", ""]])
    result = read_articles(write(tmp_path, "f.csv", content))
    assert [r.text for r in result.records] == ["Story two"]
    [err] = result.errors
    assert err.location.endswith(":2")
    assert f"field '{column}' is too long" in err.message


def test_csv_unterminated_quote_reports_where_the_record_starts(tmp_path: Path) -> None:
    content = 'title,text\nA,good\nB,"never closed\nC,swallowed\n'
    result = read_articles(write(tmp_path, "q.csv", content))
    assert [r.text for r in result.records] == ["good"]
    [err] = result.errors
    assert err.location.endswith(":3")
    assert "unterminated quoted field" in err.message


def test_csv_row_limit(tmp_path: Path) -> None:
    content = csv_text([["text"]] + [[f"story {i}"] for i in range(5)])
    result = read_articles(write(tmp_path, "many.csv", content), limits=ImportLimits(max_rows=3))
    assert [r.text for r in result.records] == ["story 0", "story 1", "story 2"]
    [err] = result.errors
    assert err.location.endswith(":5")
    assert "more than 3 rows" in err.message


def test_jsonl_row_limit(tmp_path: Path) -> None:
    content = "\n".join(json.dumps({"text": f"s{i}"}) for i in range(4))
    result = read_articles(write(tmp_path, "m.jsonl", content), limits=ImportLimits(max_rows=2))
    assert len(result.records) == 2
    assert result.errors[0].location.endswith(":3")


# --- HTML

HTML_PAGE = """<!doctype html>
<html lang="en-GB"><head>
<title>Council votes to expand bus lanes | Riverside Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Riverside Gazette">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script>var tracking = "SCRIPT_IN_HEAD_SHOULD_NOT_APPEAR";</script>
<style>.x {{ color: red }} /* STYLE_SHOULD_NOT_APPEAR */</style>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Council votes to expand bus lanes</h1>
<p>The city council voted 7-2 on Tuesday to expand dedicated bus lanes along Main
Street, a move officials say will cut commute times by 15 percent.</p>
<script>document.write("SCRIPT_IN_BODY_SHOULD_NOT_APPEAR")</script>
<p>"This is the biggest transit investment in a decade," said Mayor Ana Ruiz, adding
that the project would cost $12 million over three years.</p>
<p>Opponents argued that local businesses would lose parking spaces, and the chamber
of commerce said it would review its options before the next council meeting.</p>
</article>
<footer>Copyright 2024 Riverside Gazette</footer>
</body></html>
"""


def html_page(
    published: str = "2024-03-05T10:30:00+01:00",
    url: str = "https://gazette.example.com/news/bus-lanes",
) -> str:
    return HTML_PAGE.format(published=published, url=url)


def test_html_extracts_main_text_and_metadata(tmp_path: Path) -> None:
    result = read_articles(write(tmp_path, "page.html", html_page()))
    assert result.errors == []
    [rec] = result.records
    assert "voted 7-2 on Tuesday" in rec.text
    assert "biggest transit investment" in rec.text
    assert "SHOULD_NOT_APPEAR" not in rec.text
    assert "document.write" not in rec.text
    assert rec.title == "Council votes to expand bus lanes"
    assert rec.author == "Jane Doe"
    assert rec.outlet == "Riverside Gazette"
    assert rec.url == "https://gazette.example.com/news/bus-lanes"
    assert rec.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert rec.language == "en-GB"
    assert rec.location == str(tmp_path / "page.html")


def test_html_rfc2822_date_keeps_time_and_zone(tmp_path: Path) -> None:
    page = html_page(published="Tue, 05 Mar 2024 10:30:00 +0100")
    [rec] = read_articles(write(tmp_path, "rss.htm", page)).records
    assert rec.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert rec.published.tzinfo is not None


def test_html_without_metadata_falls_back(tmp_path: Path) -> None:
    page = "<html><body><p>Short note: the mayor resigned on Friday.</p></body></html>"
    result = read_articles(write(tmp_path, "bare.HTML", page), outlet_default="Wire")
    [rec] = result.records
    assert rec.text == "Short note: the mayor resigned on Friday."
    assert rec.title == rec.text  # first line of the text
    assert rec.outlet == "Wire"
    assert rec.url == ""
    assert rec.published is None


def test_html_with_only_script_has_no_text(tmp_path: Path) -> None:
    page = "<html><head><script>alert('x')</script></head><body></body></html>"
    err = only_error(read_articles(write(tmp_path, "s.html", page)))
    assert "no article text" in err.message


def test_html_javascript_url_is_not_stored(tmp_path: Path) -> None:
    # trafilatura drops a non-http canonical; it must never come through as the URL.
    result = read_articles(write(tmp_path, "j.html", html_page(url="javascript:alert(1)")))
    for rec in result.records:
        assert rec.url == "" or rec.url.startswith(("http://", "https://"))


def test_html_is_never_fetched_from_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.downloads

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(trafilatura.downloads, "fetch_url", no_network)
    monkeypatch.setattr(trafilatura.downloads, "fetch_response", no_network)
    monkeypatch.setattr(trafilatura, "fetch_url", no_network)
    assert read_articles(write(tmp_path, "n.html", html_page())).records


# --- whole-file problems


def test_empty_file(tmp_path: Path) -> None:
    for name in ("e.txt", "e.csv", "e.jsonl", "e.html", "e.md"):
        path = write(tmp_path, name, b"")
        err = only_error(read_articles(path))
        assert err == RowError(str(path), "file is empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    for name in ("w.txt", "w.jsonl", "w.md"):
        err = only_error(read_articles(write(tmp_path, name, " \n\t\r\n  \n")))
        assert err.message == "file contains only whitespace"
    # a BOM followed by blanks is still nothing
    err = only_error(read_articles(write(tmp_path, "b.txt", b"\xef\xbb\xbf  \n")))
    assert "whitespace" in err.message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
        (b"Headline\nplain then NUL \x00 byte", "NUL byte on line 2"),
        (b"Caf\xe9 latin-1 text\n", "invalid byte 0xe9 on line 1"),
        ("UTF-16 story".encode("utf-16"), "UTF-16"),
    ],
)
def test_binary_or_non_utf8_is_rejected(tmp_path: Path, data: bytes, fragment: str) -> None:
    for name in ("bin.txt", "bin.csv", "bin.jsonl", "bin.html"):
        err = only_error(read_articles(write(tmp_path, name, data)))
        assert err.message.startswith("not UTF-8 text")
        assert fragment in err.message


def test_file_larger_than_limit_is_rejected_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.txt", "x" * 2000)
    opened: list[object] = []
    real_open = os.open

    def spy_open(*args: object, **kwargs: object) -> int:
        opened.append(args[0])
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy_open)
    err = only_error(read_articles(path, limits=ImportLimits(max_file_bytes=1000)))
    assert "larger than the limit of 1,000 bytes" in err.message
    assert opened == []  # decided from stat alone
    # exactly at the limit is fine
    assert read_articles(path, limits=ImportLimits(max_file_bytes=2000)).records


def test_parse_bytes_size_limit() -> None:
    err = only_error(parse_bytes(b"x" * 11, name="a.txt", limits=ImportLimits(max_file_bytes=10)))
    assert err.location == "a.txt"
    assert "larger than the limit" in err.message


@pytest.mark.parametrize("name", ["story.pdf", "story.docx", "README", "archive.csv.gz"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, STORY)
    err = only_error(read_articles(path))
    assert err.location == str(path)
    assert err.message.startswith("unsupported file type")
    assert only_error(parse_bytes(STORY.encode(), name=name)).message == err.message


def test_directory_path(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.csv"
    folder.mkdir()
    err = only_error(read_articles(folder))
    assert err == RowError(str(folder), "is a directory, not a file")


def test_missing_file(tmp_path: Path) -> None:
    err = only_error(read_articles(tmp_path / "nope.txt"))
    assert err == RowError(str(tmp_path / "nope.txt"), "file not found")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    err = only_error(read_articles(fifo))  # would hang if it were opened for reading
    assert err.message == "not a regular file"


def test_names_are_only_used_for_messages(tmp_path: Path) -> None:
    # A name with path tricks is a label: nothing at that path is opened or read.
    secret = write(tmp_path, "secret.txt", "SECRET")
    trick = f"../../{secret}\n.csv"
    result = parse_bytes(b"text\nUploaded story\n", name=trick)
    [rec] = result.records
    assert rec.text == "Uploaded story"
    assert "\n" not in rec.location
    assert rec.location.endswith("?.csv:2")
    assert "SECRET" not in repr(result)


# --- parse_bytes and general contract


def test_parse_bytes_matches_read_articles(tmp_path: Path) -> None:
    content = csv_text([["title", "text"], ["A", "Story A"], ["", "Story B\nmore"]])
    from_disk = read_articles(write(tmp_path, "same.csv", content))
    from_upload = parse_bytes(content.encode(), name="same.csv")
    assert [(r.title, r.text) for r in from_upload.records] == [(r.title, r.text) for r in from_disk.records]
    assert [r.location for r in from_upload.records] == ["same.csv:2", "same.csv:3"]


def test_windows_style_upload_name() -> None:
    [rec] = parse_bytes(b"Headline\nBody", name="C:\\Users\\ana\\Story.TXT").records
    assert rec.location == "C:\\Users\\ana\\Story.TXT"


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".jsonl", ".csv"} == SUPPORTED_SUFFIXES


def test_limits_mapping_and_defaults() -> None:
    limits = ImportLimits()
    assert limits.max_file_bytes == 50 * 1024 * 1024
    assert limits.max_text_chars == 5_000_000
    assert limits.max_rows == 100_000
    assert limits.max_field_chars["title"] == 500
    assert limits.max_field_chars["url"] == 2000
    assert limits.max_field_chars["outlet"] == 200
    assert limits.max_field_chars["author"] == 300


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T10:30", datetime(2024, 3, 5, 10, 30, tzinfo=UTC)),
        ("2024-03-05T10:30:00Z", datetime(2024, 3, 5, 10, 30, tzinfo=UTC)),
        ("2024-03-05T10:30:00-05:00", datetime(2024, 3, 5, 15, 30, tzinfo=UTC)),
        (" 2024-03-05 10:30:00.5+0530 ", datetime(2024, 3, 5, 5, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_iso_dates(value: str, expected: datetime) -> None:
    [rec] = parse_bytes(json.dumps({"text": "t", "published": value}).encode(), name="d.jsonl").records
    assert rec.published == expected
    assert rec.published is not None
    assert rec.published.tzinfo is not None


@pytest.mark.parametrize(
    "value", ["2024-13-45", "05/03/2024", "yesterday", "Tue, 05 Mar 2024 10:30:00 +0100"]
)
def test_non_iso_dates_are_row_errors_in_structured_files(value: str) -> None:
    result = parse_bytes(f'text,published\nStory,"{value}"\n'.encode(), name="d.csv")
    assert result.records == []
    assert result.errors == [RowError("d.csv:2", f"invalid date '{value}' in 'published'")]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//example.com/x",
        "example.com/x",
        "https://",
        "https://exa mple.com",
    ],
)
def test_bad_urls(url: str) -> None:
    result = parse_bytes(json.dumps({"text": "t", "url": url}).encode(), name="u.jsonl")
    assert result.records == []
    [err] = result.errors
    assert err.location == "u.jsonl:1"
    assert "invalid URL" in err.message


@pytest.mark.parametrize("url", ["http://example.com", "HTTPS://Example.com/a?b=c#d", ""])
def test_good_urls(url: str) -> None:
    [rec] = parse_bytes(json.dumps({"text": "t", "url": url}).encode(), name="u.jsonl").records
    assert rec.url == url


# Never raise, whatever the bytes: every suffix, arbitrary content.
@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    ),
    suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)),
)
def test_never_raises(data: bytes, suffix: str) -> None:
    result = parse_bytes(data, name=f"fuzz{suffix}")
    assert isinstance(result, ParseResult)
    assert result.records or result.errors
    for rec in result.records:
        assert rec.text.strip()
        assert "\x00" not in rec.text
        assert rec.published is None or rec.published.tzinfo is not None
