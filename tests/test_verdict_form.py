"""The verdict form as a reviewer meets it when a save is refused: every problem at once,
each next to its field, the page back at the form; a save that works redirects (a reload
never saves twice); the loser of a race on an unassigned claim keeps their form."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Verdict

from .test_views_review import SOURCE, save, verdict_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(users):
    from .test_views_queue import make_article, make_claims

    return make_claims(make_article("Il debito"), [{"text": "Il debito pubblico ha superato i 3.000 miliardi."}])[0]


def as_user(user, lang="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(user)
    return client


def field_block(html: str, name: str) -> str:
    """The markup from a field's label to its input: where its errors must be."""
    start = html.index(f'for="id_{name}"')
    return html[start : html.index(f'name="{name}"', start)]


def test_every_problem_shows_at_once_next_to_its_field(users, claim):
    data = verdict_data(
        action="submit",
        rating="",
        confidence=150,
        explanation="",
        sources=[("javascript:alert(1)", "Fonte", "", "supports"), ("", "Senza indirizzo", "", "context")],
    )
    response = as_user(users.reviewer).post(reverse("claims:verdict_save", args=[claim.pk]), data)
    assert response.status_code == 200 and not Verdict.objects.exists()
    html = response.content.decode()
    assert f'action="/claims/{claim.pk}/verdict/#verdict-form"' in html  # back at the form
    assert "The verdict was not saved" in html
    assert "less than or equal to 100" in field_block(html, "confidence")
    assert "must start with http:// or https://" in field_block(html, "src-0-url")
    assert "Every source needs a URL." in field_block(html, "src-1-url")
    assert "Before submitting: write an explanation." in field_block(html, "explanation")
    rating = html[html.index('id="rating-field"') : html.index("</fieldset>", html.index('id="rating-field"'))]
    assert "Before submitting: choose a rating." in rating
    # Fields in error say so to assistive technology (and claim.js focuses the first one).
    assert re.search(r'name="confidence"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="confidence"', html)


def test_a_submission_without_sources_says_so_above_the_sources(users, claim):
    data = verdict_data(action="submit", sources=())
    html = as_user(users.reviewer).post(reverse("claims:verdict_save", args=[claim.pk]), data).content.decode()
    problem = html[html.index('id="sources"') : html.index('id="source-rows"')]
    assert "Before submitting: cite at least one source (only Unverifiable needs none)." in problem


def test_the_same_problems_read_in_italian(users, claim):
    data = verdict_data(
        action="submit", rating="", confidence=150, explanation="", sources=[("ftp://x", "", "", "context")]
    )
    html = as_user(users.reviewer, "it").post(reverse("claims:verdict_save", args=[claim.pk]), data).content.decode()
    assert "Il verdetto non è stato salvato" in html
    assert "Prima di inviare: scegli un giudizio." in html and "Prima di inviare: scrivi una spiegazione." in html
    assert "Assicurati che questo valore sia minore o uguale a 100." in html
    assert "http:// o https://" in field_block(html, "src-0-url")


def test_a_save_that_works_redirects_so_a_reload_saves_nothing_twice(users, claim):
    client = as_user(users.reviewer)
    response = client.post(reverse("claims:verdict_save", args=[claim.pk]), verdict_data())
    assert response.status_code == 302 and response.url.endswith(f"/claims/{claim.pk}/#verdict")
    assert Verdict.objects.get(claim=claim).version == 2


def test_save_and_next_opens_the_next_claim_of_my_queue(users, claim):
    from .test_views_queue import make_article, make_claims

    mine_low, mine_high, free = make_claims(
        make_article("Altro"),
        [
            {"text": "mia bassa", "score": 0.3, "assignee": users.reviewer},
            {"text": "mia alta", "score": 0.8, "assignee": users.reviewer},
            {"text": "libera", "score": 0.99},
        ],
    )
    client = as_user(users.reviewer)
    response = client.post(reverse("claims:verdict_save", args=[claim.pk]), verdict_data(action="save_next"))
    assert response.url == reverse("claims:claim", args=[mine_high.pk]) + "#verdict"  # mine first, best first
    Claim.objects.filter(pk__in=[mine_low.pk, mine_high.pk]).update(assignee=None, status="discarded")
    response = client.post(
        reverse("claims:verdict_save", args=[claim.pk]),
        verdict_data(action="save_next", version=Verdict.objects.get(claim=claim).version),
    )
    assert response.url == reverse("claims:claim", args=[free.pk]) + "#verdict"  # then the best free one


# --- Item 1: the second saver of an unassigned claim keeps their form ---------------------------


def test_the_second_saver_of_an_unassigned_claim_keeps_their_form_filled_in(users, claim):
    rita, remo = as_user(users.reviewer), as_user(users.reviewer2)
    seen = remo.get(reverse("claims:claim", args=[claim.pk])).context["page"].latest_history_id
    rita.post(reverse("claims:verdict_save", args=[claim.pk]), verdict_data(explanation="Prima di tutti."))
    mine = verdict_data(seen=seen, rating="false", explanation="La mia analisi, scritta con cura.")
    response = remo.post(reverse("claims:verdict_save", args=[claim.pk]), mine)
    assert response.status_code == 409
    html = response.content.decode()
    form = html[html.index('id="verdict-form"') : html.index("</form>", html.index('id="verdict-form"'))]
    assert "La mia analisi, scritta con cura.</textarea>" in form
    assert re.search(rf'value="{mine["rating"]}"[^>]*checked', form)  # their rating is still chosen
    assert f'value="{SOURCE[0]}"' in form
    assert "rita now has this claim" in html and "Your text is still in the form below" in html
    assert 'value="save"' not in form  # saving would be refused: no button pretends otherwise
    assert Verdict.objects.get(claim=claim).explanation == "Prima di tutti."


def test_an_editor_losing_the_race_keeps_the_form_and_may_save_again_knowingly(users, claim):
    save(claim, users.reviewer, explanation="Del revisore.")
    response = as_user(users.editor).post(
        reverse("claims:verdict_save", args=[claim.pk]), verdict_data(explanation="Dell'editor.")
    )
    html = response.content.decode()
    assert response.status_code == 409 and "Dell&#x27;editor.</textarea>" in html
    assert "Saving again replaces it with what is in your form." in html and 'value="save"' in html


def test_save_and_next_on_an_untouched_claim_saves_nothing_and_takes_nothing(users, claim):
    from .test_views_queue import make_article, make_claims

    (following,) = make_claims(make_article("Dopo"), [{"text": "la prossima", "score": 0.2}])
    data = verdict_data(action="save_next", rating="", confidence="", explanation="", sources=())
    response = as_user(users.reviewer).post(reverse("claims:verdict_save", args=[claim.pk]), data)
    assert response.url == reverse("claims:claim", args=[following.pk]) + "#verdict"
    claim.refresh_from_db()
    assert not Verdict.objects.exists() and claim.assignee is None
