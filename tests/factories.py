"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from annotations.models import (
    Annotation,
    Article,
    Claim,
    Evidence,
    EvidenceDocument,
    Membership,
    Project,
    Role,
    Sentence,
    Source,
    body_hash,
    normalize_evidence_url,
    normalize_source_name,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"analyst{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@desk.example")
    password = factory.django.Password("correct horse battery staple")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.REVIEWER


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: f"Officials said the bridge {n} had reopened. Residents welcomed the news on Tuesday."
    )
    outlet = "Example Wire"
    content_hash = factory.LazyAttribute(lambda o: body_hash(o.body))


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentence

    article = factory.SubFactory(ArticleFactory)
    index = factory.Sequence(lambda n: n)
    start = 0
    end = 10


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Source {n}")
    normalized_name = factory.LazyAttribute(lambda o: normalize_source_name(o.name))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = 10
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.end])


class AnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annotation

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory)


class EvidenceDocumentFactory(factory.django.DjangoModelFactory):
    """A cited page, not captured (its capture is the worker's: services.evidence)."""

    class Meta:
        model = EvidenceDocument
        django_get_or_create = ("project", "normalized_url")

    project = factory.SubFactory(ProjectFactory)
    url = factory.Sequence(lambda n: f"https://evidence.example/{n}")
    normalized_url = factory.LazyAttribute(lambda o: normalize_evidence_url(o.url))


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A claim's evidence; ``url=`` cites that page (one document per project and URL)."""

    class Meta:
        model = Evidence
        exclude = ("url",)

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://evidence.example/e{n}")
    document = factory.LazyAttribute(
        lambda o: EvidenceDocumentFactory(project=o.claim.article.project, url=o.url)
    )
    added_by = factory.SubFactory(UserFactory)
