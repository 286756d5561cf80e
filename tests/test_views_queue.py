"""The queue, bulk assignment and the approvals list, through the pages (Django test client,
real PostgreSQL): what a reviewer or an editor sees and can do."""

import datetime
import hashlib
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, HistoryEntry, Rating
from claims.services import verdicts
from claims.services.verdicts import SourceInput

pytestmark = pytest.mark.django_db

QUEUE = reverse("claims:queue")
ASSIGN = reverse("claims:queue_assign")
APPROVALS = reverse("claims:approvals")
_seq = itertools.count()


def make_article(title="Articolo", language="it") -> Article:
    body = f"{title} {next(_seq)}"
    return Article.objects.create(
        title=title,
        body=body,
        body_sha256=hashlib.sha256(body.encode()).hexdigest(),
        language=language,
        state=Article.State.READY,
    )


def make_claims(article, specs) -> list[Claim]:
    """specs: dicts of Claim fields; text defaults to "claim <n>", created_at one minute apart."""
    now = timezone.now()
    claims = []
    for i, spec in enumerate(specs):
        values = {
            "text": f"claim {i}",
            "score": 0.5,
            "checkworthy": True,
            "language": article.language,
            "created_at": now - datetime.timedelta(minutes=len(specs) - i),
            **spec,
        }
        claims.append(Claim(article=article, start=i * 10, end=i * 10 + 9, position=i, **values))
    return Claim.objects.bulk_create(claims)


def texts(response) -> list[str]:
    return [c.text for c in response.context["claims"]]


@pytest.fixture
def reviewer_client(client, users):
    client.force_login(users.reviewer)
    return client


@pytest.fixture
def editor_client(client, users):
    client.force_login(users.editor)
    return client


# --- Access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url in (reverse("claims:home"), QUEUE, APPROVALS):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login") + "?next=")
    response = client.post(ASSIGN, {"claim": [1], "action": "me"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_outsider_gets_403_on_every_page_and_action(client, users):
    client.force_login(users.outsider)
    for url in (reverse("claims:home"), QUEUE, APPROVALS):
        assert client.get(url).status_code == 403
    assert client.post(ASSIGN, {"claim": [1], "action": "me"}).status_code == 403


def test_a_reviewer_cannot_see_approvals_and_home_leads_to_the_queue(reviewer_client):
    assert reviewer_client.get(APPROVALS).status_code == 403
    assert reviewer_client.get(reverse("claims:home")).url == QUEUE


def test_assigning_needs_a_post(reviewer_client):
    assert reviewer_client.get(ASSIGN).status_code == 405


# --- Filters and sorting ---------------------------------------------------------------------


@pytest.fixture
def mixed(users):
    it, en = make_article("Economia", "it"), make_article("Economy", "en")
    make_claims(
        it,
        [
            {"text": "new high statistic", "score": 0.9, "claim_type": "statistic"},
            {"text": "in review mine", "score": 0.7, "status": "in_review", "assignee": users.reviewer},
            {"text": "submitted colleague", "score": 0.6, "status": "submitted", "assignee": users.reviewer2},
            {"text": "not checkworthy", "score": 0.1, "checkworthy": False},
            {"text": "verification failed", "score": 0.4, "verification_state": "failed"},
        ],
    )
    make_claims(en, [{"text": "english quote", "score": 0.8, "claim_type": "quote", "language": "en"}])
    return it, en


def test_the_queue_shows_checkworthy_claims_left_to_do_best_first(reviewer_client, mixed):
    response = reviewer_client.get(QUEUE)
    assert response.status_code == 200
    # Awaiting approval is finished work for the reviewers: not in the default list.
    assert texts(response) == ["new high statistic", "english quote", "in review mine", "verification failed"]
    html = response.content.decode()
    assert 'class="badge status-in_review"' in html and "Economia" in html
    assert 'href="?show=finished" aria-current' not in html and 'href="?show=open" aria-current="page"' in html
    assert "not checkworthy" in texts(reviewer_client.get(QUEUE, {"include_all": "on"}))


def test_finished_work_is_one_filter_away(reviewer_client, mixed):
    make_claims(
        make_article("Finiti"),
        [{"text": "published one", "status": "published"}, {"text": "thrown", "status": "discarded"}],
    )
    finished = reviewer_client.get(QUEUE, {"show": "finished"})
    assert texts(finished) == ["submitted colleague", "thrown", "published one"]
    assert 'href="?show=finished" aria-current="page"' in finished.content.decode()
    assert len(texts(reviewer_client.get(QUEUE, {"show": "all"}))) == 7
    # Statuses chosen one by one win over the tabs.
    assert texts(reviewer_client.get(QUEUE, {"show": "finished", "status": ["new"]}))[0] == "new high statistic"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": ["new"]}, ["new high statistic", "english quote", "verification failed"]),
        ({"status": ["in_review", "submitted"]}, ["in review mine", "submitted colleague"]),
        ({"assigned": "me"}, ["in review mine"]),
        ({"assigned": "unassigned", "status": ["new"]}, ["new high statistic", "english quote", "verification failed"]),
        ({"language": "en"}, ["english quote"]),
        ({"claim_type": "statistic"}, ["new high statistic"]),
        ({"min_score": "0.65", "max_score": "0.85"}, ["english quote", "in review mine"]),
        ({"verification": "failed"}, ["verification failed"]),
        ({"max_score": "0.2", "include_all": "on"}, ["not checkworthy"]),
    ],
)
def test_each_filter_narrows_the_list(reviewer_client, mixed, params, expected):
    assert texts(reviewer_client.get(QUEUE, params)) == expected


