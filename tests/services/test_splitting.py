"""The split service, called directly (the worker test runs it through Celery)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.utils import timezone

from annotations.engine import ENGINE_VERSION
from annotations.models import Article, Claim, ClaimOrigin, Sentence, SplitStatus, Stance
from annotations.services import splitting
from annotations.services.splitting import articles_split, articles_sweep_stuck
from annotations.similarity import similarity_keys
from tests.conftest import split_article
from tests.factories import AnnotationFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def snapshot(article: Article) -> tuple[list[tuple[int, int]], list[tuple[int, int, str, str, str]]]:
    sentences = list(article.sentences.order_by("index").values_list("start", "end"))
    claims = list(
        article.claims.order_by("start", "end", "text").values_list(
            "start", "end", "text", "speaker_text", "stance"
        )
    )
    return sentences, claims


def test_split_stores_sentences_and_claims_grounded_in_the_body(seed_text):
    article = ArticleFactory(body=seed_text, outlet="Sample wire")
    assert split_article(article_id=article.pk) == SplitStatus.SPLIT
    article.refresh_from_db()
    assert article.split_status == SplitStatus.SPLIT
    assert article.engine_version == ENGINE_VERSION
    assert article.body == seed_text  # never modified
    sentences = list(article.sentences.order_by("index"))
    assert len(sentences) >= 15
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for claim in article.claims.all():
        assert 0 <= claim.start < claim.end <= len(seed_text)
        if claim.speaker_start is not None:
            assert seed_text[claim.speaker_start : claim.speaker_end] == claim.speaker_text
        if claim.cue_start is not None:
            assert seed_text[claim.cue_start : claim.cue_end] == claim.cue_text
        assert claim.sentence is not None
        assert claim.sentence.start <= claim.start < claim.sentence.end

    plane = next(c for c in article.claims.all() if "boarded a plane" in seed_text[c.start : c.end])
    assert "Arabic media" in plane.speaker_text
    assert plane.source is not None
    assert plane.source.normalized_name == "arabic media"
    damascus = next(c for c in article.claims.all() if "remained in Damascus" in seed_text[c.start : c.end])
    assert "Syrian state media" in damascus.speaker_text
    assert Claim.objects.filter(
        article=article, stance=Stance.DENIED, speaker_text__icontains="state media"
    ).exists()
    # The article's own claims are attributed to the outlet.
    own = article.claims.filter(speaker_start__isnull=True).first()
    assert own is not None
    assert own.source is not None
    assert own.source.name == "Sample wire"
    # Bulk-inserted claims carry their repeated-claim keys (bulk_create skips save()).
    for text, keys in article.claims.values_list("text", "similarity_keys"):
        assert keys == similarity_keys(text)


def test_split_twice_gives_the_same_result(seed_text):
    article = ArticleFactory(body=seed_text)
    split_article(article_id=article.pk)
    first = snapshot(article)
    split_article(article_id=article.pk, force=True)
    assert snapshot(article) == first
    assert Sentence.objects.filter(article=article).count() == len(first[0])


def test_a_duplicate_delivery_does_no_work():
    article = ArticleFactory()
    split_article(article_id=article.pk)
    ids = set(article.claims.values_list("id", flat=True))
    assert articles_split(article_ids=[article.pk]) == {}
    assert set(article.claims.values_list("id", flat=True)) == ids


def test_resplit_keeps_claims_analysts_touched(seed_text):
    article = ArticleFactory(body=seed_text)
    split_article(article_id=article.pk)
    annotated, edited = article.claims.order_by("start")[:2]
    AnnotationFactory(claim=annotated, verdict="true")
    edited.text = "Rebels control Damascus"
    edited.origin = ClaimOrigin.EDITED
    edited.save()
    manual = Claim.objects.create(
        article=article, start=0, end=14, text="Syrian rebels exist", origin=ClaimOrigin.MANUAL
    )
    count = article.claims.count()

    split_article(article_id=article.pk, force=True)
    remaining = set(article.claims.values_list("id", flat=True))
    assert {annotated.pk, edited.pk, manual.pk} <= remaining
    assert Claim.objects.get(pk=edited.pk).text == "Rebels control Damascus"
    assert article.claims.count() == count  # no duplicate of the kept extracted claims
    assert Claim.objects.get(pk=manual.pk).sentence is not None


def test_resplit_never_brings_back_what_analysts_replaced(seed_text):
    """Issue 14: after an analyst edited, split, merged or deleted claims, "Split again" brought
    the engine's originals back beside the analyst's versions (44 -> 47 claims)."""
    from annotations.models import Role
    from annotations.services.claims import claim_delete, claim_edit_text, claim_merge, claim_split
    from tests.factories import MembershipFactory

    article = ArticleFactory(body=seed_text)
    analyst = MembershipFactory(project=article.project, role=Role.REVIEWER).user
    split_article(article_id=article.pk)
    engine_count = article.claims.count()
    claims = list(article.claims.order_by("start", "end"))
    to_split, to_edit, to_delete, merge_a, merge_b = claims[0], claims[1], claims[2], claims[3], claims[4]
    at = to_split.start + seed_text[to_split.start : to_split.end].index(" ", 1) + 1
    halves = claim_split(claim=to_split, at=at, user=analyst)
    claim_edit_text(claim=to_edit, text="An analyst's wording", user=analyst)
    claim_delete(claim=to_delete, user=analyst)
    merged = claim_merge(claims=[merge_a, merge_b], user=analyst)
    before = snapshot(article)
    assert len(before[1]) == engine_count - 1  # +1 split, -1 merged, -1 deleted

    for _ in range(2):  # a user's re-split, then a redelivered one
        split_article(article_id=article.pk, force=True)
        assert snapshot(article)[1] == before[1]
    # None of the engine's originals is back (the engine found some claims twice at one
    # span, so count them).
    for original in (to_split, to_edit, to_delete, merge_a, merge_b):
        at_span = [
            (s, e, t)
            for s, e, t, *_ in before[1]
            if (s, e, t) == (original.start, original.end, original.text)
        ]
        assert article.claims.filter(
            start=original.start, end=original.end, text=original.text
        ).count() == len(at_span)
    spans = set(article.claims.values_list("start", "end"))
    assert {(h.start, h.end) for h in halves} | {(merged.start, merged.end)} <= spans
    assert Claim.objects.get(pk=to_edit.pk).text == "An analyst's wording"
    from annotations.models import ClaimTombstone

    assert sorted(ClaimTombstone.objects.filter(article=article).values_list("reason", flat=True)) == [
        "deleted",
        "edited",
        "merged",
        "merged",
        "split",
    ]


def test_replacing_one_of_two_claims_at_a_span_keeps_the_other():
    """The engine can find two claims at one span (one per item of a list): an analyst
    replacing one of them must not cost the other on a re-split."""
    from annotations.models import Role
    from annotations.services.claims import claim_delete, claim_edit_text
    from tests.factories import MembershipFactory

    body = "Rebels took other key cities including Aleppo and Hama, officials said on Sunday."
    article = ArticleFactory(body=body)
    analyst = MembershipFactory(project=article.project, role=Role.REVIEWER).user
    split_article(article_id=article.pk)
    aleppo = article.claims.get(text__endswith="Aleppo")
    hama = article.claims.get(text__endswith="Hama")
    assert (aleppo.start, aleppo.end) == (hama.start, hama.end)
    others = set(article.claims.exclude(pk__in=[aleppo.pk, hama.pk]).values_list("text", flat=True))

    def texts() -> set[str]:
        return set(article.claims.values_list("text", flat=True)) - others

    claim_edit_text(claim=aleppo, text="Rebels took Aleppo", user=analyst)
    split_article(article_id=article.pk, force=True)
    assert texts() == {"Rebels took Aleppo", hama.text}
    assert article.claims.count() == len(others) + 2
    claim_delete(claim=Claim.objects.get(text=hama.text), user=analyst)
    split_article(article_id=article.pk, force=True)
    assert texts() == {"Rebels took Aleppo"}
    assert article.claims.count() == len(others) + 1


class ExplodingEngine:
    """Fault injection: the engine raises on one article's text."""

    def __init__(self, real, poison: str) -> None:  # type: ignore[no-untyped-def]
        self.real, self.poison = real, poison

    def analyse(self, text: str):  # type: ignore[no-untyped-def]
        if self.poison in text:
            raise ValueError("cannot parse this text")
        return self.real.analyse(text)

    def analyse_many(self, texts):  # type: ignore[no-untyped-def]
        for text in texts:
            yield self.analyse(text)


