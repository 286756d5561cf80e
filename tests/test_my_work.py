"""My work: what is assigned to me, what was sent back to me with the editor's comment, what
of mine was approved or published since I last looked (editors: what awaits approval); the
header's counter; saved queue views."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import SavedView, Verdict, WorkSeen
from claims.services import publishing, verdicts

from .test_views_queue import make_article, make_claims
from .test_views_review import save

pytestmark = pytest.mark.django_db
MY_WORK = reverse("claims:my_work")


def as_user(user, lang="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(user)
    return client


def submitted(claim, user) -> Verdict:
    verdict = save(claim, user)
    return verdicts.verdict_submit(verdict=verdict, by=user, version=verdict.version)


@pytest.fixture
def day(users, django_capture_on_commit_callbacks):
    """Rita's day: one claim to start, one sent back by Elena, one approved, one published."""
    todo, back, approved, colleague = make_claims(
        make_article("Giornata"),
        [
            {"text": "da iniziare", "assignee": users.reviewer},
            {"text": "rimandata", "assignee": users.reviewer},
            {"text": "approvata", "assignee": users.reviewer},
            {"text": "di remo", "assignee": users.reviewer2},
        ],
    )
    (published,) = make_claims(make_article("Pubblicazione"), [{"text": "pubblicata", "assignee": users.reviewer}])
    WorkSeen.objects.create(user=users.reviewer, seen_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        v = submitted(back, users.reviewer)
        verdicts.verdict_send_back(verdict=v, by=users.editor, version=v.version, comment="Manca la fonte Istat.")
        v = submitted(approved, users.reviewer)
        verdicts.verdict_approve(verdict=v, by=users.editor, version=v.version, comment="Ottimo.")
        v = submitted(published, users.reviewer)
        verdicts.verdict_approve(verdict=v, by=users.editor2, version=v.version)
        publishing.article_publish(article=published.article, by=users.editor)
        submitted(colleague, users.reviewer2)
    return todo, back, approved, published, colleague


def section(html: str, title_id: str) -> str:
    start = html.index(f'id="{title_id}"')
    return html[start : html.index("</section>", start)]


def test_my_work_shows_what_is_mine_what_came_back_and_what_went_through(users, day):
    todo, back, approved, published, colleague = day
    html = as_user(users.reviewer).get(MY_WORK).content.decode()
    assert "da iniziare" in section(html, "todo-title") and "rimandata" not in section(html, "todo-title")
    sent_back = section(html, "sent-back-title")
    assert "rimandata" in sent_back and "Manca la fonte Istat." in sent_back and "elena wrote:" in sent_back
    news = section(html, "news-title")
    assert "approvata" in news and "approved by elena" in news and "Ottimo." in news
    assert "pubblicata" in news and "published by elena" in news
    assert "di remo" not in html and 'id="awaiting-title"' not in html  # a reviewer approves nothing
    # Looked at: the news are no longer news.
    again = as_user(users.reviewer).get(MY_WORK).content.decode()
    assert "approvata" not in section(again, "news-title") and "Nothing new." in again


def test_an_editor_also_sees_what_awaits_approval(users, day):
    html = as_user(users.editor).get(MY_WORK).content.decode()
    awaiting = section(html, "awaiting-title")
    assert "di remo" in awaiting and reverse("claims:approvals") in awaiting


def counter(html: str) -> int | None:
    match = re.search(r'<span class="count" id="work-count">(\d+)</span>', html)
    return int(match.group(1)) if match else None


def test_the_header_counts_my_work_on_every_page(users, day, django_capture_on_commit_callbacks):
    rita = as_user(users.reviewer)
    # 2 claims to do (one sent back) + 2 verdicts approved or published since the last look.
    for url in (reverse("claims:queue"), reverse("claims:articles"), reverse("claims:claim", args=[day[0].pk])):
        html = rita.get(url).content.decode()
        assert counter(html) == 4, url
        assert "2 claims assigned to you, 1 sent back, 2 verdicts approved or published" in html
    with django_capture_on_commit_callbacks(execute=True):
        rita.get(MY_WORK)  # looked: the news are read
    assert counter(rita.get(reverse("claims:queue")).content.decode()) == 2
    with django_capture_on_commit_callbacks(execute=True):  # a change anywhere moves the counter at once
        from claims.services import review

        review.claim_assign(claim_ids=[day[0].pk], assignee=None, by=users.reviewer)
    assert counter(rita.get(reverse("claims:queue")).content.decode()) == 1
    # Elena (an editor): remo's verdict awaits her approval.
    assert counter(as_user(users.editor).get(reverse("claims:queue")).content.decode()) == 1


def test_a_reviewer_names_a_filter_set_and_finds_it_in_the_header(users, django_capture_on_commit_callbacks):
    rita = as_user(users.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = rita.post(
            reverse("claims:saved_view_save"),
            {"name": "  Economia  da fare ", "query": "?language=it&show=open&page=3&evil=1"},
        )
    assert response.status_code == 302 and response.url == reverse("claims:queue") + "?show=open&language=it"
    assert list(SavedView.objects.values_list("name", "query")) == [("Economia da fare", "show=open&language=it")]
    html = rita.get(reverse("claims:articles")).content.decode()
    menu = html[html.index('class="views-menu"') : html.index("</details>", html.index('class="views-menu"'))]
    assert 'href="/queue/?show=open&amp;language=it">Economia da fare</a>' in menu
    assert "views-menu" not in as_user(users.reviewer2).get(reverse("claims:articles")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        rita.post(reverse("claims:saved_view_delete"), {"name": "Economia da fare"})
    assert not SavedView.objects.exists() and "views-menu" not in rita.get(MY_WORK).content.decode()
    response = rita.post(reverse("claims:saved_view_save"), {"name": " ", "query": ""}, follow=True)
    assert "Give the view a name." in response.content.decode()


@pytest.mark.parametrize("n", [2, 30])
def test_my_work_reads_a_constant_number_of_queries(users, n, django_assert_num_queries):
    claims = make_claims(make_article("Molte"), [{"assignee": users.editor} for _ in range(n)])
    for claim in claims[: n // 2]:
        save(claim, users.editor)
    client = as_user(users.editor)
    # 1 user, 1 permissions (user's and groups' in one query), 1 when I last looked, 1 my
    # open claims with their current verdict's state and comment, 1 my news, 1 awaiting
    # approval (the first rows with the total), 1 the header's counts, 1 its saved views,
    # 1 marking the page seen (one upsert).
    with django_assert_num_queries(9):
        response = client.get(MY_WORK)
    assert response.status_code == 200
