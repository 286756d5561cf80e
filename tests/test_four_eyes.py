"""Four eyes: nobody who saved a verdict's content (any save of this version, since the last
approval) approves it or sends it back, on every route: the service, the API, the pages.
Issue 10 found an editor completing a reviewer's empty draft and approving it."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Rating, Verdict
from claims.services import publishing, verdicts
from claims.services.review import WorkflowError
from claims.services.verdicts import SourceInput

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

SOURCE = {"url": "https://www.istat.it/comunicato", "title": "Istat", "quote": "7,5%", "stance": "supports"}


@pytest.fixture
def claim(users):
    return make_claims(make_article("Disoccupazione"), [{"text": "La disoccupazione è al 7,5%."}])[0]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def empty_draft(claim, user) -> Verdict:
    return verdicts.verdict_save(
        claim=claim, by=user, version=None, rating=None, confidence=None, explanation="", as_of=None, sources=[]
    )


def test_an_editor_who_completes_a_reviewers_empty_draft_cannot_approve_it_through_the_api(claim, users):
    empty_draft(claim, users.reviewer)
    editor = api(users.editor)
    base = f"/api/claims/{claim.pk}/verdict/"
    version = Verdict.objects.get(claim=claim).version
    body = {"rating": "false", "confidence": 90, "explanation": "Falso: Istat dice 6%.", "as_of": None}
    saved = editor.put(base, {**body, "sources": [SOURCE], "version": version}, format="json")
    assert saved.status_code == 200, saved.content
    submitted = editor.post(base + "submit/", {"version": saved.json()["version"]}, format="json")
    assert submitted.status_code == 200, submitted.content
    approve = editor.post(base + "approve/", {"version": submitted.json()["version"]}, format="json")
    assert approve.status_code == 400, approve.content
    assert "another editor" in approve.json()["detail"]
    send_back = editor.post(
        base + "send-back/", {"version": submitted.json()["version"], "comment": "x"}, format="json"
    )
    assert send_back.status_code == 400
    assert Verdict.objects.get(claim=claim).state == Verdict.State.SUBMITTED
    # The reviewer who started it saved it too; a second editor, who saved nothing, approves.
    final = api(users.editor2).post(base + "approve/", {"version": submitted.json()["version"]}, format="json")
    assert final.status_code == 200, final.content


def test_an_editor_who_changed_one_field_on_the_page_is_not_offered_approval_and_is_refused(claim, users):
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=90,
        explanation="Falso.",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    # The editor tweaks the explanation (editors may edit any claim), then the reviewer submits.
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.editor,
        version=verdict.version,
        rating=verdict.rating,
        confidence=90,
        explanation="Falso: l'Istat dice 6%.",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    client = Client()
    client.force_login(users.editor)
    page = client.get(reverse("claims:claim", args=[claim.pk]))
    assert page.context["deciding"] is False and page.context["own_submitted"] is True
    response = client.post(reverse("claims:verdict_approve", args=[claim.pk]), {"version": verdict.version})
    assert response.status_code in (200, 302, 400)
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED and verdict.reviewed_by is None


def test_a_correction_counts_whoever_starts_and_edits_it_not_the_earlier_authors(claim, users):
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.reviewer,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=90,
        explanation="Falso.",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    verdicts.verdict_approve(verdict=verdict, by=users.editor, version=verdict.version)
    publishing.article_publish(article=claim.article, by=users.editor)
    correction = publishing.verdict_correct(claim=claim, by=users.editor2)
    correction = verdicts.verdict_submit(verdict=correction, by=users.editor2, version=correction.version)
    with pytest.raises(WorkflowError, match="another editor"):
        verdicts.verdict_approve(verdict=correction, by=users.editor2, version=correction.version)
    # The editor who approved the first version saved nothing of this one.
    approved = verdicts.verdict_approve(verdict=correction, by=users.editor, version=correction.version)
    assert approved.state == Verdict.State.APPROVED


def test_a_save_is_recorded_as_contribution_once_per_person(claim, users):
    verdict = empty_draft(claim, users.reviewer)
    for _ in range(2):
        verdict = verdicts.verdict_save(
            claim=claim,
            by=users.editor,
            version=verdict.version,
            rating=None,
            confidence=None,
            explanation="bozza",
            as_of=None,
            sources=[],
        )
    assert sorted(verdict.contributors.values_list("username", flat=True)) == ["elena", "rita"]
    assert verdict.saved_by(users.editor) and verdict.saved_by(users.reviewer) and not verdict.saved_by(users.editor2)


def test_the_admin_offers_no_way_around_it(claim, users, django_user_model):
    verdict = verdicts.verdict_save(
        claim=claim,
        by=users.editor,
        version=None,
        rating=Rating.objects.get(key="false"),
        confidence=90,
        explanation="Falso.",
        as_of=None,
        sources=[SourceInput(SOURCE["url"])],
    )
    verdict = verdicts.verdict_submit(verdict=verdict, by=users.editor, version=verdict.version)
    root = django_user_model.objects.create_superuser("root-four-eyes", "r@example.org", "x")
    client = Client()
    client.force_login(root)
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    page = client.get(url)
    assert page.status_code == 200 and "elena" in page.content.decode()  # who saved it is shown
    refused = client.post(url, {"state": "approved", "reviewed_by": users.editor.pk})
    assert refused.status_code == 403
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED and verdict.reviewed_by is None