def test_filter_by_a_specific_reviewer_and_by_article(reviewer_client, users, mixed):
    it, en = mixed
    assigned = {"assigned": str(users.reviewer2.pk), "show": "all"}
    assert texts(reviewer_client.get(QUEUE, assigned)) == ["submitted colleague"]
    response = reviewer_client.get(QUEUE, {"article": en.pk})
    assert texts(response) == ["english quote"]
    assert "Economy" in response.content.decode()  # the article filter is shown by its title
    rows = reviewer_client.get(QUEUE, {"language": "it"}).content.decode()
    assert f'href="?language=it&amp;article={it.pk}"' in rows  # each row's "only this article" link


def test_a_filter_it_does_not_understand_is_reported_and_ignored(reviewer_client, mixed):
    response = reviewer_client.get(QUEUE, {"min_score": "abc", "language": "en"})
    assert texts(response) == ["english quote"]
    assert "Some filters were not understood" in response.content.decode()


def test_sorting_by_age(reviewer_client, mixed):
    everything = {"language": "it", "show": "all"}
    newest = texts(reviewer_client.get(QUEUE, {"sort": "newest", **everything}))
    assert newest == ["verification failed", "submitted colleague", "in review mine", "new high statistic"]
    assert texts(reviewer_client.get(QUEUE, {"sort": "oldest", **everything})) == newest[::-1]
    assert texts(reviewer_client.get(QUEUE, {"sort": "age", **everything})) == newest


def test_pages_of_fifty_keep_the_filters(reviewer_client):
    article = make_article()
    make_claims(article, [{"score": i / 100} for i in range(60)] + [{"status": "approved"}])
    response = reviewer_client.get(QUEUE, {"status": "new"})
    assert len(response.context["claims"]) == 50 and response.context["page_obj"].paginator.count == 60
    assert 'href="?status=new&amp;page=2"' in response.content.decode()
    second = reviewer_client.get(QUEUE, {"status": "new", "page": 2})
    assert len(second.context["claims"]) == 10


# --- Assigning ---------------------------------------------------------------------------


def test_an_editor_assigns_selected_claims_and_returns_to_the_same_page(editor_client, users, mixed):
    claims = list(Claim.objects.filter(status="new", checkworthy=True).order_by("pk")[:2])
    response = editor_client.post(
        ASSIGN,
        {
            "claim": [c.pk for c in claims],
            "action": "assign",
            "assignee": users.reviewer2.pk,
            "next": "status=new&sort=newest",
        },
    )
    assert response.status_code == 302 and response.url == QUEUE + "?status=new&sort=newest"
    assert {c.assignee_id for c in Claim.objects.filter(pk__in=[c.pk for c in claims])} == {users.reviewer2.pk}
    page = editor_client.get(response.url)
    assert "2 claims assigned to remo." in page.content.decode()


