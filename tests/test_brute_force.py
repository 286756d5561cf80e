"""Guessing passwords and tokens: the probe sent 50 wrong passwords in 12 s, all answered,
then the right one logged in; 50 wrong API tokens, no 429. Logins lock out per user name
and client address (django-axes, counted in the database so every web process agrees);
wrong tokens are limited per address; the API has per-client rate limits."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from claims.services.tokens import api_token_issue

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(password, username="rita", address="203.0.113.7", **headers):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password}, **headers)
    return response, client


def logged_in(client) -> bool:
    return client.get("/session").status_code == 200


def test_fifty_wrong_passwords_lock_the_login_and_the_right_one_is_refused_then(users, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [attempt(f"wrong-{i}")[0].status_code for i in range(50)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[5:]) == {429}
    response, client = attempt("pw-rita")
    assert response.status_code == 429 and not logged_in(client)
    assert "Too many failed logins" in response.content.decode()


def test_the_lock_is_per_user_and_address_so_colleagues_keep_working(users):
    for i in range(6):
        attempt(f"wrong-{i}")
    _, colleague = attempt("pw-remo", username="remo")  # same office address, another person
    assert logged_in(colleague)
    _, elsewhere = attempt("pw-rita", address="198.51.100.9")  # the person, from another address
    assert logged_in(elsewhere)


def test_a_success_before_the_limit_resets_the_count(users):
    for i in range(4):
        attempt(f"wrong-{i}")
    assert logged_in(attempt("pw-rita")[1])
    for i in range(4):
        attempt(f"again-{i}")
    assert logged_in(attempt("pw-rita")[1])


def test_behind_a_proxy_the_address_the_proxy_saw_counts_not_what_the_client_wrote(users, settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    # The attacker writes a new X-Forwarded-For each time; the proxy appends the real address.
    for i in range(6):
        attempt("wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.7")
    response, client = attempt("pw-rita", address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    assert response.status_code == 429 and not logged_in(client)
    # Another client behind the same proxy is someone else.
    _, other = attempt("pw-rita", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert logged_in(other)


def test_wrong_api_tokens_are_answered_429_past_the_limit_even_with_the_right_token(users, settings):
    assert settings.FACTCHECK_API_BAD_TOKEN_LIMIT == 10
    key = api_token_issue(user=users.reviewer)
    guesser = APIClient(REMOTE_ADDR="203.0.113.50")
    codes = []
    for i in range(50):
        guesser.credentials(HTTP_AUTHORIZATION=f"Token {i:040x}")
        codes.append(guesser.get("/api/ratings/").status_code)
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}
    guesser.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert guesser.get("/api/ratings/").status_code == 429
    honest = APIClient(REMOTE_ADDR="198.51.100.60")
    honest.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert honest.get("/api/ratings/").status_code == 200


def test_the_api_limits_each_user_and_each_anonymous_address(users, monkeypatch):
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_THROTTLE_CLASSES == [
        __import__("rest_framework.throttling", fromlist=["AnonRateThrottle"]).AnonRateThrottle,
        UserRateThrottle,
    ]
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=users.reviewer)}")
    assert [client.get("/api/ratings/").status_code for _ in range(5)] == [200, 200, 200, 429, 429]


def test_no_anonymous_form_sends_email(users, mailoutbox):
    # Password reset is not offered (no mail server; an anonymous mailer is one more thing to
    # abuse): administrators set passwords in the admin.
    assert Client().get("/accounts/password_reset/").status_code == 404
    assert Client().post("/accounts/password_reset/", {"email": "rita@example.org"}).status_code == 404
    assert mailoutbox == []