def test_an_engine_error_fails_only_that_article_with_a_readable_reason(monkeypatch):
    good = ArticleFactory(body="Officials said the port reopened on Monday.")
    bad = ArticleFactory(project=good.project, body="POISON text that breaks the engine.")
    real = splitting.engine()
    monkeypatch.setattr(splitting, "engine", lambda: ExplodingEngine(real, "POISON"))
    result = articles_split(article_ids=[good.pk, bad.pk])
    assert result == {good.pk: SplitStatus.SPLIT, bad.pk: SplitStatus.FAILED}
    bad.refresh_from_db()
    assert bad.split_error == "ValueError: cannot parse this text"
    assert good.claims.exists()
    assert not bad.claims.exists()


def test_sweeper_requeues_stuck_articles_and_gives_up_after_max_attempts(
    settings, django_capture_on_commit_callbacks
):
    old = timezone.now() - settings.CLAIMDESK_STUCK_AFTER - timedelta(minutes=1)
    lost = ArticleFactory()
    crashed = ArticleFactory(project=lost.project)
    hopeless = ArticleFactory(project=lost.project)
    fresh = ArticleFactory(project=lost.project)
    Article.objects.filter(pk=lost.pk).update(updated_at=old)
    Article.objects.filter(pk=crashed.pk).update(
        split_status=SplitStatus.SPLITTING, split_started_at=old, split_attempts=1
    )
    Article.objects.filter(pk=hopeless.pk).update(
        split_status=SplitStatus.SPLITTING,
        split_started_at=old,
        split_attempts=settings.CLAIMDESK_MAX_SPLIT_ATTEMPTS,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        requeued = articles_sweep_stuck()
    assert sorted(requeued) == sorted([lost.pk, crashed.pk])
    assert len(callbacks) == 1
    hopeless.refresh_from_db()
    assert hopeless.split_status == SplitStatus.FAILED
    assert "gave up" in hopeless.split_error
    assert fresh.pk not in requeued
    # Swept articles are not swept again at once.
    assert articles_sweep_stuck() == []


def test_a_speaker_longer_than_a_source_name_fails_nothing(seed_text):
    # The engine can return a whole clause as the speaker; its Source key is capped.
    producers = " and ".join(f"Millers{i} of the Association of Regional Grain Producers" for i in range(12))
    body = f'"The harvest fell by 20 percent," said {producers}. Prices rose on Monday.'
    long_one = ArticleFactory(body=body)
    other = ArticleFactory(project=long_one.project)
    result = articles_split(article_ids=[long_one.pk, other.pk])
    assert result == {long_one.pk: SplitStatus.SPLIT, other.pk: SplitStatus.SPLIT}
    speaker = long_one.claims.exclude(speaker_text="").get().source
    assert speaker is not None
    assert 290 <= len(speaker.normalized_name) <= 300


class RefusedClaimEngine:
    """Fault injection: the engine's claims for one article break a table constraint."""

    def __init__(self, real, marker: str) -> None:  # type: ignore[no-untyped-def]
        self.real, self.marker = real, marker

    def analyse_many(self, texts):  # type: ignore[no-untyped-def]
        for text, document in zip(texts, self.real.analyse_many(texts), strict=True):
            if self.marker in text:
                bad = dataclasses.replace(document.claims[0], stance="bogus")
                document = dataclasses.replace(document, claims=(bad, *document.claims[1:]))
            yield document


def test_a_database_error_storing_one_article_fails_only_that_article(monkeypatch):
    good = ArticleFactory(body="Officials said the port reopened on Monday.")
    bad = ArticleFactory(project=good.project, body="Officials said the bridge reopened on Monday.")
    real = splitting.engine()
    monkeypatch.setattr(splitting, "engine", lambda: RefusedClaimEngine(real, "bridge"))
    assert articles_split(article_ids=[bad.pk, good.pk]) == {
        bad.pk: SplitStatus.FAILED,
        good.pk: SplitStatus.SPLIT,
    }
    bad.refresh_from_db()
    assert bad.split_error.startswith("IntegrityError:")
    assert "claim_stance_valid" in bad.split_error
    assert good.claims.count() == 1
    assert not bad.claims.exists()
    assert not bad.sentences.exists()


def test_a_batch_of_first_splits_costs_the_same_statements_as_one_article():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(n: int) -> int:
        first = ArticleFactory(body="Officials said the port 0 reopened on Monday.")
        ids = [first.pk] + [
            ArticleFactory(project=first.project, body=f"Officials said the port {i} reopened on Monday.").pk
            for i in range(1, n)
        ]
        with CaptureQueriesContext(connection) as queries:
            assert set(articles_split(article_ids=ids).values()) == {SplitStatus.SPLIT}
        return len(queries)

    assert statements(8) == statements(1)


def test_first_splits_and_re_splits_store_the_same_claims(seed_text):
    first = ArticleFactory(body=seed_text, outlet="Sample wire")
    split_article(article_id=first.pk)
    columns = [
        f.attname
        for f in Claim._meta.concrete_fields
        if f.attname not in {"id", "article_id", "sentence_id", "created_at", "updated_at", "search_vector"}
    ]

    def stored() -> list[tuple[object, ...]]:
        return sorted(map(tuple, Claim.objects.filter(article=first).values_list(*columns)), key=repr)

    before = stored()
    Claim.objects.filter(article=first).delete()  # nothing kept: the re-split stores them all again
    split_article(article_id=first.pk, force=True)
    assert stored() == before


def test_the_batch_store_and_the_one_by_one_store_give_the_same_rows(seed_text, monkeypatch):
    """Sentences, claims (offsets, texts, speakers, keys), their Sources and history rows are
    the same whichever store path ran: the batch one for first splits, the one-by-one one
    (forced here) for the rest."""
    from annotations.models import Source

    def split_in_a_new_project(*, one_by_one: bool) -> object:
        article = ArticleFactory(body=seed_text, outlet="Sample wire")
        with monkeypatch.context() as patch:
            if one_by_one:
                patch.setattr(splitting, "_store_new", lambda *, analysed: {})
            assert articles_split(article_ids=[article.pk]) == {article.pk: SplitStatus.SPLIT}
        claim_columns = [
            f.attname
            for f in Claim._meta.concrete_fields
            if f.attname
            not in {
                "id",
                "article_id",
                "sentence_id",
                "source_id",
                "created_at",
                "updated_at",
                "search_vector",
            }
        ]
        claims = Claim.objects.filter(article=article)
        return (
            list(article.sentences.order_by("index").values_list("index", "start", "end")),
            sorted(
                (
                    *row,
                    claim_sentence,
                    source,
                )
                for *row, claim_sentence, source in claims.values_list(
                    *claim_columns, "sentence__index", "source__normalized_name"
                )
            ),
            sorted(
                Source.objects.filter(project=article.project).values_list("name", "normalized_name", "kind")
            ),
            Claim.history.filter(article_id=article.pk).count(),
            Source.history.filter(project_id=article.project_id).count(),
        )

    batch = split_in_a_new_project(one_by_one=False)
    assert batch[1]  # claims were stored
    assert split_in_a_new_project(one_by_one=True) == batch


@pytest.mark.django_db(transaction=True)
def test_statistics_are_refreshed_when_a_table_grows_fast():
    from django.db import connection

    from annotations.services.splitting import tables_analyze_if_stale

    tables_analyze_if_stale()
    with connection.cursor() as cursor:
        cursor.execute("SELECT GREATEST(reltuples, 0)::int FROM pg_class WHERE relname = 'annotations_claim'")
        (live,) = cursor.fetchone()
    article = ArticleFactory()
    # Grown by more than half (and a thousand rows) since the statistics were taken.
    Claim.objects.bulk_create(
        [Claim(article=article, start=0, end=5, text=f"claim {i}") for i in range(1100 + live // 2)]
    )
    with connection.cursor() as cursor:
        # The statistics collector reports with a short delay; make it current now.
        cursor.execute("SELECT pg_stat_force_next_flush()")
    assert "annotations_claim" in tables_analyze_if_stale()
    assert "annotations_claim" not in tables_analyze_if_stale()


def test_the_workers_analyze_leaves_the_repeated_claim_keys_out():
    """48 keys a claim made half the cost of each ANALYZE; their one query goes through the
    GIN index whatever the statistics say."""
    analyzed = splitting._analyzed_columns("annotations_claim")
    assert analyzed.startswith('"annotations_claim" (')
    assert '"text"' in analyzed
    assert '"search_vector"' in analyzed
    assert "similarity_keys" not in analyzed
    assert splitting._analyzed_columns("annotations_sentence") == '"annotations_sentence"'


@pytest.mark.django_db(transaction=True)
def test_statistics_are_left_to_the_worker_already_refreshing_them():
    import psycopg
    from django.db import connection

    from annotations.services.splitting import _ANALYZE_LOCK, tables_analyze_if_stale

    article = ArticleFactory()
    Claim.objects.bulk_create(
        [Claim(article=article, start=0, end=5, text=f"claim {i}") for i in range(3000)]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [_ANALYZE_LOCK])
        assert tables_analyze_if_stale() == []


QUOTE_RUNS_ON = (
    "Kenneth Douglas said the port was busy. He said the cranes had stopped working.\n\n"
    '"The harbour is closed. Nobody may enter it until Friday," the harbour master said.'
)


def _claim_at(article: Article, words: str) -> Claim:
    return next(c for c in Claim.objects.filter(article=article) if words in c.text)


def _split(path: str, body: str = QUOTE_RUNS_ON) -> Article:
    """Split ``body`` through the batch store (a first split) or the per-article store (a
    re-split of an article that has claims)."""
    article = ArticleFactory(body=body)
    articles_split(article_ids=[article.pk])
    if path == "re-split":
        articles_split(article_ids=[article.pk], force=True)
    return article


PATHS = pytest.mark.parametrize("path", ["first split", "re-split"])


@PATHS
def test_a_quotation_sentence_before_its_cue_is_filed_under_the_quotes_speaker(path):
    claim = _claim_at(_split(path), "The harbour is closed")
    assert claim.speaker_text == "the harbour master"


@PATHS
def test_a_quotation_sentence_is_linked_to_the_quotes_speaker_as_source(path):
    claim = _claim_at(_split(path), "The harbour is closed")
    assert claim.source is not None
    assert claim.source.name.lower() == "the harbour master"


@PATHS
def test_a_pronoun_speaker_is_filed_under_the_person_it_stands_for(path):
    claim = _claim_at(_split(path), "the cranes had stopped working")
    assert claim.speaker_text == "Kenneth Douglas"


@PATHS
def test_the_i_of_a_quotation_is_filed_under_the_quotes_speaker(path):
    article = _split(path, '"I believe the strike will end soon," union leader Maria Lopez said.')
    claim = Claim.objects.get(article=article, text="the strike will end soon")
    assert claim.speaker_text == "union leader Maria Lopez"


def test_a_big_import_publishes_one_message_for_the_worker_to_fan_out(
    django_capture_on_commit_callbacks, settings
):
    from annotations.services.splitting import articles_enqueue_split

    settings.CLAIMDESK_SPLIT_BATCH_SIZE = 16
    with django_capture_on_commit_callbacks() as callbacks:
        articles_enqueue_split(article_ids=list(range(1, 201)))
    assert len(callbacks) == 1


def test_the_fan_out_queues_one_message_per_batch(django_capture_on_commit_callbacks, settings):
    from annotations.services.splitting import articles_enqueue_split

    settings.CLAIMDESK_SPLIT_BATCH_SIZE = 16
    with django_capture_on_commit_callbacks() as callbacks:
        articles_enqueue_split(article_ids=list(range(1, 201)), fan_out=False)
    assert len(callbacks) == 13
