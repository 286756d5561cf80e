"""Security headers on every kind of answer, HSTS and secure cookies when served over HTTPS
behind the proxy (DJANGO_HTTPS), and CSRF enforced on every form and session-authenticated
API write."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

PROXY_HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def claim(users):
    return make_claims(
        make_article("Intestazioni"), [{"text": "Il comune ha speso 3 milioni.", "assignee": users.reviewer}]
    )[0]


@pytest.fixture
def behind_tls_proxy(settings):
    """What DJANGO_HTTPS=1 sets (tests/test_deploy_settings.py checks the mapping)."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def _pages(claim):
    return [
        "/accounts/login/",
        reverse("claims:queue"),
        reverse("claims:claim", args=[claim.pk]),
        reverse("claims:article", args=[claim.article_id]),
        "/admin/",
        "/api/claims/",
        "/api/docs/",
        "/healthz",
    ]


def test_every_answer_carries_the_security_headers(users, claim):
    client = Client()
    client.force_login(users.admin)
    users.admin.is_staff = True
    users.admin.save()
    for path in _pages(claim):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
        assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'", path
        assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'", path
        assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'", path
        assert "unsafe" not in response["Content-Security-Policy"], path
        assert "Strict-Transport-Security" not in response, path  # plain HTTP: no HSTS


def test_static_files_are_served_with_nosniff_and_caching():
    response = Client().get("/static/claims/app.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff" and "max-age" in response["Cache-Control"]


def test_behind_the_tls_proxy_hsts_and_secure_cookies(behind_tls_proxy, users):
    client = Client()
    plain = client.get("/queue/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/queue/"
    page = client.get("/accounts/login/", **PROXY_HTTPS)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page.cookies["csrftoken"]["secure"] is True
    token = page.cookies["csrftoken"].value
    logged = client.post(
        "/accounts/login/", {"username": "rita", "password": "pw-rita", "csrfmiddlewaretoken": token}, **PROXY_HTTPS
    )
    assert logged.status_code == 302
    session = logged.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True and session["samesite"] == "Lax"
    assert client.get("/healthz").status_code == 200  # the load balancer's plain HTTP probe


def test_csrf_is_enforced_on_forms(users, claim):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "rita", "password": "pw-rita"}).status_code == 403
    client.force_login(users.reviewer)
    for path, data in [
        (reverse("claims:claim_assign", args=[claim.pk]), {"action": "me"}),
        (reverse("claims:verdict_save", args=[claim.pk]), {"action": "save"}),
        (reverse("claims:claim_discard", args=[claim.pk]), {"version": 1, "reason": "other"}),
        (reverse("claims:article_new"), {"how": "paste", "paste-body": "Il comune ha speso 3 milioni."}),
        ("/i18n/setlang/", {"language": "it"}),
        ("/accounts/logout/", {}),
    ]:
        assert client.post(path, data).status_code == 403, path
    claim.refresh_from_db()
    assert claim.status == "new"
    # With the token from the page, the same form goes through.
    token = client.get(reverse("claims:claim", args=[claim.pk])).cookies["csrftoken"].value
    response = client.post(
        reverse("claims:claim_discard", args=[claim.pk]),
        {"version": claim.version, "reason": "other", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "discarded"


def test_csrf_is_enforced_on_session_authenticated_api_writes(users, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.reviewer)
    url = f"/api/claims/{claim.pk}/assign/"
    refused = client.post(url, {"assignee": "me"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert client.get("/api/claims/").status_code == 200  # reads need no token
    token = client.get(reverse("claims:queue")).cookies["csrftoken"].value
    accepted = client.post(url, {"assignee": "me"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
