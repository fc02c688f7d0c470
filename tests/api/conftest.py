"""Fixtures for the API tests: a project with one member per role, an outsider, and
another project whose ids must never leak."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from annotations.models import Article, Claim, Project, Role, Sentence
from annotations.services.tokens import api_token_create
from tests.factories import ArticleFactory, MembershipFactory, ProjectFactory, SourceFactory, UserFactory

ROLES = [Role.OWNER, Role.EDITOR, Role.REVIEWER, Role.VIEWER]
BODY = (
    'The minister said the bridge had reopened on Tuesday. "It is safe," the mayor said. Prices rose sharply.'
)


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    # Throttle counters live in the (per-process) cache; each test starts from zero.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    # Each factory user hashes a password; the production hasher takes ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def token_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    _, secret = api_token_create(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@dataclass
class Desk:
    project: Project
    article: Article
    claim: Claim
    other_project: Project
    other_article: Article
    other_claim: Claim
    users: dict[str, object]

    def client(self, who: str) -> APIClient:
        if who == "anonymous":
            return APIClient()
        return token_client(self.users[who])


def make_article(project: Project, body: str = BODY, **kwargs) -> Article:  # type: ignore[no-untyped-def]
    article = ArticleFactory(project=project, body=body, split_status="split", **kwargs)
    Sentence.objects.create(article=article, index=0, start=0, end=53)
    return article


def make_claim(article: Article, start: int = 4, end: int = 52, **kwargs) -> Claim:  # type: ignore[no-untyped-def]
    return Claim.objects.create(article=article, start=start, end=end, text=article.body[start:end], **kwargs)


@pytest.fixture
def desk(db) -> Desk:  # type: ignore[no-untyped-def]
    project = ProjectFactory(slug="desk")
    users: dict[str, object] = {}
    for role in ROLES:
        users[str(role)] = MembershipFactory(
            project=project, role=role, user=UserFactory(username=str(role))
        ).user
    other_project = ProjectFactory(slug="elsewhere")
    outsider = UserFactory(username="outsider")
    MembershipFactory(project=other_project, user=outsider, role=Role.OWNER)
    users["outsider"] = outsider
    article = make_article(project)
    claim = make_claim(article)
    other_article = make_article(
        other_project, body="Secret desk story. The general said the port was closed."
    )
    other_claim = make_claim(other_article, start=19, end=56)
    SourceFactory(project=project, name="The Mayor")
    return Desk(project, article, claim, other_project, other_article, other_claim, users)
