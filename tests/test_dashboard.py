"""The editors' dashboard (Django test client, real PostgreSQL): who may see it, that its
figures are right for a known newsroom, that its charts are safe, self-contained SVG, and
that the page costs the same few queries however much work there is."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from claims import charts
from claims.models import Claim, HistoryEntry, Rating, Verdict
from claims.selectors import dashboard as stats
from claims.selectors.queue import reviewers
from claims.services import publishing, verdicts
from claims.services.verdicts import SourceInput

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("claims:dashboard")
SOURCE = SourceInput("https://www.reuters.com/world/debt", "Reuters", "", "refutes")
XSS = '<script>alert("x")</script>'
Status = Claim.Status


def days_ago(n: int) -> datetime.datetime:
    """Noon, local time, n days before today: safely inside that local day."""
    day = timezone.localdate() - datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def at(claim, action: str, when: datetime.datetime) -> None:
    """Move the claim's latest `action` entry to `when` (the services stamp entries now)."""
    entry = HistoryEntry.objects.filter(claim=claim, action=action).order_by("-created_at", "-id").first()
    HistoryEntry.objects.filter(pk=entry.pk).update(created_at=when)


def write(claim, author, rating="false") -> Verdict:
    current = verdicts.current_verdict(claim)
    return verdicts.verdict_save(
        claim=claim,
        by=author,
        version=current.version if current else None,
        rating=Rating.objects.get(key=rating),
        confidence=80,
        explanation="Perché.",
        as_of=datetime.date(2025, 1, 1),
        sources=[SOURCE],
    )


def submit(claim, author, when, rating="false") -> Verdict:
    verdict = write(claim, author, rating)
    verdict = verdicts.verdict_submit(verdict=verdict, by=author, version=verdict.version)
    at(claim, "submitted", when)
    return verdict


def approve(verdict, editor, when) -> Verdict:
    verdict = verdicts.verdict_approve(verdict=verdict, by=editor, version=verdict.version)
    at(verdict.claim, "approved", when)
    return verdict


def send_back(verdict, editor, when) -> Verdict:
    verdict = verdicts.verdict_send_back(verdict=verdict, by=editor, version=verdict.version, comment="Fonti?")
    at(verdict.claim, "sent_back", when)
    return verdict


@pytest.fixture
def scripty(users):
    """A reviewer whose name is markup: it must reach every page and chart as text."""
    user = User.objects.create_user("scripty", "s@example.org", "pw", first_name=XSS)
    user.groups.add(Group.objects.get(name="Reviewer"))
    return user


@pytest.fixture
def newsroom(users, scripty):
    """A known newsroom. Days are counted back from today (d0 = today).

    c0 new, unassigned                  c6 discarded (remo's)
    c1 new, rita's                       c7 not check-worthy, untouched: not counted
    c2 in review: rita's draft           c8 remo submits d0, elena approves d0
    c3 rita submits d0                   c9 rita submits d40, elena sends back d40 (outside 30 days)
    c4 remo submits d10, elena sends back d10, remo submits d1, enzo approves d1 (mostly true)
    c5 rita submits d3, enzo approves d2, elena publishes d0
    c10 new, scripty's
    """
    r, r2, e, e2 = users.reviewer, users.reviewer2, users.editor, users.editor2
    c = make_claims(
        make_article("Il debito"),
        [
            {},
            {"assignee": r},
            {},
            {},
            {},
            {"text": "c5 is elsewhere"},
            {"status": Status.DISCARDED, "assignee": r2},
            {"checkworthy": False},
            {},
            {},
            {"assignee": scripty},
        ],
    )
    # c5 has an article of its own: publishing is per article, and c4 must stay approved.
    c[5].delete()
    c[5] = make_claims(make_article("Il PIL"), [{}])[0]
    write(c[2], r)
    submit(c[3], r, days_ago(0))
    v4 = send_back(submit(c[4], r2, days_ago(10), "mostly-true"), e, days_ago(10))
    approve(submit(c[4], r2, days_ago(1), "mostly-true"), e2, days_ago(1))
    assert v4.pk == verdicts.current_verdict(c[4]).pk  # sent back and resubmitted: the same verdict
    approve(submit(c[5], r, days_ago(3)), e2, days_ago(2))
    publishing.article_publish(article=c[5].article, by=e)
    approve(submit(c[8], r2, days_ago(0)), e, days_ago(0))
    send_back(submit(c[9], r, days_ago(40)), e, days_ago(40))
    return c


