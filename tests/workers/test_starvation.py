"""One huge article no longer starves everyone (issue 10: a 1.9 MB article gave 25,060
claims, and another user's five-sentence article then waited 61 s). With real workers, a
pool per queue: an article past the claims cap fails at once with the reason; while a long
article's claims flood the verification queue, a small article submitted after it is
extracted at once by the extraction pool."""

import time

import pytest

from claims.models import Article, Claim
from claims.services import article_submit

from .conftest import wait_for

pytestmark = pytest.mark.worker


def _long_article(sentences: int) -> str:
    return "\n\n".join(
        f"Nel {1900 + i % 120} il comune numero {i} ha speso {i + 3} milioni di euro per le strade."
        for i in range(sentences)
    )


def test_a_small_article_is_extracted_at_once_while_a_long_one_floods_the_workers(celery_worker_factory, settings):
    queues = settings.FACTCHECK_QUEUES
    env = {"FACTCHECK_MAX_CLAIMS_PER_ARTICLE": "1500"}
    celery_worker_factory(name="extraction", extra=("-Q", queues["extraction"]), env_extra=env)
    celery_worker_factory(
        name="verification",
        extra=("-Q", f"{queues['verification']},{settings.CELERY_TASK_DEFAULT_QUEUE}"),
        env_extra=env,
    )
    too_long = article_submit(body=_long_article(1600), title="troppo lungo")
    long = article_submit(body=_long_article(1200), title="lungo")
    assert wait_for(
        lambda: Article.objects.filter(pk__in=[too_long.pk, long.pk], state__in=["ready", "failed"]).count() == 2, 90
    )
    too_long.refresh_from_db()
    assert too_long.state == "failed"
    assert too_long.error.startswith("The article has 1,600 sentences; at most 1,500 are taken from one article.")
    assert not Claim.objects.filter(article=too_long).exists()
    # The long article's 1,200 claims now wait in the verification queue.
    assert Claim.objects.filter(article=long, verification_state="pending").count() > 500
    submitted = time.monotonic()
    small = article_submit(body="Il comune ha speso 3 milioni di euro per le strade nel 2023, dice il bilancio.")
    assert wait_for(lambda: Article.objects.filter(pk=small.pk, state="ready").exists(), 30)
    waited = time.monotonic() - submitted
    assert waited < 5, f"the small article waited {waited:.1f} s"
    assert Claim.objects.filter(article=long, verification_state="pending").exists()  # still busy with the long one
    # And the small one's claims are verified too, in their turn, bounded by the cap.
    assert wait_for(lambda: not Claim.objects.filter(article=small, verification_state="pending").exists(), 120)