def test_an_editor_unassigns(editor_client, users, mixed):
    claim = Claim.objects.get(text="in review mine")
    editor_client.post(ASSIGN, {"claim": [claim.pk], "action": "unassign"})
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_reviewer_takes_a_claim_from_the_queue(reviewer_client, users, mixed):
    claim = Claim.objects.get(text="new high statistic")
    page = reviewer_client.get(QUEUE).content.decode()
    assert f'form="take" name="claim" value="{claim.pk}"' in page  # the no-JavaScript "Take" button
    response = reviewer_client.post(ASSIGN, {"claim": [claim.pk], "action": "me"}, follow=True)
    claim.refresh_from_db()
    assert claim.assignee == users.reviewer
    assert "1 claim assigned to you." in response.content.decode()


def test_a_reviewer_cannot_assign_to_someone_else_nor_give_back_a_colleagues_claim(reviewer_client, users, mixed):
    claim = Claim.objects.get(text="new high statistic")
    response = reviewer_client.post(ASSIGN, {"claim": [claim.pk], "action": "assign", "assignee": users.reviewer2.pk})
    assert response.status_code == 403
    (colleagues,) = make_claims(make_article(), [{"assignee": users.reviewer2, "status": "in_review"}])
    response = reviewer_client.post(ASSIGN, {"claim": [colleagues.pk], "action": "unassign"}, follow=True)
    assert "Nothing changed" in response.content.decode()
    claim.refresh_from_db()
    colleagues.refresh_from_db()
    assert claim.assignee is None and colleagues.assignee == users.reviewer2


def test_a_reviewer_gives_back_a_claim_they_took(reviewer_client, users, mixed):
    mine = Claim.objects.get(text="in review mine")
    response = reviewer_client.post(reverse("claims:claim_assign", args=[mine.pk]), {"action": "unassign"}, follow=True)
    assert "1 claim unassigned." in response.content.decode()
    mine.refresh_from_db()
    assert mine.assignee is None
    assert HistoryEntry.objects.filter(claim=mine, action="assigned", actor=users.reviewer).exists()


def test_a_reviewer_does_not_take_a_colleagues_claim(reviewer_client, users):
    (claim,) = make_claims(make_article(), [{"assignee": users.reviewer2, "status": "in_review"}])
    response = reviewer_client.post(ASSIGN, {"claim": [claim.pk], "action": "me"}, follow=True)
    claim.refresh_from_db()
    assert claim.assignee == users.reviewer2
    assert "Nothing changed" in response.content.decode()


def test_assigning_nothing_or_to_a_non_reviewer_is_refused_with_a_message(editor_client, users, mixed):
    response = editor_client.post(ASSIGN, {"action": "me"}, follow=True)
    assert "Select at least one claim." in response.content.decode()
    claim = Claim.objects.get(text="new high statistic")
    response = editor_client.post(
        ASSIGN, {"claim": [claim.pk], "action": "assign", "assignee": users.outsider.pk}, follow=True
    )
    assert "otto is not a reviewer." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None


def test_the_return_address_never_leaves_the_queue(editor_client, mixed):
    claim = Claim.objects.get(text="new high statistic")
    response = editor_client.post(ASSIGN, {"claim": [claim.pk], "action": "me", "next": "//evil.example/x"})
    assert response.url.startswith(QUEUE + "?")


# --- Approvals ---------------------------------------------------------------------------


def _submit(claim, user, when):
    verdict = verdicts.verdict_save(
        claim=claim,
        by=user,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=70,
        explanation="Smentito.",
        as_of=datetime.date(2025, 1, 1),
        sources=[SourceInput(f"https://example.org/{claim.pk}", "Fonte")],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=user, version=verdict.version)
    type(verdict).objects.filter(pk=verdict.pk).update(submitted_at=when)