def get(client, user, **params):
    client.force_login(user)
    return client.get(DASHBOARD, params)


# --- Access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith(reverse("login") + "?next=")


def test_outsiders_and_reviewers_are_refused(client, users):
    assert get(client, users.outsider).status_code == 403
    assert get(client, users.reviewer).status_code == 403


def test_editors_see_it_and_only_they_get_the_menu_link(client, users):
    response = get(client, users.editor)
    assert response.status_code == 200
    assert f'href="{DASHBOARD}"' in response.text
    client.force_login(users.reviewer)
    assert f'href="{DASHBOARD}"' not in client.get(reverse("claims:queue")).text


# --- The figures ---------------------------------------------------------------------------


def test_claims_by_status_counts_the_workflow_and_leaves_untouched_sentences_out(newsroom):
    bars, untouched = stats.claims_by_status()
    assert [(b.key, b.n) for b in bars] == [
        ("new", 3),
        ("in_review", 2),
        ("submitted", 1),
        ("approved", 2),
        ("published", 1),
        ("discarded", 1),
        ("linked", 0),
    ]
    assert untouched == 1


def test_verdicts_by_rating_counts_current_verdicts_of_approved_and_published_claims(newsroom):
    counts = {b.key: b.n for b in stats.verdicts_by_rating()}
    # c3 (submitted) and c9 (sent back) are not counted; every rating of the scale is listed.
    assert counts == {"true": 0, "mostly-true": 1, "mixed": 0, "mostly-false": 0, "false": 2, "unverifiable": 0}


def test_a_correction_counts_with_its_own_rating_not_the_published_one(users):
    claim = make_claims(make_article(), [{}])[0]
    approve(submit(claim, users.reviewer, days_ago(0), "true"), users.editor, days_ago(0))
    publishing.article_publish(article=claim.article, by=users.editor)
    claim.refresh_from_db()
    publishing.verdict_correct(claim=claim, by=users.reviewer)
    assert {b.key: b.n for b in stats.verdicts_by_rating()}["true"] == 0  # in review again: not counted
    approve(submit(claim, users.reviewer, days_ago(0), "mixed"), users.editor, days_ago(0))
    counts = {b.key: b.n for b in stats.verdicts_by_rating()}
    assert counts["mixed"] == 1 and counts["true"] == 0  # the published v1 still exists, v2 is current


def test_throughput_counts_every_event_per_local_day_with_empty_days_included(newsroom):
    today = timezone.localdate()
    days = stats.throughput(stats.period(30))
    assert len(days) == 30 and days[0].day == today - datetime.timedelta(days=29) and days[-1].day == today
    busy = {
        (today - d.day).days: (d.submitted, d.approved, d.published)
        for d in days
        if d.submitted or d.approved or d.published
    }
    assert busy == {0: (2, 1, 1), 1: (1, 1, 0), 2: (0, 1, 0), 3: (1, 0, 0), 10: (1, 0, 0)}
    assert stats.totals(days) == stats.Day(None, 5, 3, 1)
    # c9's submission 40 days ago shows only in the 90-day view; the 7-day one ends at d6.
    assert stats.totals(stats.throughput(stats.period(90))).submitted == 6
    assert stats.totals(stats.throughput(stats.period(7))) == stats.Day(None, 4, 3, 1)


def test_reviewer_loads_split_open_claims_by_status_busiest_first(newsroom, users, scripty):
    loads = [(x.label, x.new, x.in_review, x.submitted, x.total) for x in stats.reviewer_loads(reviewers())]
    # rita: c1 new, c2 and c9 in review, c3 submitted. Approved, published and discarded
    # claims are no one's open work, so remo has none; editors can review too, so they
    # are listed (with nothing) as people work could go to. Ada administers the app: not
    # the newsroom, so not listed.
    assert loads == [
        ("rita", 1, 2, 1, 4),
        (XSS, 1, 0, 0, 1),
        ("elena", 0, 0, 0, 0),
        ("enzo", 0, 0, 0, 0),
        ("remo", 0, 0, 0, 0),
    ]


