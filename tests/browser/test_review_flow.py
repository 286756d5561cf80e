"""The reviewer's day in a real browser (Chromium): open the seed article, see its claims
highlighted, review one with two sources and a confidence, submit; an editor approves;
a second reviewer working from a stale form hits the conflict; an article with an XSS
payload renders as text. Screenshots of the main pages go to test-artifacts/."""

import pytest

from claims.models import Claim, Verdict
from claims.services import article_submit
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seed_article(seed_bytes, users):
    article = article_submit(body=seed_bytes, filename="seed.txt", submitted_by=users.reviewer)
    article.refresh_from_db()
    assert article.state == "ready"
    return article


def test_review_submit_approve_and_conflict(new_page, users, seed_article):
    reviewer = new_page()
    login(reviewer, "rita", "pw-rita")
    reviewer.goto("/queue/")
    screenshot(reviewer, "queue")

    reviewer.goto(f"/articles/{seed_article.pk}/")
    marks = reviewer.locator("#article-text mark")
    assert marks.count() == seed_article.claims.count()
    claim = seed_article.claims.get(text__startswith="Un numero considerevole di GPU NVIDIA H20")
    mark = reviewer.locator(f'mark[data-claim="{claim.pk}"]')
    assert "sarebbe allocato" in mark.inner_text()
    screenshot(reviewer, "article")

    # A second reviewer opens the same claim now: their form will be stale.
    other = new_page()
    login(other, "remo", "pw-remo")
    other.goto(f"/claims/{claim.pk}/")

    mark.click()
    reviewer.wait_for_url(f"**/claims/{claim.pk}/")
    reviewer.get_by_label("Mostly false").check()
    reviewer.fill("input[name=confidence]", "75")
    reviewer.fill(
        "textarea[name=explanation]", "Nessuna fonte pubblica conferma l'allocazione delle H20 ai clienti di R1."
    )
    reviewer.fill("input[name=as_of]", "2025-06-01")
    reviewer.fill("input[name=src-0-url]", "https://www.theinformation.com/articles/deepseek-r2")
    reviewer.fill("input[name=src-0-title]", "The Information")
    reviewer.select_option("select[name=src-0-stance]", "context")
    reviewer.fill("input[name=src-1-url]", "https://www.reuters.com/technology/nvidia-h20-china")
    reviewer.fill("input[name=src-1-title]", "Reuters")
    reviewer.select_option("select[name=src-1-stance]", "refutes")
    reviewer.get_by_role("button", name="Submit for approval").click()
    reviewer.wait_for_load_state()
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.state == Verdict.State.SUBMITTED and verdict.confidence == 75
    assert [s.source.url for s in verdict.sources.order_by("position")] == [
        "https://www.theinformation.com/articles/deepseek-r2",
        "https://www.reuters.com/technology/nvidia-h20-china",
    ]
    assert "Awaiting approval" in reviewer.content()
    screenshot(reviewer, "claim-review-submitted")

    # The stale form: saving it shows what changed instead of overwriting.
    other.get_by_label("True", exact=True).check()
    other.fill("textarea[name=explanation]", "Vero.")
    other.get_by_role("button", name="Save draft").click()
    other.wait_for_load_state()
    conflict = other.locator("#conflict")
    assert conflict.is_visible()
    assert "rita" in conflict.inner_text()
    screenshot(other, "conflict")
    verdict.refresh_from_db()
    assert verdict.explanation.startswith("Nessuna fonte") and verdict.rating.key == "mostly-false"

    editor = new_page()
    login(editor, "elena", "pw-elena")
    editor.goto("/approvals/")
    assert claim.text[:40] in editor.content()
    screenshot(editor, "approvals")
    editor.goto(f"/claims/{claim.pk}/")
    editor.fill("#decision textarea[name=comment]", "Ok, fonti solide.")
    editor.locator("#decision").get_by_role("button", name="Approve").click()
    editor.wait_for_load_state()
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.APPROVED and verdict.reviewed_by == users.editor
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED
    screenshot(editor, "claim-approved")


def test_an_xss_payload_in_an_article_renders_as_text(new_page, users):
    payload = (
        "Il sindaco <script>window.__pwned = 1; alert('xss')</script> ha speso 3 milioni di euro "
        '<img src=x onerror="window.__pwned = 2"> per le strade nel 2024.'
    )
    article = article_submit(body=payload.encode(), filename="paste.txt", submitted_by=users.reviewer)
    page = new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, "rita", "pw-rita")
    page.goto(f"/articles/{article.pk}/")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1; alert('xss')</script>" in text
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.locator("#article-text img").count() == 0
    claim = article.claims.first()
    page.goto(f"/claims/{claim.pk}/")
    assert page.evaluate("window.__pwned") is None and dialogs == []
    screenshot(page, "xss-article")


def test_submit_page(new_page, users):
    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto("/articles/new/")
    screenshot(page, "submit")
    assert page.locator("form").count() >= 1
