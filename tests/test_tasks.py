"""End to end through a real Celery worker process on the real broker."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from annotations.models import Article, Claim, SplitStatus, Stance
from tests.conftest import SEED, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def split_done(project_slug: str, n: int):  # type: ignore[no-untyped-def]
    def check() -> bool:
        articles = Article.objects.filter(project__slug=project_slug)
        return (
            articles.count() == n
            and not articles.exclude(split_status__in=[SplitStatus.SPLIT, SplitStatus.FAILED]).exists()
        )

    return check


def test_imported_sample_article_is_split_into_attributed_claims_by_the_worker(celery_worker):
    call_command("import_articles", str(SEED), "--project", "syria-desk", "--outlet", "Sample wire")
    wait_for(split_done("syria-desk", 1), what="the worker to split the sample article")
    article = Article.objects.get(project__slug="syria-desk")
    assert article.split_status == SplitStatus.SPLIT, article.split_error
    claims = list(Claim.objects.filter(article=article))
    assert article.sentences.count() >= 15
    assert len(claims) >= 15

    plane = [
        c
        for c in claims
        if "Assad boarded a plane to an undisclosed destination" in article.body[c.start : c.end]
    ]
    assert plane, "no claim grounded in 'Assad boarded a plane ...'"
    assert "Arabic media" in plane[0].speaker_text
    assert any("rebel sources" in link["text"] for link in plane[0].attribution_chain)

    damascus = [c for c in claims if "he remained in Damascus" in article.body[c.start : c.end]]
    assert damascus, "no claim grounded in 'he remained in Damascus'"
    assert "Syrian state media" in damascus[0].speaker_text
    assert damascus[0].source is not None
    denied = [c for c in claims if c.stance == Stance.DENIED]
    assert any("Syrian state media" in c.speaker_text for c in denied)


def test_a_batch_import_is_split_exactly_once(celery_worker, tmp_path):
    lines = [
        f'{{"title": "Wire {i}", "text": "Officials in town {i} said the bridge had reopened. Residents disputed that account on Friday."}}'
        for i in range(40)
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--project", "batch-desk")
    wait_for(split_done("batch-desk", 40), what="the worker to split 40 articles")
    articles = Article.objects.filter(project__slug="batch-desk")
    assert set(articles.values_list("split_status", flat=True)) == {SplitStatus.SPLIT}
    for article in articles:
        indexes = list(article.sentences.values_list("index", flat=True))
        assert sorted(indexes) == list(range(len(indexes)))
        assert len(indexes) == 2
        spans = list(article.claims.values_list("start", "end"))
        assert len(spans) == len(set(spans)) > 0


def test_a_big_import_is_fanned_out_by_the_worker_and_every_article_split(celery_worker, tmp_path):
    lines = [
        f'{{"title": "Wire {i}", "text": "Officials in district {i} said the dam held. Engineers said it had not."}}'
        for i in range(150)  # more than 4 batches: one message, fanned out by the worker
    ]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--project", "big-desk")
    wait_for(split_done("big-desk", 150), what="the worker to fan out and split 150 articles")
    statuses = set(Article.objects.filter(project__slug="big-desk").values_list("split_status", flat=True))
    assert statuses == {SplitStatus.SPLIT}