def test_approvals_lists_submitted_verdicts_oldest_first(editor_client, users):
    late, early, draft = make_claims(make_article(), [{"text": "late"}, {"text": "early"}, {"text": "draft"}])
    now = timezone.now()
    _submit(late, users.reviewer, now)
    _submit(early, users.reviewer2, now - datetime.timedelta(hours=3))
    verdicts.verdict_save(
        claim=draft,
        by=users.reviewer,
        version=None,
        rating=None,
        confidence=None,
        explanation="",
        as_of=None,
        sources=[],
    )
    response = editor_client.get(APPROVALS)
    assert [v.claim.text for v in response.context["verdicts"]] == ["early", "late"]
    html = response.content.decode()
    assert reverse("claims:claim", args=[early.pk]) in html and "False" in html and "remo" in html


# --- Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 60])
def test_the_queue_reads_a_constant_number_of_queries(editor_client, users, django_assert_num_queries, n):
    article = make_article()
    make_claims(article, [{"assignee": users.reviewer if i % 2 else None} for i in range(n)])
    # 1 user, 1 permissions (user's and groups' in one query, read on every request unless
    # the cache is shared: claims/auth.py), 1 reviewers for the selects, 1 the page's
    # fingerprint (ids and change times), 1 the header's My work counts, 1 its saved views,
    # 1 count, 1 page of claims with their article, assignee and counts of what the checks
    # found (the session comes from the cache; reviewers, the header and the count are
    # cached after this first view).
    with django_assert_num_queries(8):
        response = editor_client.get(QUEUE, {"status": "new", "sort": "score"})
    assert len(response.context["claims"]) == min(n, 50)
    editor_client.get(QUEUE, {"status": "new", "sort": "score"})  # now with a CSRF cookie: kept
    # Reloaded with nothing changed: 1 user, 1 permissions, 1 fingerprint; the page comes
    # from the cache.
    with django_assert_num_queries(3):
        again = editor_client.get(QUEUE, {"status": "new", "sort": "score"})
    assert again.content.count(b'name="claim" value=') == response.content.count(b'name="claim" value=')


def test_a_reloaded_queue_shows_a_change_at_once(editor_client, users):
    from claims.services import review

    article = make_article()
    make_claims(article, [{} for _ in range(3)])
    editor_client.get(QUEUE)  # rendered and kept
    claim = article.claims.order_by("-score").first()
    review.claim_assign(claim_ids=[claim.pk], assignee=users.reviewer2, by=users.editor)
    html = editor_client.get(QUEUE).content.decode()
    assert "remo" in html  # the new assignee, not the kept page
    claim.refresh_from_db()
    review.claim_discard(claim=claim, reason="opinion", by=users.editor, version=claim.version)
    assert f'value="{claim.pk}"' not in editor_client.get(QUEUE).content.decode()  # no longer to do
    assert "status-discarded" in editor_client.get(QUEUE, {"show": "finished"}).content.decode()


@pytest.mark.parametrize("n", [1, 12])
def test_approvals_read_a_constant_number_of_queries(editor_client, users, django_assert_num_queries, n):
    claims = make_claims(make_article(), [{} for _ in range(n)])
    for i, claim in enumerate(claims):
        _submit(claim, users.reviewer if i % 2 else users.reviewer2, timezone.now())
    # 1 user, 1 permissions, 1 count, 1 page of verdicts with claim, rating and author,
    # 1 the header's My work counts, 1 its saved views.
    with django_assert_num_queries(6):
        response = editor_client.get(APPROVALS)
    assert len(response.context["verdicts"]) == n


def test_the_assign_menus_list_the_newsroom_and_choose_nobody_by_default(editor_client, users, mixed):
    from django.contrib.auth.models import Group, User

    demo = User.objects.create_superuser("demo", "demo@example.org", "x")
    demo.groups.add(Group.objects.get(name="Admin"))
    html = editor_client.get(QUEUE).content.decode()
    menu = html[html.index('id="bulk-assignee"') :].split("</select>", 1)[0]
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', menu)
    assert options[0] == ("", " selected", "Choose a reviewer…")
    assert [name for _, _, name in options[1:]] == ["elena", "enzo", "remo", "rita"]  # no "demo", no "ada"
    # Assigning without choosing anyone assigns nobody and says why.
    claim = mixed[0].claims.first()
    response = editor_client.post(ASSIGN, {"action": "assign", "assignee": "", "claim": [claim.pk]}, follow=True)
    assert "Choose whom to assign the claims to." in response.content.decode()
