"""A reviewer's whole day in Chromium: the race on an unassigned claim, a review done with the
keyboard only (focus always visible), a draft that survives a closed tab without ever
covering a newer saved version, the confidence slider, My work and its counter."""

import re

import pytest

from claims.models import Claim, Rating, Verdict
from claims.services import verdicts
from tests.browser.conftest import login, screenshot
from tests.browser.world import ISTAT, build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(seed_bytes, users):
    return build(seed_bytes, users)


def test_the_second_saver_of_an_unassigned_claim_keeps_their_form(new_page, world):
    claim = world.open_claims[0]
    rita, remo = new_page(), new_page()
    login(rita, "rita", "pw-rita")
    login(remo, "remo", "pw-remo")
    for page in (rita, remo):
        page.goto(f"/claims/{claim.pk}/")
    rita.get_by_label("Mostly true").check()
    rita.fill("textarea[name=explanation]", "Rita è arrivata prima.")
    rita.get_by_role("button", name="Save draft").click()
    rita.wait_for_load_state()
    assert "Draft saved." in rita.locator(".messages").inner_text()

    remo.get_by_label("False", exact=True).check()
    remo.fill("input[name=confidence]", "85")
    remo.fill("textarea[name=explanation]", "La mia analisi di Remo, da non perdere.")
    remo.fill("input[name=src-0-url]", "https://www.bancaditalia.it/debito")
    remo.get_by_role("button", name="Save draft").click()
    remo.wait_for_load_state()
    box = remo.locator("#conflict")
    assert box.is_visible() and "rita now has this claim" in box.inner_text()
    # Remo's work is in the form, filled in, not only in the comparison table.
    assert remo.input_value("textarea[name=explanation]") == "La mia analisi di Remo, da non perdere."
    assert remo.get_by_label("False", exact=True).is_checked()
    assert remo.input_value("input[name=confidence]") == "85"
    assert remo.input_value("input[name=src-0-url]") == "https://www.bancaditalia.it/debito"
    assert remo.get_by_role("button", name="Save draft").count() == 0
    screenshot(remo, "conflict-unassigned")
    assert Verdict.objects.get(claim=claim).explanation == "Rita è arrivata prima."


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => { const el = document.activeElement; if (!el || el === document.body) return false;
        const s = getComputedStyle(el);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
    )


def test_a_review_with_the_keyboard_only(new_page, world, users):
    page = new_page()
    page.goto("/accounts/login/")
    for _ in range(15):  # from the top of the page to the username, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    assert _focus_is_visible(page)
    page.keyboard.type("rita")
    page.keyboard.press("Tab")
    page.keyboard.type("pw-rita")
    page.keyboard.press("Enter")
    page.wait_for_url("**/queue/")

    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    first = int(re.search(r"/claims/(\d+)/", page.url).group(1))
    page.keyboard.press("?")  # the overlay lists this page's keys
    overlay = page.locator("#help")
    assert overlay.is_visible() and "Save and open the next claim of your queue" in overlay.inner_text()
    page.keyboard.press("Escape")
    assert not overlay.is_visible()

    page.keyboard.press("4")  # the fourth rating of the scale
    assert page.evaluate("document.activeElement.value") == str(Rating.objects.get(key="mostly-false").pk)
    assert _focus_is_visible(page)
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.name") == "confidence" and _focus_is_visible(page)
    page.keyboard.press("Control+a")  # the claim may hold a draft already (the queue's first may be sent back)
    page.keyboard.type("80")
    page.keyboard.press("Tab")  # to the explanation, as Tab would go (the slider is the mouse's)
    page.keyboard.press("Control+a")
    page.keyboard.type("Nessun dato pubblico lo conferma.")
    page.keyboard.press("Control+Enter")  # saves while typing
    page.wait_for_load_state()
    assert "Draft saved." in page.locator(".messages").inner_text()
    verdict = Verdict.objects.get(claim_id=first)
    assert (verdict.rating.key, verdict.confidence, verdict.explanation) == (
        "mostly-false",
        80,
        "Nessun dato pubblico lo conferma.",
    )

    page.locator("body").click(position={"x": 5, "y": 300})  # out of the fields, then keys only
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.name").endswith("-url") and _focus_is_visible(page)
    page.keyboard.type("https://ec.europa.eu/eurostat/debito")
    for _ in range(6):  # every stop on the way is visibly focused
        page.keyboard.press("Tab")
        assert _focus_is_visible(page), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    page.keyboard.press("Control+Shift+Enter")  # save, then the next claim of my queue
    page.wait_for_url(lambda url: f"/claims/{first}/" not in url)
    assert "https://ec.europa.eu/eurostat/debito" in [
        s.source.url for s in Verdict.objects.get(claim_id=first).sources.all()
    ]
    nxt = int(re.search(r"/claims/(\d+)/", page.url).group(1))
    mine = Claim.objects.filter(assignee=users.reviewer, status__in=["new", "in_review"]).exclude(pk=first)
    assert nxt == mine.order_by("-score", "-id").first().pk
    screenshot(page, "keyboard-next-claim")