def test_send_back_rates_overall_per_editor_and_per_reviewer(newsroom):
    def rates(rows):
        return {r.label: (r.approved, r.sent_back, r.rate) for r in rows}

    month = stats.send_backs(stats.period(30))
    assert (month.overall.approved, month.overall.sent_back, month.overall.rate) == (3, 1, 0.25)
    assert rates(month.editors) == {"elena": (1, 1, 0.5), "enzo": (2, 0, 0.0)}
    assert rates(month.reviewers) == {"remo": (2, 1, 1 / 3), "rita": (1, 0, 0.0)}
    quarter = stats.send_backs(stats.period(90))
    assert quarter.overall.rate == 0.4 and rates(quarter.reviewers)["rita"] == (1, 1, 0.5)
    empty = stats.send_backs(stats.period(7, today=timezone.localdate() - datetime.timedelta(days=200)))
    assert empty.overall.rate is None and empty.editors == []


@pytest.mark.parametrize("value,days", [(None, 30), ("7", 7), ("90", 90), ("12", 30), ("abc", 30), ("-7", 30)])
def test_the_period_is_7_30_or_90_days_and_anything_else_is_30(client, users, value, days):
    response = get(client, users.editor, **({"days": value} if value else {}))
    assert response.status_code == 200 and response.context["period"].days == days
    assert len(response.context["days"]) == days


def test_the_page_shows_every_figure_as_text(client, users, newsroom):
    client.force_login(users.editor)
    html = client.get(DASHBOARD, {"days": 30}).text
    assert '<th scope="row"><span class="badge status-in_review">In review</span></th><td class="num">2</td>' in html
    assert '<th scope="row">Mostly true</th><td class="num">1</td>' in html
    assert re.search(
        r'<th scope="row">Total</th><td class="num">5</td>\s*<td class="num">3</td><td class="num">1</td>', html
    )
    assert "1 of 4 decisions were to send the verdict back (25.0%)." in html
    assert re.search(
        r'<th scope="row">remo</th><td class="num">2</td><td class="num">1</td>\s*'
        r'<td class="num">33.3%</td>',
        html,
    )
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and XSS not in html


def test_numbers_and_dates_follow_the_language(client, users, newsroom):
    client.force_login(users.editor)
    html = client.get(DASHBOARD, {"days": 30}, headers={"accept-language": "it"}).text
    assert "33,3%" in html  # the decimal comma
    assert timezone.localdate().strftime("%d/%m/%Y") in html  # SHORT_DATE_FORMAT in Italian


# --- The charts -----------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "image", "use", "a", "iframe", "style", "feImage"}


