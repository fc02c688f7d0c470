from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotations.models import ApiToken
from annotations.services.tokens import api_token_authenticate, api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # tests/factories.py


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_create_with_password_shows_secret_once_and_stores_only_its_hash():
    UserFactory(username="ana")
    client = APIClient()
    response = client.post("/api/v1/tokens/", {"name": "cms sync"}, format="json", **basic("ana"))
    assert response.status_code == 201, response.content
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("cd_")
    assert len(secret) > 40
    token = ApiToken.objects.get(pk=body["id"])
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:10]
    assert secret not in str(ApiToken.objects.values().get(pk=token.pk))
    listed = client.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["results"]
    assert [t["name"] for t in listed] == ["cms sync"]
    assert "secret" not in listed[0]


def test_wrong_password_is_401():
    UserFactory(username="ana")
    response = APIClient().post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("ana", "nope"))
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_a_token_cannot_mint_tokens():
    user = UserFactory()
    _, secret = api_token_create(user=user, name="script")
    response = APIClient().post(
        "/api/v1/tokens/", {"name": "more"}, format="json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_session_creation_needs_csrf():
    user = UserFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    refused = client.post("/api/v1/tokens/", {"name": "ui"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    # What the UI sends: the csrftoken cookie and the masked token in X-CSRFToken.
    csrf_secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf_secret
    accepted = client.post(
        "/api/v1/tokens/", {"name": "ui"}, format="json", HTTP_X_CSRFTOKEN=_mask_cipher_secret(csrf_secret)
    )
    assert accepted.status_code == 201


def test_bearer_token_authenticates_and_revocation_takes_effect_at_once():
    user = UserFactory()
    token, secret = api_token_create(user=user, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/projects/").status_code == 200
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    response = client.get("/api/v1/projects/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token."}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert api_token_authenticate(secret) is None


def test_cannot_see_or_revoke_someone_elses_token():
    mine, my_secret = api_token_create(user=UserFactory(), name="mine")
    theirs, their_secret = api_token_create(user=UserFactory(), name="theirs")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {my_secret}")
    assert client.delete(f"/api/v1/tokens/{theirs.pk}/").status_code == 404
    assert [t["id"] for t in client.get("/api/v1/tokens/").json()["results"]] == [mine.pk]
    assert api_token_authenticate(their_secret) is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer cd_notatoken", "Bearer not-ours", "Bearer a b", "Token cd_x"],
)
def test_bad_credentials_are_401(header):
    UserFactory()
    response = APIClient().get("/api/v1/projects/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_anonymous_is_401_with_challenge():
    response = APIClient().get("/api/v1/projects/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_inactive_users_token_fails():
    user = UserFactory()
    _, secret = api_token_create(user=user, name="x")
    user.is_active = False
    user.save()
    assert APIClient().get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_last_used_is_written_at_most_once_a_minute():
    token, secret = api_token_create(user=UserFactory(), name="x")
    api_token_authenticate(secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


@pytest.fixture
def auth_rate(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # The rate comes from the environment (CLAIMDESK_API_AUTH_RATE); pin the default here.
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "20/hour")


def test_token_creation_is_throttled(auth_rate):
    UserFactory(username="ana")
    client = APIClient()
    codes = [
        client.post("/api/v1/tokens/", {"name": f"t{i}"}, format="json", **basic("ana")).status_code
        for i in range(21)
    ]
    assert codes[:20] == [201] * 20
    assert codes[20] == 429
    # Listing is not throttled: it takes a token or a session, never a password.
    token = client.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("ana"))
    assert token.status_code == 429
    bearer = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=ApiToken.objects.first().user, name='l')[1]}"
    }
    assert all(client.get("/api/v1/tokens/", **bearer).status_code == 200 for _ in range(25))


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_the_password_is_accepted_for_creating_a_token_only(auth_rate, method):
    """GET /tokens/ with Basic used to check the password, unthrottled: 30 guesses over 30
    accounts, no 429. Now the password is not even looked at (401 whatever it is), so
    nothing can be learnt there; guessing must go through POST, which is throttled first."""
    UserFactory(username="ana")
    for i in range(30):
        UserFactory(username=f"user{i}")
    client = APIClient()
    codes = [
        getattr(client, method)("/api/v1/tokens/", **basic(f"user{i}", "guess")).status_code
        for i in range(30)
    ]
    assert codes == [401] * 30
    right = getattr(client, method)("/api/v1/tokens/", **basic("ana"))
    assert right.status_code == 401
    assert right["WWW-Authenticate"] == 'Bearer realm="api"'
    # Nothing was counted by django-axes (no password was checked) ...
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()
    # ... and the address still has its whole budget for creating a token.
    assert client.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("ana")).status_code == 201


def test_spraying_passwords_over_30_accounts_on_token_creation_meets_429(auth_rate):
    for i in range(30):
        UserFactory(username=f"user{i}")
    client = APIClient()
    codes = [
        client.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic(f"user{i}", "guess")).status_code
        for i in range(30)
    ]
    assert codes[:20] == [401] * 20
    assert set(codes[20:]) == {429}


def test_password_guessing_is_throttled_too(auth_rate):
    UserFactory(username="ana")
    client = APIClient()
    # Spraying one password over many accounts: django-axes (per account and address)
    # never locks, the address throttle does.
    codes = {
        client.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic(f"user{i}", "guess")).status_code
        for i in range(20)
    }
    assert codes == {401}
    # The right password, too late: the address is throttled before the password is checked.
    response = client.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("ana"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


def test_blank_name_is_a_field_error():
    UserFactory(username="ana")
    response = APIClient().post("/api/v1/tokens/", {"name": "   "}, format="json", **basic("ana"))
    assert response.status_code == 400
    assert "name" in response.json()


def test_password_guessing_on_the_token_endpoint_locks_the_account_for_that_address(client, settings):
    """django-axes counts Basic failures like sign-in form failures; once it locks the
    account out for this address the right password is refused too, with a 429 that says
    so, and the sign-in form is locked with it. Other accounts are not."""
    UserFactory(username="mira")
    UserFactory(username="noor")
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = api.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("mira", "guess"))
        assert wrong.status_code == 401
    last = api.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("mira", "guess"))
    assert last.status_code == 429
    locked = api.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("mira"))
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.json()["detail"]
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not ApiToken.objects.exists()
    assert client.post("/accounts/login/", {"username": "mira", "password": PASSWORD}).status_code == 429
    other = api.post("/api/v1/tokens/", {"name": "x"}, format="json", **basic("noor"))
    assert other.status_code == 201