def test_a_draft_survives_a_closed_tab_and_never_covers_a_newer_version(new_page, world, users):
    from claims.services import review

    claim = world.open_claims[1]
    review.claim_assign(claim_ids=[claim.pk], assignee=users.reviewer, by=users.editor)
    page = new_page()
    login(page, "rita", "pw-rita")
    context = page.context
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_label("Mixed").check()
    page.fill("textarea[name=explanation]", "Metà vero: i numeri sono del 2023.")
    page.fill("input[name=src-0-url]", "https://www.eurostat.eu/x")
    page.wait_for_timeout(600)  # the draft is kept as it is typed
    page.close()  # the tab is closed without saving

    again = context.new_page()
    again.goto(f"/claims/{claim.pk}/")
    notice = again.locator("#draft-notice")
    assert notice.is_visible() and "Your unsaved draft from" in notice.inner_text()
    assert again.input_value("textarea[name=explanation]") == "Metà vero: i numeri sono del 2023."
    assert again.get_by_label("Mixed").is_checked()
    assert again.input_value("input[name=src-1-url]") in ("", None)
    assert again.input_value("input[name=src-0-url]") == "https://www.eurostat.eu/x"
    screenshot(again, "draft-restored")
    again.close()

    # Meanwhile an editor saves a verdict on Rita's claim: her draft was written on an older version.
    verdicts.verdict_save(
        claim=claim,
        by=users.editor,
        version=None,
        rating=Rating.objects.get(key="true"),
        confidence=90,
        explanation="Salvato dall'editor.",
        as_of=None,
        sources=[ISTAT],
    )
    third = context.new_page()
    third.goto(f"/claims/{claim.pk}/")
    notice = third.locator("#draft-notice")
    assert notice.is_visible() and "written on an older version" in notice.inner_text()
    assert third.input_value("textarea[name=explanation]") == "Salvato dall'editor."  # the newer one shows
    third.get_by_role("button", name="Show my draft").click()
    assert third.input_value("textarea[name=explanation]") == "Metà vero: i numeri sono del 2023."
    third.get_by_role("button", name="Save draft").click()
    third.wait_for_load_state()
    assert third.locator("#conflict").is_visible()  # what changed is shown before anything is replaced
    assert Verdict.objects.get(claim=claim).explanation == "Salvato dall'editor."


def test_the_confidence_slider_shows_nothing_until_a_confidence_is_given(new_page, world):
    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto(f"/claims/{world.open_claims[0].pk}/")
    slider = page.locator(".confidence-slider")
    assert page.input_value("input[name=confidence]") == ""
    assert "unset" in slider.get_attribute("class") and slider.get_attribute("aria-valuetext") == "not set"
    page.fill("input[name=confidence]", "65")
    assert "unset" not in slider.get_attribute("class") and slider.input_value() == "65"


def test_my_work_and_the_header_counter(new_page, world):
    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto("/queue/")
    count = page.locator("#work-count")
    assert count.is_visible() and int(count.inner_text()) >= 2  # assigned, one of them sent back
    page.keyboard.press("g")
    page.keyboard.press("m")
    page.wait_for_url("**/my-work/")
    sent_back = page.locator("section[aria-labelledby=sent-back-title]")
    assert "Manca il dato Eurostat." in sent_back.inner_text() and "elena wrote:" in sent_back.inner_text()
    screenshot(page, "my-work")


def test_a_refused_save_comes_back_at_the_first_error_with_every_problem_marked(new_page, world):
    page = new_page()
    login(page, "rita", "pw-rita")
    page.goto(f"/claims/{world.open_claims[0].pk}/")
    page.fill("input[name=confidence]", "150")
    page.fill("input[name=src-0-url]", "javascript:alert(1)")
    page.fill("input[name=src-1-title]", "Un titolo senza indirizzo")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert page.url.endswith("#verdict-form")
    # The first field in error has the focus and is on screen, not an error above the fold.
    focused = page.evaluate(
        """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
        return {invalid: el.getAttribute('aria-invalid'), name: el.name, visible: r.top >= 0 && r.bottom <= innerHeight}; }"""
    )
    assert focused["invalid"] == "true" and focused["visible"], focused
    form = page.locator("#verdict-form").inner_text()
    for problem in (
        "Before submitting: choose a rating.",
        "less than or equal to 100",
        "must start with http:// or https://",
        "Every source needs a URL.",
        "Before submitting: write an explanation.",
    ):
        assert problem in form, problem
    assert page.input_value("input[name=src-1-title]") == "Un titolo senza indirizzo"  # nothing typed is lost
    screenshot(page, "refused-save")
