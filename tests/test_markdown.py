"""Guidelines Markdown to HTML: hostile input is neutralised (annotations.markdown)."""

from __future__ import annotations

import re

import pytest

from annotations.markdown import render_markdown


def test_markdown_renders_headings_lists_tables_and_links():
    html = render_markdown(
        "# Rules\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[FAQ](https://desk.example/faq)"
    )
    assert all(
        tag in html
        for tag in ("<h1>Rules</h1>", "<li>one</li>", "<td>1</td>", 'href="https://desk.example/faq"')
    )


def test_links_get_rel_noopener():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[FAQ](https://desk.example/faq)")


def test_raw_html_links_get_rel_noopener_too():
    html = render_markdown('<a href="https://desk.example/" target="_blank" rel="opener">x</a>')
    assert re.findall(r"<a [^>]*>", html) == [
        '<a href="https://desk.example/" rel="noopener noreferrer nofollow">'
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "before <script>alert(1)</script> after",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>body { display: none }</style>",
    ],
)
def test_scripts_and_style_blocks_are_removed_with_their_content(hostile):
    html = render_markdown(hostile).lower()
    assert "script" not in html
    assert "alert" not in html
    assert "display" not in html


@pytest.mark.parametrize(
    "hostile",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
    ],
)
def test_script_links_lose_their_href(hostile):
    html = render_markdown(hostile)
    assert not re.search(r'href="(?!https?:|mailto:)', html)


@pytest.mark.parametrize(
    "hostile",
    [
        '<p style="color:red">red</p>',
        '<span style="position:fixed;top:0">overlay</span>',
        '<b onclick="alert(1)" style="x">bold</b>',
        '<img src="https://tracker.example/p.png" onerror="alert(1)">',
        '<iframe src="https://evil.example/"></iframe>',
        '<form action="https://evil.example/"><input name="password"></form>',
        '<div class="panel" id="annotation-form">spoof</div>',
    ],
)
def test_inline_html_keeps_no_style_handlers_images_frames_forms_or_ids(hostile):
    html = render_markdown(hostile)
    assert not re.search(r"style=|on\w+=|<img|<iframe|<form|<input|id=|class=", html)


def test_allowed_inline_html_keeps_its_text():
    assert render_markdown('Press <kbd style="color:red">g</kbd>') == "<p>Press <kbd>g</kbd></p>\n"


def test_blank_markdown_renders_nothing():
    assert render_markdown("  \n ") == ""
