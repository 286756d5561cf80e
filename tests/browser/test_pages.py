"""Every page in Chromium, as a phone and a desktop see it, in Italian: nothing scrolls
sideways at 390 px (scrollWidth <= innerWidth), the header, the language switch and the
filters fold, the queue becomes cards; no English is left in the Italian pages; screenshots
of each page at 1366 and 390 px go to test-artifacts/ (it-<page>-<width>.png)."""

import re

import pytest

from tests.browser.conftest import login, screenshot
from tests.browser.world import build, pages
from tests.i18n_phrases import english_phrases

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
PASSWORDS = {"rita": "pw-rita", "elena": "pw-elena"}


@pytest.fixture
def world(seed_bytes, users):
    return build(seed_bytes, users)


def visit(new_page, url, who, *, locale="it-IT", viewport=DESKTOP):
    page = new_page(locale=locale)
    page.set_viewport_size(viewport)
    if who:
        login(page, who, PASSWORDS[who])
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def fits(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_every_page_fits_a_phone_and_its_header_and_filters_fold(new_page, world):
    for name, (url, who) in pages(world).items():
        page = visit(new_page, url, who, viewport=PHONE)
        width, inner = fits(page)
        assert width <= inner, f"{name}: {width} px wide in a {inner} px screen"
        screenshot(page, f"it-{name}-390")
        toggle = page.locator(".menu-toggle")
        assert toggle.is_visible(), name
        assert not page.locator("#lang-select").is_visible(), name  # folded with the menu
        toggle.click()
        assert page.locator("#lang-select").is_visible() and fits(page)[0] <= inner, name
        page.context.close()

    # The queue as cards: one claim per card, the filters folded until asked for.
    page = visit(new_page, "/queue/", "rita", viewport=PHONE)
    assert not page.locator("#filters").is_visible()
    row = page.locator("table.queue tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    assert page.locator("table.queue thead").is_hidden()
    labels = row.evaluate(
        "r => [...r.querySelectorAll('td[data-label]')].map(td => getComputedStyle(td, '::before').content)"
    )
    assert '"Punteggio: "' in labels  # each value after its column's name
    page.locator(".filters-box > summary").click()
    assert page.locator("#filters").is_visible()


def test_desktop_screenshots_in_italian(new_page, world):
    for name, (url, who) in pages(world).items():
        page = visit(new_page, url, who, viewport=DESKTOP)
        width, inner = fits(page)
        assert width <= inner, name
        screenshot(page, f"it-{name}-1366")
        page.context.close()


RAW_KEYS = re.compile(r"\b(in_review|sent_back|claim_status|discard_reason|as_of|mostly-false|mostly-true)\b")


def reader_text(page) -> str:
    """What a reader sees (technical detail marked lang="en" aside), and the "?" overlay."""
    return page.evaluate(
        """() => { const clone = document.body.cloneNode(true);
        clone.querySelectorAll('[lang=en], script, template').forEach(el => el.remove());
        document.body.append(clone); clone.style.position = 'absolute';
        const seen = clone.innerText; clone.remove();
        const help = document.getElementById('help'); return seen + '\\n' + (help ? help.textContent : ''); }"""
    )


def test_the_italian_pages_have_no_untranslated_string(new_page, world):
    phrases = english_phrases()
    assert len(phrases) > 300  # the check has something to check with
    english = visit(new_page, f"/claims/{world.sent_back.pk}/", "rita", locale="en-US")
    assert len([p for p in phrases if p in reader_text(english)]) > 20  # and it finds English where it is
    for name, (url, who) in [*pages(world).items(), ("history", (f"/claims/{world.sent_back.pk}/", "rita"))]:
        page = visit(new_page, url, who)
        if name == "history":
            page.locator("#history-box > summary").click()
        text = reader_text(page)
        left = sorted(p for p in phrases if p in text)
        assert left == [], f"{name}: {left}"
        assert not RAW_KEYS.search(text), f"{name}: {RAW_KEYS.search(text).group(0)}"
        page.context.close()


def test_the_claim_page_puts_context_findings_and_verdict_side_by_side(new_page, world):
    page = visit(new_page, f"/claims/{world.open_claims[0].pk}/", "rita", locale="en-US")
    boxes = [page.locator(f".col-{name}").bounding_box() for name in ("context", "findings", "verdict")]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # three columns, left to right
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2 and boxes[2]["x"] + boxes[2]["width"] <= DESKTOP["width"]
    assert not page.locator("#history").is_visible()  # the history is folded away
    save = page.locator("button[value=save]")
    for _ in range(4):  # read down the page: the verdict form's buttons stay in view
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(150)
        box = save.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= DESKTOP["height"], page.evaluate("scrollY")
    assert page.evaluate("scrollY") > 300
    page.locator("#history-box > summary").click()
    assert page.locator("#history").is_visible()
