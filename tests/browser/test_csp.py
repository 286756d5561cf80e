"""Every page under the Content-Security-Policy (scripts and styles from our own files
only): Chromium loads each and reports no violation (the new_page fixture fails the test on
any), and each answer carries the header."""

import datetime

import pytest
from django.contrib.auth.models import User

from claims.models import Article, Rating, Snapshot, Source
from claims.services import article_submit, publishing, verdicts
from claims.services.verdicts import SourceInput
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = (
    "Il debito pubblico è salito a 3.000 miliardi di euro nel 2024, secondo la Banca d'Italia.\n\n"
    "La disoccupazione\u202e è scesa al 6% secondo l'Istat, il livello più basso dal 2008."
)


@pytest.fixture
def world(users):
    User.objects.create_superuser("root", "root@example.org", "pw-root")
    article = article_submit(body=ARTICLE, title="Conti pubblici", submitted_by=users.reviewer)
    article.refresh_from_db()
    assert article.state == Article.State.READY, article.error
    claim = article.claims.filter(checkworthy=True).order_by("position").first()
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="true"),
        confidence=90,
        explanation="Confermato dalla Banca d'Italia.",
        as_of=datetime.date(2025, 1, 1),
        sources=[SourceInput("https://www.bancaditalia.it/debito", "Banca d'Italia", "3.000 miliardi", "supports")],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)
    publishing.article_publish(article=article, by=users.editor)
    snapshot = Snapshot.objects.create(
        source=Source.objects.get(claim=claim),
        requested_url="https://www.bancaditalia.it/debito",
        status_code=200,
        sha256="d" * 64,  # a fetch that kept a copy: only those have an archived-copy page
        title="Debito",
        text="Il debito è di 3.000 miliardi.",
    )
    other = article.claims.exclude(pk=claim.pk).first()
    return {"article": article, "claim": claim, "other": other, "snapshot": snapshot}


def test_every_page_loads_with_no_csp_violation(new_page, world, live_server):
    article, claim, other = world["article"], world["claim"], world["other"]
    anonymous = new_page()
    for path in ("/accounts/login/", f"/reports/{article.pk}/", f"/reports/archive/{world['snapshot'].pk}/"):
        response = anonymous.goto(path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    page = new_page()
    login(page, "root", "pw-root")
    paths = [
        "/queue/",
        "/queue/?status=published&include_all=1",
        "/articles/",
        "/articles/new/",
        f"/articles/{article.pk}/",
        f"/articles/{article.pk}/?fix={other.pk}",
        f"/claims/{claim.pk}/",
        f"/claims/{other.pk}/",
        "/approvals/",
        "/dashboard/",
        "/admin/",
        "/admin/claims/claim/",
        f"/admin/claims/claim/{claim.pk}/change/",
        "/admin/claims/article/",
        f"/admin/claims/article/{article.pk}/change/",
        "/admin/claims/verdict/",
        "/admin/claims/referencedocument/add/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/api/docs/",
        "/api/claims/",
        "/accounts/password_change/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)  # Swagger UI ran: its script is a file
    screenshot(page, "api-docs")
    # The lockout page, reached the way an attacker reaches it.
    locked = new_page()
    for _ in range(6):
        locked.goto("/accounts/login/")
        locked.fill("#id_username", "rita")
        locked.fill("#id_password", "wrong")
        locked.click("main button[type=submit]")
    assert "Too many failed logins" in locked.content()
    page.goto(f"/articles/{article.pk}/")
    page.locator("#help").evaluate("el => el.hidden")  # app.js loaded
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()


def test_hidden_characters_are_marked_and_cannot_reorder_the_claim(new_page, world):
    claim = world["article"].claims.get(text__contains="\u202e")
    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto(f"/claims/{claim.pk}/")
    mark = page.locator("mark.claim.current .hidden-char")
    assert mark.get_attribute("data-label") == "RLO" and "U+202E" in mark.get_attribute("title")
    # The override is isolated: the text after it keeps its order on screen.
    box_before = page.locator("mark.claim.current").bounding_box()
    assert box_before is not None
    visible = page.locator("mark.claim.current").inner_text()
    assert "è scesa al 6%" in visible
    screenshot(page, "hidden-characters")
