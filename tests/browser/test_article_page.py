"""The article page's JavaScript in a real browser: a text selection becomes the right
offsets (after an emoji too), the progress updates without a reload, a click on a word
chooses the split point."""

import pytest
from django.contrib.auth.models import User

from claims.models import Article, Claim
from tests.browser.conftest import login

# A transactional database (the live server reads what the test writes); the groups a
# migration created may be flushed by an earlier transactional test, so a superuser.
pytestmark = pytest.mark.django_db(transaction=True)

CLAIMED = "Nel 2023 il comune ha speso 3 milioni di euro per le strade."
MISSED = "Il sindaco ha promesso 40 nuove assunzioni entro giugno."
TEXT = f"Un saluto 😀 ai lettori.\n{CLAIMED}\n{MISSED}"


@pytest.fixture
def article():
    article = Article.objects.create(
        title="Strade", body=TEXT, cleaned_text=TEXT, language="it", state=Article.State.READY
    )
    start = TEXT.index(CLAIMED)
    Claim.objects.create(
        article=article,
        text=CLAIMED,
        start=start,
        end=start + len(CLAIMED),
        position=0,
        score=0.8,
        checkworthy=True,
        verification_state=Claim.Verification.PENDING,
    )
    return article


@pytest.fixture
def page(new_page):
    User.objects.create_superuser("ada", "ada@example.org", "pw-ada")
    page = new_page()
    login(page, "ada", "pw-ada")
    return page


def test_selecting_text_adds_it_as_a_claim_at_the_right_offsets(page, article):
    page.goto(f"/articles/{article.pk}/")
    # Select the sentence no claim covers, as a reviewer would with the mouse.
    page.evaluate(
        """(sentence) => {
        const node = [...document.querySelectorAll('#article-text span')].find(s => s.textContent.includes(sentence))
            .firstChild;
        const at = node.data.indexOf(sentence);
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + sentence.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""",
        MISSED,
    )
    button = page.locator("#add-claim-pop button")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_url(f"**/articles/{article.pk}/#claim-*")
    added = article.claims.get(text=MISSED)
    # Python offsets: the emoji is one character here, two UTF-16 units in the browser.
    assert (added.start, added.end) == (TEXT.index(MISSED), TEXT.index(MISSED) + len(MISSED))
    assert page.locator(f'mark[data-claim="{added.pk}"]').inner_text() == MISSED


def test_progress_and_marks_update_without_a_reload(page, article):
    page.goto(f"/articles/{article.pk}/")
    claim = article.claims.get()
    mark = page.locator(f'mark[data-claim="{claim.pk}"]')
    assert "verif-pending" in mark.get_attribute("class")
    page.evaluate("window.notReloaded = true")
    Claim.objects.filter(pk=claim.pk).update(verification_state=Claim.Verification.VERIFIED)
    # A function, not an expression string: Playwright evals a string inside the page, which
    # the Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    page.wait_for_function(
        f"""() => document.querySelector('mark[data-claim="{claim.pk}"]').classList
                                     .contains('verif-verified')""",
        timeout=8000,
    )
    assert page.locator('[data-count="verified"]').inner_text() == "1"
    assert page.locator("progress.progress").evaluate("bar => bar.value") == 100
    assert page.evaluate("window.notReloaded") is True


def test_clicking_a_word_chooses_the_split_point(page, article):
    claim = article.claims.get()
    page.goto(f"/articles/{article.pk}/?fix={claim.pk}")
    page.locator(".split-words button", has_text="speso").click()
    assert page.locator(f"#at-{claim.pk}").input_value() == str(CLAIMED.index("speso") + len("speso"))
    page.locator(".split-form button[type=submit]").click()
    page.wait_for_url(f"**/articles/{article.pk}/#claim-{claim.pk}")
    assert list(article.claims.values_list("text", flat=True)) == [
        "Nel 2023 il comune ha speso",
        "3 milioni di euro per le strade.",
    ]
