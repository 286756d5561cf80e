"""The two trivial endpoints: /health for load balancers, /session for pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_login():
    response = Client().get("/health")
    assert response.status_code == 200 and response.content == b"ok"


def test_session_says_whether_the_user_is_logged_in(users):
    assert Client().get("/session").status_code == 401
    client = Client()
    client.force_login(users.reviewer)
    response = client.get("/session")
    assert response.status_code == 200 and response.content == b"ok"
