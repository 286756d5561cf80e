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


# --- Probes for load balancers: /healthz (process up), /readyz (can do the work), /health ---

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def with_broker(settings):
    def use(url):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = url

    return use


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_health_is_503_when_the_broker_is_down(with_broker):
    with_broker(UNREACHABLE)
    response = Client().get("/health")
    assert response.status_code == 503 and b"unavailable" in response.content


@pytest.fixture
def embedded(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: tasks in-process (make run)


def test_readyz_in_the_embedded_setup_is_ready(embedded):
    data = Client().get("/readyz").json()
    assert data["ready"] is True and data["broker"]["detail"].startswith("no broker")


def test_readyz_is_503_naming_the_broker_when_it_is_down(with_broker):
    with_broker(UNREACHABLE)
    response = Client().get("/readyz")
    assert response.status_code == 503
    data = response.json()
    assert data["database"]["ok"] is True and data["broker"]["ok"] is False and data["workers"]["ok"] is False


def test_readyz_wants_a_live_worker_on_every_queue(with_broker, settings):
    from factcheck.heartbeat import Heartbeat, keys, redis_client

    with_broker(settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/11")
    client = redis_client()
    client.delete(*keys())
    data = Client().get("/readyz").json()
    assert data["ready"] is False and len(data["workers"]["queues_without_worker"]) == 4
    queues = [q.name for q in settings.CELERY_TASK_QUEUES]
    Heartbeat("w-extract@test", queues[1:2]).beat(client)
    data = Client().get("/readyz").json()
    assert data["workers"]["alive"] == {"w-extract@test": [queues[1]]}
    assert queues[1] not in data["workers"]["queues_without_worker"] and not data["ready"]
    Heartbeat("w-all@test", queues).beat(client)
    response = Client().get("/readyz")
    assert response.status_code == 200 and response.json()["ready"] is True
    # A beat older than the limit is a dead worker (killed with -9, say).
    client.zadd(keys()[0], {"w-all@test": 1.0})
    assert Client().get("/readyz").status_code == 503
    client.delete(*keys())


def test_readyz_is_503_when_queued_work_waits_too_long(settings, embedded):
    import datetime

    from django.utils import timezone

    from claims.models import Article

    settings.FACTCHECK_READY_MAX_QUEUE_AGE = 60
    article = Article.objects.create(body="x", body_sha256="0" * 64, state=Article.State.QUEUED)
    assert Client().get("/readyz").status_code == 200
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["queue"]["oldest_seconds"] >= 299


def test_probes_are_answered_over_plain_http_behind_the_tls_proxy(settings, embedded):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/readyz").status_code == 200
    assert Client().get("/queue/").status_code == 301  # everything else goes to https
