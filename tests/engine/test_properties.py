"""Any input: offsets slice the text and nothing crashes."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations.engine import DocumentResult, Engine
from annotations.engine.sentences import SentencexSplitter, align, make_splitter

TOKENS = st.sampled_from(
    list(string.ascii_letters + string.digits + "   \n\n.,;:!?\"'()-—“”‘’«»😀\x00\x0b")
    + ["said ", "Mr. ", "U.S. ", " he ", "according to ", "日本", "Ωμέγα", "مرحبا", "\r\n", "The ", "was "]
)
NEWSY = st.lists(TOKENS, max_size=150).map("".join)
ANY_TEXT = st.text(max_size=300)


def check(text: str, result: DocumentResult) -> None:
    n = len(text)
    prev_end = 0
    for i, s in enumerate(result.sentences):
        assert s.index == i
        assert prev_end <= s.start < s.end <= n
        assert text[s.start : s.end].strip(), (s, text)
        prev_end = s.end
    for c in result.claims:
        assert 0 <= c.start < c.end <= n
        assert 0 <= c.sentence_index < len(result.sentences)
        sent = result.sentences[c.sentence_index]
        assert sent.start <= c.start
        assert c.end <= sent.end
        assert isinstance(c.text, str)
        assert c.text
        for span in (c.source, c.cue, c.quote_source, c.source_ref, *c.source_chain):
            if span is not None:
                assert 0 <= span.start < span.end <= n
                assert text[span.start : span.end] == span.text
        if c.source is not None:
            assert c.source_chain
            assert c.source_chain[0] == c.source


def covers_all_text(text: str, result: DocumentResult) -> bool:
    covered: set[int] = set()
    for s in result.sentences:
        covered.update(range(s.start, s.end))
    return all(i in covered or ch.isspace() for i, ch in enumerate(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
@example("")
@example("   \n\t  ")
@example('He said "it never ends')
@example("no punctuation at all just words and more words")
@example("“Unbalanced ” quotes” everywhere “ said he.")
@example("\x00\x01\x02 control \x1f chars \x7f.")
def test_engine_offsets_slice_text(engine: Engine, text: str) -> None:
    result = engine.analyse(text)
    check(text, result)
    assert covers_all_text(text, result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_engine_never_crashes_on_any_unicode(engine: Engine, text: str) -> None:
    check(text, engine.analyse(text))


@settings(max_examples=150, deadline=None)
@given(NEWSY, st.sampled_from(["pysbd", "sentencex"]))
def test_splitters_cover_text(text: str, backend: str) -> None:
    spans = make_splitter(backend).split(text)
    covered: set[int] = set()
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        covered.update(range(s, e))
        prev = e
    assert all(i in covered or ch.isspace() for i, ch in enumerate(text))


@given(st.lists(st.text(min_size=1, max_size=30), max_size=8), st.text(max_size=50))
def test_align_survives_pieces_that_are_not_in_the_text(pieces: list[str], text: str) -> None:
    spans = align(text, pieces)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        prev = e


def test_one_megabyte_without_punctuation(engine: Engine) -> None:
    text = ("word " * 200_000)[:1_000_000]
    result = engine.analyse(text)
    check(text, result)
    assert len(result.sentences) == 1


def test_many_documents_in_one_batch(engine: Engine) -> None:
    texts = ["", "Rain fell.", "Officials said the road was closed. It reopened."] * 30
    results = list(engine.analyse_many(texts))
    assert len(results) == len(texts)
    for t, r in zip(texts, results, strict=True):
        check(t, r)
    assert results[2].claims[0].source is not None


def test_sentencex_backend_is_available() -> None:
    assert SentencexSplitter().split("One. Two.") == [(0, 4), (5, 9)]


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, categories=["Cs", "Lu", "Ll", "Zs", "Po"]), max_size=80))
def test_lone_surrogates_keep_offsets(engine: Engine, text: str) -> None:
    check(text, engine.analyse(text))


def test_surrogate_in_attributed_sentence(engine: Engine) -> None:
    text = "Officials said the bridge was closed. \ud800 It reopened on Monday."
    result = engine.analyse(text)
    check(text, result)
    assert any(c.source is not None and c.source.text == "Officials" for c in result.claims)
    assert result.sentences[-1].end == len(text)


def test_long_unpunctuated_sentence_is_parsed_in_chunks(engine: Engine) -> None:
    text = " ".join(["the committee said the bridge was closed"] * 300) + "."  # ~12,000 chars, one sentence
    result = engine.analyse(text)
    check(text, result)
    assert len(result.sentences) == 1
    assert len(result.claims) > 10


def test_long_single_line_article_is_linear(engine: Engine) -> None:
    # One 60 kB line of sentences: quote tracking and pySBD used to be quadratic here.
    text = "Officials said the bridge was closed. " * 1600
    result = engine.analyse(text)
    check(text, result)
    assert len(result.sentences) == 1600
    assert sum(c.source is not None for c in result.claims) == 1600