def assert_safe_svg(svg: str) -> ET.Element:
    """Well-formed, self-contained and inert: parses as XML, references nothing outside
    itself, carries no scripts, and has a title."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") and root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in FORBIDDEN_ELEMENTS
        for name, value in element.attrib.items():
            assert "href" not in name and not name.startswith("on")
            assert "http" not in value and "url(" not in value and "javascript" not in value
    # The only URL in the text is the SVG namespace name, which nothing fetches.
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    return root


def test_a_bar_chart_is_safe_svg_with_labels_escaped():
    svg = charts.bar_chart(
        [(XSS, 3), ('O\'Hara & "co"\x00\x1b', 1), ("zero", 0)], title="A <b>title</b>", chart_id="c1"
    )
    root = assert_safe_svg(svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'O\'Hara & "co"' in texts  # control characters dropped, the rest read back as written
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    assert f"{XSS}: 3" in tooltips and "zero: 0" in tooltips and "A <b>title</b>" in tooltips
    assert root.find(f"{SVG}desc").text == f'{XSS}: 3; O\'Hara & "co": 1; zero: 0'


def test_a_daily_chart_has_a_point_with_a_tooltip_per_day_and_series():
    dates = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(90)]
    svg = charts.daily_chart(
        dates, [(XSS, [i % 4 for i in range(90)]), ("B", [1] * 90), ("C", [0] * 90)], title="Per day", chart_id="c2"
    )
    root = assert_safe_svg(svg)
    assert len(list(root.iter(f"{SVG}circle"))) == 270
    assert len(list(root.iter(f"{SVG}polyline"))) == 3
    assert "3 Jan 2025 · B: 1" in [t.text for t in root.iter(f"{SVG}title")]  # day first, as the pages write it


def test_empty_charts_say_so():
    for svg in (
        charts.bar_chart([], title="T", chart_id="e1", empty_text="Nothing yet"),
        charts.daily_chart(
            [datetime.date(2025, 1, 1)], [("A", [0])], title="T", chart_id="e2", empty_text="Nothing yet"
        ),
    ):
        assert "Nothing yet" in [t.text for t in assert_safe_svg(svg).iter(f"{SVG}text")]


def test_every_chart_on_the_page_is_safe_svg(client, users, newsroom):
    client.force_login(users.editor)
    html = client.get(DASHBOARD).text
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 4  # status, rating, reviewers' load, per day
    for svg in svgs:
        assert_safe_svg(svg)
    load = ET.fromstring(svgs[2])
    assert f"{XSS}: 1" in [t.text for t in load.iter(f"{SVG}title")]  # the reviewer's name, as text
    assert "&lt;script&gt;alert(&quot;x&quot;)" in svgs[2] and "<script" not in svgs[2]


# --- Query count -----------------------------------------------------------------------------


def busy_newsroom(users, n: int) -> None:
    """n claims assigned to n // 4 + 1 reviewers, four in five with a verdict, each verdict
    with a full round of history (submitted, sent back, submitted, approved, published)
    spread over the last 20 days; built with the ORM in bulk, for speed."""
    people = [User.objects.create_user(f"rev{i}") for i in range(n // 4 + 1)]
    group = Group.objects.get(name="Reviewer")
    for user in people:
        user.groups.add(group)
    states = [
        (Status.NEW, None),
        (Status.IN_REVIEW, "draft"),
        (Status.SUBMITTED, "submitted"),
        (Status.APPROVED, "approved"),
        (Status.PUBLISHED, "published"),
    ]
    ratings = list(Rating.objects.all())
    claims = make_claims(
        make_article(), [{"status": states[i % 5][0], "assignee": people[i % len(people)]} for i in range(n)]
    )
    made = Verdict.objects.bulk_create(
        [
            Verdict(claim=c, state=states[i % 5][1], rating=ratings[i % len(ratings)], author=c.assignee)
            for i, c in enumerate(claims)
            if states[i % 5][1]
        ]
    )
    editors = (users.editor, users.editor2)
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(
                claim_id=v.claim_id,
                actor=editors[i % 2] if action != "submitted" else v.author,
                action=action,
                subject="verdict",
                subject_id=v.pk,
                created_at=days_ago(i % 20),
            )
            for i, v in enumerate(made)
            for action in ("submitted", "sent_back", "submitted", "approved", "published")
        ]
    )


@pytest.mark.parametrize("n", [5, 80])
def test_the_page_reads_a_fixed_number_of_queries(client, users, django_assert_num_queries, n):
    busy_newsroom(users, n)
    client.force_login(users.editor)
    # 1 user, 1 permissions (user's and groups' in one query), 1 claims by status,
    # 1 current verdicts by rating, 1 the rating scale, 1 history per day, 1 reviewers
    # (cached afterwards), 1 open claims per assignee, 1 decisions per editor and verdict
    # author, 1 names of those people, 1 the matcher's proposals marked per level, 1 the
    # header's My work counts, 1 its saved views. The session comes from the cache;
    # permissions are read in one query (claims/auth.py).
    with django_assert_num_queries(13):
        response = client.get(DASHBOARD, {"days": 30})
    assert response.status_code == 200
    assert stats.totals(response.context["days"]).published == n * 4 // 5
