"""Repeated-claim keys (annotations.similarity) and the similar-claims lookup built on them."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import similarity
from annotations.models import Claim
from annotations.selectors import similar_claims
from annotations.services.claims import claim_edit_text
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory


def test_trigrams_match_pg_trgm(db):
    text = "Assad fled to Moscow, state media said — 2 days later!"
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm(%s)", [text])
        (expected,) = cursor.fetchone()
    assert similarity.trigrams(text) == set(expected)


def test_keys_are_stable_and_follow_the_words_not_case_or_punctuation():
    keys = similarity.similarity_keys("Assad remained in Damascus.")
    assert len(keys) == similarity.BANDS
    assert keys == similarity.similarity_keys("ASSAD remained in Damascus")
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert similarity.similarity_keys("  ... !!! ") == []


def test_keys_are_the_stored_ones():
    """The keys are stored data: the same text must give the same keys in every release
    (changing them needs a migration that recomputes every claim's keys)."""
    assert similarity.similarity_keys("Assad remained in Damascus.")[:3] == [
        1315593474636167040,
        -5237477460693468319,
        -9095767464867403736,
    ]


def test_keys_in_bulk_are_the_keys_of_each_text():
    texts = [
        "Assad remained in Damascus.",
        "Rebels said they had taken control of the city of Hama on Thursday",
        "",
        "  ... !!! ",
        "the the the said said",
        "Zürich's über-rich 2026 ab_cd 東京 said",
        "Assad remained in Damascus.",
    ]
    assert similarity.similarity_keys_many(texts) == [similarity.similarity_keys(t) for t in texts]
    assert similarity.similarity_keys_many([]) == []
    assert similarity.similarity_keys_many(["--"]) == [[]]


def test_near_duplicates_share_keys_and_unrelated_sentences_do_not():
    a = set(similarity.similarity_keys("Rebels said they had taken control of the city of Hama on Thursday"))
    b = set(similarity.similarity_keys("Rebels said they had taken control of the city of Hama on Friday"))
    assert a & b
    rng = random.Random(7)
    words = [
        "oil",
        "price",
        "bank",
        "said",
        "rates",
        "rose",
        "fell",
        "trade",
        "deal",
        "minister",
        "talks",
        "year",
        "shares",
        "market",
    ]
    unrelated = [" ".join(rng.choices(words, k=10)) for _ in range(200)]
    shared = sum(bool(a & set(similarity.similarity_keys(t))) for t in unrelated)
    assert shared <= 4  # candidates are few, so the exact comparison stays cheap


pytestmark = pytest.mark.django_db


def test_similar_claims_finds_repeats_in_the_project_only():
    first = ClaimFactory(
        article=ArticleFactory(body="Syrian state media said Assad remained in Damascus on Sunday."),
        start=24,
        end=60,
    )
    project = first.article.project
    repeat = ClaimFactory(
        article=ArticleFactory(project=project, body="Officials insist Assad remained in Damascus on Sunday"),
        start=17,
        end=53,
    )
    unrelated = ClaimFactory(
        article=ArticleFactory(project=project, body="Markets fell sharply in Tokyo."), start=0, end=29
    )
    elsewhere = ClaimFactory(
        article=ArticleFactory(body="Assad remained in Damascus on Sunday."), start=0, end=36
    )
    found = similar_claims(claim=repeat)
    assert [c.pk for c in found] == [first.pk]
    assert found[0].similarity > 0.9  # type: ignore[attr-defined]
    assert unrelated not in found
    assert elsewhere not in found


def test_editing_a_claim_recomputes_its_keys():
    article = ArticleFactory(body="Assad remained in Damascus. Aleppo and Hama fell to the rebels.")
    claim = ClaimFactory(article=article, start=0, end=26)
    other = ClaimFactory(
        article=ArticleFactory(
            project=article.project, body="Aleppo and Hama fell to the rebels, they said."
        ),
        start=0,
        end=34,
    )
    assert similar_claims(claim=other) == []
    user = MembershipFactory(project=article.project, role="editor").user
    claim_edit_text(claim=claim, text="Aleppo and Hama fell to the rebels", user=user)
    stored = Claim.objects.only("similarity_keys").get(pk=claim.pk).similarity_keys
    assert stored == similarity.similarity_keys("Aleppo and Hama fell to the rebels")
    # Which claims match is cached per claim for a few minutes: the new repeat appears
    # once that has passed (cleared here), at once for the edited claim (its text changed).
    assert similar_claims(claim=other) == []
    cache.clear()
    assert [c.pk for c in similar_claims(claim=other)] == [claim.pk]
    assert [c.pk for c in similar_claims(claim=Claim.objects.get(pk=claim.pk))] == [other.pk]


def test_the_matches_are_cached_but_the_claims_read_fresh():
    first = ClaimFactory(
        article=ArticleFactory(body="Rebels said they had taken control of Hama on Thursday."),
        start=0,
        end=54,
    )
    repeat = ClaimFactory(
        article=ArticleFactory(
            project=first.article.project, body="Rebels said they had taken control of Hama."
        ),
        start=0,
        end=43,
    )
    assert [c.pk for c in similar_claims(claim=repeat)] == [first.pk]
    Claim.objects.filter(pk=first.pk).update(status="verified", final_verdict="true")
    with CaptureQueriesContext(connection) as queries:
        again = similar_claims(claim=repeat)
    assert [(c.pk, c.status) for c in again] == [(first.pk, "verified")]
    assert len(queries) == 1  # the claims, not the similarity search
    first.delete()
    assert similar_claims(claim=repeat) == []


def test_a_claim_without_words_has_no_similar_claims():
    article = ArticleFactory(body="— … — Assad remained in Damascus.")
    lonely = ClaimFactory(article=article, start=0, end=5)
    ClaimFactory(article=ArticleFactory(project=article.project, body="— … —"), start=0, end=5)
    assert lonely.text.strip()
    assert similar_claims(claim=lonely) == []
