"""The admin console through its pages (Django test client, real PostgreSQL): every page
renders, every list costs the same number of queries for 3 rows as for 30, the actions call
the services of the reviewer pages (and show their refusals as messages), documents upload,
and what the workers or the history wrote stays read-only."""

import csv
import hashlib
import io
import itertools
import json

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.defaults import ensure_roles_and_ratings
from claims.models import (
    Article,
    Claim,
    ClaimMatch,
    EvidenceMatch,
    FactCheck,
    HistoryEntry,
    Passage,
    Rating,
    ReferenceDocument,
    Snapshot,
    Source,
    Verdict,
    VerdictSource,
    VerificationRun,
)

pytestmark = pytest.mark.django_db

REGISTERED = [
    Article,
    Claim,
    Verdict,
    Rating,
    HistoryEntry,
    Source,
    Snapshot,
    VerificationRun,
    FactCheck,
    ReferenceDocument,
    Passage,
]
_seq = itertools.count()

DOCUMENT = (
    "Rapporto annuale sull'occupazione.\n\n"
    "Nel 2023 il tasso di disoccupazione in Italia è sceso al 7,2 per cento, il valore più basso dal 2008. "
    "Gli occupati sono cresciuti di 481 mila unità rispetto all'anno precedente, soprattutto tra i dipendenti "
    "a tempo indeterminato.\n\n"
    "Il tasso di occupazione femminile resta al 52,5 per cento, tra i più bassi dell'Unione europea. "
    "Nel Mezzogiorno lavora meno di una donna su tre.\n"
).encode()


def url(model, view="changelist", *args):
    return reverse(f"admin:claims_{model._meta.model_name}_{view}", args=args)


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def sha(value) -> str:
    return hashlib.sha256(str(value).encode()).hexdigest()


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.org", "pw-root")


@pytest.fixture
def su(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def staff_editor(users):
    """An editor who may open the admin: sees what the Editor group may view, assigns and discards."""
    users.editor.is_staff = True
    users.editor.save(update_fields=["is_staff"])
    return users.editor


@pytest.fixture
def editor_client(client, staff_editor):
    client.force_login(staff_editor)
    return client


def make_rows(n: int) -> list[Claim]:
    """n rows of every model, each with its related rows and people filled in (a different
    person per row, so a query per row would show up as 27 more queries, not be cached)."""
    # The scale is made by a migration; a transactional test elsewhere may have flushed it.
    ensure_roles_and_ratings()
    ratings = list(Rating.objects.exclude(value=None))
    claims = []
    for _ in range(n):
        k = next(_seq)
        person = User.objects.create_user(f"person{k}", first_name="Pia", last_name=f"Rossi {k}")
        editor = User.objects.create_user(f"editor{k}")
        article = Article.objects.create(
            title=f"Articolo {k}",
            body=f"Corpo {k} " * 50,
            body_sha256=sha(k),
            cleaned_text=f"Il PIL è cresciuto del {k}%.",
            language="it",
            state=Article.State.READY,
            submitted_by=person,
        )
        claim = Claim.objects.create(
            article=article,
            text=f"Il PIL è cresciuto del {k}%.",
            start=0,
            end=20,
            position=0,
            language="it",
            score=0.8,
            checkworthy=True,
            assignee=person,
            status=Claim.Status.APPROVED,
            verification_state=Claim.Verification.VERIFIED,
            signals={"numbers": [f"{k}%"]},
        )
        source = Source.objects.create(
            claim=claim, url=f"https://www.istat.it/{k}", title="Istat", added_by=person, last_status=200
        )
        Snapshot.objects.create(
            source=source,
            requested_url=source.url,
            final_url=source.url,
            status_code=200,
            content_type="text/html",
            title="Istat",
            text="Dati " * 100,
            sha256=sha(source.url),
        )
        VerificationRun.objects.create(
            claim=claim, article=article, step=VerificationRun.Step.MATCHING, state=VerificationRun.State.SUCCEEDED
        )
        VerificationRun.objects.create(
            claim=claim,
            article=article,
            source=source,
            step=VerificationRun.Step.ARCHIVE,
            state=VerificationRun.State.SUCCEEDED,
        )
        factcheck = FactCheck.objects.create(
            origin=FactCheck.Origin.CLAIMREVIEW,
            key=f"fc:{k}",
            claim=claim,
            claim_reviewed=f"Il PIL è salito del {k}%",
            rating_name="Vero",
            author_name="Pagella Politica",
        )
        ClaimMatch.objects.create(claim=claim, factcheck=factcheck, rank=1, score=0.9)
        document = ReferenceDocument.objects.create(
            title=f"Rapporto {k}",
            content_type="text/plain",
            language="it",
            sha256=sha(f"doc{k}"),
            text="Testo " * 100,
            passage_count=1,
            uploaded_by=person,
        )
        passage = Passage.objects.create(
            document=document,
            position=0,
            start=0,
            end=30,
            language="it",
            text=f"Il PIL è cresciuto del {k}% nel 2023.",
            match_text=f"pil cresc {k}",
        )
        EvidenceMatch.objects.create(claim=claim, passage=passage, rank=1, score=0.7, snippet=passage.text)
        verdict = Verdict.objects.create(
            claim=claim,
            state=Verdict.State.APPROVED,
            rating=ratings[k % len(ratings)],
            confidence=80,
            explanation="Confermato.",
            author=person,
            reviewed_by=editor,
        )
        VerdictSource.objects.create(verdict=verdict, source=source, title="Istat", stance="supports")
        HistoryEntry.objects.create(
            claim=claim, actor=person, action="assigned", changes={"assignee": [None, person.username]}
        )
        Rating.objects.create(key=f"scale-{k}", label_en=f"Scale {k}", label_it=f"Scala {k}", position=100 + k)
        claims.append(claim)
    return claims


# --- Every page renders -----------------------------------------------------------------------------


def test_every_model_of_the_app_is_registered_or_shown_inline():
    registered = {m for m in admin.site._registry if m._meta.app_label == "claims"}
    assert registered == set(REGISTERED)
    inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert {VerdictSource, ClaimMatch, EvidenceMatch} <= inlined


def test_every_changelist_and_change_page_renders_for_a_superuser(su):
    make_rows(2)
    assert su.get(reverse("admin:index")).status_code == 200
    for model in REGISTERED:
        response = su.get(url(model))
        assert response.status_code == 200, model
        assert response.context["cl"].result_count >= 2, model
        obj = model.objects.order_by("pk").last()
        response = su.get(url(model, "change", obj.pk))
        assert response.status_code == 200, model


def test_the_add_pages_that_exist_render_and_the_others_are_refused(su):
    assert su.get(url(ReferenceDocument, "add")).status_code == 200
    assert su.get(url(Rating, "add")).status_code == 200
    for model in (Article, Claim, Verdict, HistoryEntry, Source, Snapshot, VerificationRun, FactCheck, Passage):
        assert su.get(url(model, "add")).status_code == 403, model


# --- Lists cost the same for 3 rows and for 30 -------------------------------------------------------

# Queries per changelist page for a logged-in superuser (the session and permissions come
# from the cache, and a superuser's permission checks need no query). Every list has:
#   1. the user (authentication middleware);
#   2. COUNT(*) of the filtered rows (no second COUNT of the whole table:
#      show_full_result_count = False on the big tables);
#   3. the page of rows, with every FK shown JOINed and per-row counts as correlated
#      subqueries (never JOIN + GROUP BY, which would weigh on 2, 4 and 5 too);
# and, with a date hierarchy, 4. MIN/MAX of the date and 5. its distinct days (or months,
# years). In detail, for the main ones:
#   Claim (5): user; COUNT; claims JOIN article (title: body and cleaned text deferred)
#       LEFT JOIN assignee; MIN/MAX created_at; DISTINCT days. The assigned and language
#       filters have fixed choices, so no list of users or languages is read.
#   Article (5): user; COUNT (the count subqueries are left out of it); articles (body and
#       cleaned text deferred) with 3 subquery counts of claims LEFT JOIN submitted_by;
#       MIN/MAX created_at; DISTINCT days.
#   VerificationRun (5): user; COUNT; runs JOIN claim JOIN article (texts deferred) LEFT
#       JOIN source; MIN/MAX enqueued_at; DISTINCT days.
#   Source (5): user; COUNT; sources with a subquery count of snapshots JOIN claim LEFT
#       JOIN added_by; MIN/MAX created_at; DISTINCT days.
# Verdict adds the ratings its rating filter lists (6). Rating has no date hierarchy but
# counts twice (the table is a dozen rows; its full count is kept) (4). ReferenceDocument
# lists its content types for the filter (6). Passage has no date hierarchy (3).
QUERIES = {
    Claim: 5,
    Article: 5,
    VerificationRun: 5,
    Source: 5,
    Verdict: 6,
    Rating: 4,
    HistoryEntry: 5,
    Snapshot: 5,
    FactCheck: 5,
    ReferenceDocument: 6,
    Passage: 3,
}


def _changelist_queries(client, model) -> tuple[int, list[str], int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(model))
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], response.context["cl"].result_count


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_a_changelist_costs_the_same_number_of_queries_for_3_and_for_30_rows(su, model):
    make_rows(3)
    su.get(url(model))  # fills the session and permission caches, as any later page finds them
    few, few_sql, few_rows = _changelist_queries(su, model)
    make_rows(27)
    many, many_sql, many_rows = _changelist_queries(su, model)
    assert many_rows >= few_rows + 27
    assert many == few, "\n".join(many_sql)
    assert many == QUERIES[model], "\n".join(many_sql)


def test_the_claim_list_shows_related_rows_without_a_query_per_row(su):
    claims = make_rows(30)
    with CaptureQueriesContext(connection) as ctx:
        response = su.get(url(Claim))
    html = response.content.decode()
    for claim in claims[-5:]:
        assert claim.article.title in html and claim.assignee.username in html
    assert len(ctx.captured_queries) == QUERIES[Claim]
    # The article's body is never read for the list.
    assert not any('"claims_article"."body"' in q["sql"] for q in ctx.captured_queries)


def add_findings(claim, n: int) -> None:
    """n more rows in each of the claim page's inlines, and n more history entries."""
    for i in range(n):
        k = next(_seq)
        source = Source.objects.create(claim=claim, url=f"https://www.istat.it/extra/{k}", added_by=claim.assignee)
        VerificationRun.objects.create(claim=claim, article=claim.article, source=source, step="archive")
        factcheck = FactCheck.objects.create(origin="claimreview", key=f"extra:{k}", claim_reviewed="Il PIL")
        ClaimMatch.objects.create(claim=claim, factcheck=factcheck, rank=10 + i, score=0.5)
        document = ReferenceDocument.objects.create(
            title=f"Extra {k}", sha256=sha(f"extra{k}"), content_type="text/plain"
        )
        passage = Passage.objects.create(document=document, position=0, start=0, end=6, text="Il PIL", match_text="pil")
        EvidenceMatch.objects.create(claim=claim, passage=passage, rank=10 + i, score=0.2, snippet="Il PIL")
        Verdict.objects.create(
            claim=claim, number=10 + i, author=User.objects.create_user(f"author{k}"), rating=Rating.objects.first()
        )
        HistoryEntry.objects.create(claim=claim, actor=User.objects.create_user(f"actor{k}"), action="edited")


def test_the_claim_page_costs_the_same_with_1_or_11_rows_in_each_inline(su):
    claim = make_rows(1)[0]
    page = url(Claim, "change", claim.pk)
    su.get(page)
    # 8: the user; the claim JOIN article (texts deferred) LEFT JOIN assignee; then one query
    # per inline, each with the rows it names JOINed: verdicts (rating, author, editor),
    # sources, runs (source), matches (fact-check, without its raw record),
    # evidence (passage, without its match_text); and the history (actors JOINed).
    with CaptureQueriesContext(connection) as one:
        assert su.get(page).status_code == 200
    add_findings(claim, 10)
    with CaptureQueriesContext(connection) as eleven:
        html = su.get(page).content.decode()
    assert html.count("https://www.istat.it/extra/") >= 10
    assert len(one.captured_queries) == len(eleven.captured_queries) == 8, "\n".join(
        q["sql"] for q in eleven.captured_queries
    )


# --- Re-running verification -------------------------------------------------------------------------


def post_action(client, model, action, ids, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in ids], "index": "0", **extra}
    return client.post(url(model), data)


def test_verify_again_queues_the_runs_of_the_selected_claims(su, django_capture_on_commit_callbacks):
    claims = make_rows(3)
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_action(su, Claim, "verify_claims", [c.pk for c in claims[:2]])
    assert response.status_code == 302
    for claim in claims[:2]:
        # The finished matching run goes back to the queue and the missing evidence run is created.
        states = dict(VerificationRun.objects.filter(claim=claim, source=None).values_list("step", "state"))
        assert states == {"matching": "queued", "evidence": "queued"}
        claim.refresh_from_db()
        assert claim.verification_state == Claim.Verification.PENDING
    untouched = VerificationRun.objects.get(claim=claims[2], step="matching")
    assert untouched.state == "succeeded"
    assert callbacks, "the runs are sent to the workers once the transaction commits"
    assert any("verification runs queued" in m for m in texts(response))


def test_verify_again_on_articles_queues_their_checkworthy_claims(su, django_capture_on_commit_callbacks):
    claim = make_rows(1)[0]
    Claim.objects.create(article=claim.article, text="Che ne pensate?", start=21, end=35, position=1, checkworthy=False)
    with django_capture_on_commit_callbacks():
        response = post_action(su, Article, "verify_articles", [claim.article_id])
    assert response.status_code == 302
    assert set(VerificationRun.objects.filter(state="queued").values_list("claim_id", flat=True)) == {claim.pk}
    # matching (finished, queued again), evidence (created), archive of its source (queued again)
    assert "3 verification runs queued." in texts(response)


def test_verify_again_from_the_runs_list_requeues_their_claims(su, django_capture_on_commit_callbacks):
    claim = make_rows(2)[0]
    run = VerificationRun.objects.get(claim=claim, step="matching")
    with django_capture_on_commit_callbacks():
        response = post_action(su, VerificationRun, "verify_again", [run.pk])
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "queued"
    assert VerificationRun.objects.filter(state="queued").exclude(claim=claim).count() == 0


def test_extracting_again_skips_articles_with_reviewer_work_and_says_so(su, django_capture_on_commit_callbacks):
    worked = make_rows(1)[0].article  # its claim is assigned and approved
    fresh = Article.objects.create(
        title="Nuovo", body="Il PIL è cresciuto.", body_sha256=sha("fresh"), state=Article.State.READY
    )
    Claim.objects.create(article=fresh, text="Il PIL è cresciuto.", start=0, end=19, position=0, checkworthy=True)
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_action(su, Article, "reprocess_articles", [worked.pk, fresh.pk])
    assert response.status_code == 302
    fresh.refresh_from_db()
    worked.refresh_from_db()
    assert fresh.state == Article.State.QUEUED and worked.state == Article.State.READY
    assert len(callbacks) == 1
    [message] = texts(response)
    assert "1 article queued for extraction." in message and "1 skipped: a reviewer has started work" in message


# --- Assigning ---------------------------------------------------------------------------------------


def new_claims(n: int, **values) -> list[Claim]:
    k = next(_seq)
    article = Article.objects.create(
        title=f"Da assegnare {k}", body=f"body {k}", body_sha256=sha(f"a{k}"), language="it", state=Article.State.READY
    )
    return [
        Claim.objects.create(
            article=article,
            text=f"Affermazione {i}",
            start=i * 20,
            end=i * 20 + 15,
            position=i,
            language="it",
            checkworthy=True,
            score=0.7,
            **values,
        )
        for i in range(n)
    ]


def test_assigning_asks_for_the_reviewer_then_calls_the_service(su, users):
    claims = new_claims(3)
    ids = [c.pk for c in claims[:2]]
    page = post_action(su, Claim, "assign_claims", ids)
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "admin/claims/action_confirmation.html"
    choices = [label for _, label in page.context["form"].fields["assignee"].choices]
    assert "rita" in choices and "otto" not in choices  # reviewers only, not the outsider
    # The confirmation page posts back without "index", with the same action and selection.
    response = su.post(
        url(Claim),
        {
            "action": "assign_claims",
            ACTION_CHECKBOX_NAME: ids,
            "apply": "Assign",
            "assignee": users.reviewer.pk,
            "select_across": "0",
        },
    )
    assert response.status_code == 302
    assert set(Claim.objects.filter(assignee=users.reviewer).values_list("pk", flat=True)) == set(ids)
    assert Claim.objects.get(pk=claims[2].pk).assignee is None
    entry = HistoryEntry.objects.filter(claim_id=ids[0]).get()
    assert entry.action == "assigned" and entry.actor.username == "root"
    assert "2 claims assigned to rita." in texts(response)


def test_an_invalid_choice_shows_the_form_again(su):
    claim = new_claims(1)[0]
    page = su.post(
        url(Claim), {"action": "assign_claims", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "Assign", "assignee": 999999}
    )
    assert page.status_code == 200 and page.context["form"].errors["assignee"]
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_claims_awaiting_approval_keep_their_reviewer_and_the_message_says_so(su, users):
    free, locked = new_claims(2)
    Claim.objects.filter(pk=locked.pk).update(status=Claim.Status.SUBMITTED, assignee=users.reviewer2)
    response = su.post(
        url(Claim),
        {
            "action": "assign_claims",
            ACTION_CHECKBOX_NAME: [free.pk, locked.pk],
            "apply": "Assign",
            "assignee": users.reviewer.pk,
        },
    )
    assert Claim.objects.get(pk=locked.pk).assignee == users.reviewer2
    [message] = texts(response)
    assert "1 claim assigned to rita." in message and "1 left as it was" in message


def test_a_reviewer_assigning_to_a_colleague_is_refused_with_a_message(client, users):
    users.reviewer.is_staff = True
    users.reviewer.save(update_fields=["is_staff"])
    client.force_login(users.reviewer)
    claim = new_claims(1)[0]
    response = client.post(
        url(Claim),
        {
            "action": "assign_claims",
            ACTION_CHECKBOX_NAME: [claim.pk],
            "apply": "Assign",
            "assignee": users.reviewer2.pk,
        },
    )
    assert response.status_code == 302
    assert texts(response) == ["You may not assign claims to other people."]
    assert Claim.objects.get(pk=claim.pk).assignee is None
    # Taking them for herself is what a reviewer may do.
    response = client.post(
        url(Claim),
        {"action": "assign_claims", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "Assign", "assignee": users.reviewer.pk},
    )
    assert Claim.objects.get(pk=claim.pk).assignee == users.reviewer


# --- Discarding -------------------------------------------------------------------------------------


def test_discarding_asks_why_then_discards_each_claim_and_counts_the_refusals(su, users):
    new, mine, submitted = new_claims(3)
    Claim.objects.filter(pk=submitted.pk).update(status=Claim.Status.SUBMITTED, assignee=users.reviewer)
    ids = [new.pk, mine.pk, submitted.pk]
    page = post_action(su, Claim, "discard_claims", ids)
    assert page.status_code == 200 and "reason" in page.context["form"].fields
    assert page.context["count"] == 3
    response = su.post(
        url(Claim),
        {
            "action": "discard_claims",
            ACTION_CHECKBOX_NAME: ids,
            "apply": "Discard",
            "reason": "duplicate",
            "note": "Già nell'articolo 12",
        },
    )
    assert response.status_code == 302
    statuses = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {new.pk: "discarded", mine.pk: "discarded", submitted.pk: "submitted"}
    discarded = Claim.objects.get(pk=new.pk)
    assert (discarded.discard_reason, discarded.discard_note, discarded.version) == (
        "duplicate",
        "Già nell'articolo 12",
        2,
    )
    assert HistoryEntry.objects.get(claim=discarded).action == "discarded"
    ok, refused = texts(response)
    assert ok == "2 claims discarded."
    assert refused.startswith(f"1 refused (#{submitted.pk}: awaiting approval")


def test_discarding_without_a_reason_shows_the_form_again(su):
    claim = new_claims(1)[0]
    page = su.post(
        url(Claim), {"action": "discard_claims", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "Discard", "reason": ""}
    )
    assert page.status_code == 200 and page.context["form"].errors["reason"]
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW


def test_a_claim_changed_meanwhile_by_someone_else_is_refused_not_overwritten(su, monkeypatch):
    claim = new_claims(1)[0]
    from claims.services import review

    real = review.claim_discard

    def someone_else_first(*, claim, **kwargs):
        # Another editor saves the claim between the admin's read and its discard.
        Claim.objects.filter(pk=claim.pk).update(version=claim.version + 1)
        return real(claim=claim, **kwargs)

    monkeypatch.setattr(review, "claim_discard", someone_else_first)
    response = su.post(
        url(Claim),
        {"action": "discard_claims", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "Discard", "reason": "other"},
    )
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW
    assert "Someone else changed this" in texts(response)[1]


# --- Exports ----------------------------------------------------------------------------------------


def test_the_csv_export_streams_the_selected_claims(su):
    claims = make_rows(3)
    response = post_action(su, Claim, "export_csv", [claims[0].pk, claims[2].pk])
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    assert response["Content-Disposition"].endswith('.csv"')
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [int(r["id"]) for r in rows] == [claims[0].pk, claims[2].pk]
    assert rows[0]["text"] == claims[0].text and rows[0]["verdict_state"] == "approved"


def test_the_json_export_streams_the_selected_claims(su):
    claims = make_rows(2)
    response = post_action(su, Claim, "export_json", [claims[1].pk])
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    rows = json.loads(b"".join(response.streaming_content))
    assert [r["id"] for r in rows] == [claims[1].pk]
    assert rows[0]["assignee"] == claims[1].assignee.username and rows[0]["confidence"] == 80


def test_select_all_exports_every_claim_the_filters_keep(su):
    claims = make_rows(2)
    other = new_claims(1)[0]  # status new: filtered out below
    response = su.post(
        url(Claim) + "?status__exact=approved",
        {"action": "export_json", ACTION_CHECKBOX_NAME: [claims[0].pk], "select_across": "1", "index": "0"},
    )
    ids = {r["id"] for r in json.loads(b"".join(response.streaming_content))}
    assert ids == {c.pk for c in claims} and other.pk not in ids


# --- Permissions --------------------------------------------------------------------------------------


def test_a_staff_editor_gets_the_actions_of_an_editor_only(editor_client):
    claims = make_rows(1)
    response = editor_client.get(url(Claim))
    assert response.status_code == 200
    offered = {name for name, _ in response.context["action_form"].fields["action"].choices if name}
    assert offered == {"assign_claims", "discard_claims", "export_csv", "export_json"}
    # An action that is not offered, posted anyway: refused, nothing queued.
    response = post_action(editor_client, Claim, "verify_claims", [claims[0].pk])
    assert response.status_code == 302 and "No action selected." in texts(response)
    assert not VerificationRun.objects.filter(state="queued").exists()
    # No change permission on articles: no action there (extracting again changes articles).
    response = editor_client.get(url(Article))
    assert response.status_code == 200 and response.context["action_form"] is None
    post_action(editor_client, Article, "reprocess_articles", [claims[0].article_id])
    assert Article.objects.get(pk=claims[0].article_id).state == Article.State.READY


def test_a_staff_editor_sees_claims_read_only_and_cannot_edit_them(editor_client):
    claim = make_rows(1)[0]
    response = editor_client.get(url(Claim, "change", claim.pk))
    assert response.status_code == 200 and not response.context["has_change_permission"]
    response = editor_client.post(url(Claim, "change", claim.pk), {"text": "Altro", "version": claim.version})
    assert response.status_code == 403


def test_a_staff_editor_may_upload_documents(editor_client, staff_editor):
    response = editor_client.post(
        url(ReferenceDocument, "add"),
        {"file": SimpleUploadedFile("occupazione.txt", DOCUMENT, content_type="text/plain")},
    )
    assert response.status_code == 302
    assert ReferenceDocument.objects.get().uploaded_by == staff_editor


def test_users_without_staff_status_are_sent_to_the_admin_login(client, users):
    client.force_login(users.editor)
    response = client.get(url(Claim))
    assert response.status_code == 302 and reverse("admin:login") in response.url


# --- Uploading reference documents -----------------------------------------------------------------


def test_uploading_a_document_adds_it_with_its_passages(su, root):
    response = su.post(
        url(ReferenceDocument, "add"),
        {
            "file": SimpleUploadedFile("occupazione.txt", DOCUMENT, content_type="text/plain"),
            "title": "Istat: occupazione 2023",
            "source_url": "https://www.istat.it/occupazione-2023",
        },
    )
    document = ReferenceDocument.objects.get()
    assert response.status_code == 302 and response.url == url(ReferenceDocument)
    assert (document.title, document.source_url, document.uploaded_by) == (
        "Istat: occupazione 2023",
        "https://www.istat.it/occupazione-2023",
        root,
    )
    assert document.language == "it"
    assert document.passages.count() == document.passage_count > 0
    # The change page shows the passages as a link to their list, not an inline of thousands.
    page = su.get(url(ReferenceDocument, "change", document.pk))
    assert f"?document__id__exact={document.pk}" in page.content.decode()
    passages = su.get(url(Passage) + f"?document__id__exact={document.pk}")
    assert passages.context["cl"].result_count == document.passage_count


def test_a_binary_file_is_refused_with_a_form_error_and_nothing_is_stored(su):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = su.post(
        url(ReferenceDocument, "add"), {"file": SimpleUploadedFile("grafico.txt", png, content_type="text/plain")}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "file" in errors and "upload a PDF, plain text, Markdown or HTML file" in errors["file"][0]
    assert not ReferenceDocument.objects.exists() and not Passage.objects.exists()


def test_a_bad_source_url_is_refused_with_a_form_error(su):
    response = su.post(
        url(ReferenceDocument, "add"),
        {
            "file": SimpleUploadedFile("occupazione.txt", DOCUMENT, content_type="text/plain"),
            "source_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    assert "http:// or https://" in response.context["adminform"].form.errors["source_url"][0]
    assert not ReferenceDocument.objects.exists()


def test_an_empty_file_is_refused(su):
    response = su.post(
        url(ReferenceDocument, "add"), {"file": SimpleUploadedFile("vuoto.txt", b"   \n", content_type="text/plain")}
    )
    assert response.status_code == 200 and "file" in response.context["adminform"].form.errors
    assert not ReferenceDocument.objects.exists()


def test_the_same_file_twice_is_kept_once_and_the_admin_says_so(su):
    for _ in range(2):
        response = su.post(
            url(ReferenceDocument, "add"),
            {"file": SimpleUploadedFile("occupazione.txt", DOCUMENT, content_type="text/plain")},
        )
    document = ReferenceDocument.objects.get()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        f"This file is already in the library as “{document.title}” (#{document.pk})."
    ]


# --- Editing through the change pages -----------------------------------------------------------------


def change_form_data(client, change_url) -> dict:
    """What the browser would post back: the form's editable fields and every inline's management form."""
    page = client.get(change_url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in inline.formset.forms:
            if inline_form.instance.pk:
                data[f"{inline_form.prefix}-id"] = inline_form.instance.pk
                data[f"{inline_form.prefix}-{inline.formset.fk.name}"] = inline.formset.instance.pk
    return data


def test_editing_a_claim_goes_through_the_service_with_history_and_verification(su, django_capture_on_commit_callbacks):
    claim = new_claims(1)[0]
    data = change_form_data(su, url(Claim, "change", claim.pk))
    data["text"] = "Il PIL italiano è cresciuto dello 0,9 per cento nel 2023."
    with django_capture_on_commit_callbacks():
        response = su.post(url(Claim, "change", claim.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    claim.refresh_from_db()
    assert claim.text == data["text"] and claim.origin == Claim.Origin.REVIEWER and claim.version == 2
    assert HistoryEntry.objects.get(claim=claim).action == "edited"
    assert VerificationRun.objects.filter(claim=claim, state="queued").exists()  # new words, new research


def test_a_claim_saved_on_top_of_someone_elses_change_is_refused_with_a_message(su):
    claim = new_claims(1)[0]
    data = change_form_data(su, url(Claim, "change", claim.pk))
    Claim.objects.filter(pk=claim.pk).update(version=5)  # someone saved meanwhile
    data["text"] = "Testo che sovrascriverebbe"
    response = su.post(url(Claim, "change", claim.pk), data)
    assert response.status_code == 302 and response.url == url(Claim, "change", claim.pk)
    assert "Someone else changed this" in texts(response)[0]
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_a_claim_awaiting_approval_cannot_be_edited_and_the_page_says_why(su):
    claim = new_claims(1, status=Claim.Status.SUBMITTED)[0]
    data = change_form_data(su, url(Claim, "change", claim.pk))
    data["text"] = "Cambiata"
    response = su.post(url(Claim, "change", claim.pk), data)
    assert response.status_code == 302
    assert texts(response)[0].startswith("You may not edit this claim")
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_the_machine_fields_of_a_claim_are_read_only(su):
    claim = make_rows(1)[0]
    form = su.get(url(Claim, "change", claim.pk)).context["adminform"].form
    assert set(form.fields) == {"text", "checkworthy", "version"}


def test_the_claim_page_shows_its_history(su, users):
    claim = new_claims(1)[0]
    HistoryEntry.objects.create(
        claim=claim, actor=users.editor, action="assigned", changes={"assignee": [None, "rita"]}, note="per competenza"
    )
    HistoryEntry.objects.create(claim=claim, actor=None, action="verified")
    html = su.get(url(Claim, "change", claim.pk)).content.decode()
    assert "elena" in html and "assigned to: ∅ → rita" in html and "per competenza" in html
    assert "system" in html
    assert f"?claim__id__exact={claim.pk}" in html  # the whole history, in its list


def test_the_history_is_read_only(su):
    claim = make_rows(1)[0]
    entry = HistoryEntry.objects.get(claim=claim)
    page = su.get(url(HistoryEntry, "change", entry.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert su.post(url(HistoryEntry, "change", entry.pk), {"action": "forged"}).status_code == 403
    assert su.post(url(HistoryEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert su.get(url(HistoryEntry, "add")).status_code == 403
    assert HistoryEntry.objects.get(pk=entry.pk).action == "assigned"
    listing = su.get(url(HistoryEntry) + f"?claim__id__exact={claim.pk}")
    assert listing.context["cl"].result_count == 1
    assert listing.context["action_form"] is None  # not even "delete selected"


def test_a_ratings_key_is_editable_on_creation_only(su):
    response = su.post(
        url(Rating, "add"),
        {
            "key": "satire",
            "label_en": "Satire",
            "label_it": "Satira",
            "position": 9,
            "active": "on",
            "unverifiable": "on",
        },
    )
    assert response.status_code == 302
    rating = Rating.objects.get(key="satire")
    form = su.get(url(Rating, "change", rating.pk)).context["adminform"].form
    assert "key" not in form.fields and "label_en" in form.fields
    su.post(
        url(Rating, "change", rating.pk),
        {"key": "renamed", "label_en": "Satire!", "label_it": "Satira", "position": 9, "active": "on"},
    )
    rating.refresh_from_db()
    assert (rating.key, rating.label_en, rating.unverifiable) == ("satire", "Satire!", False)


def test_a_verdict_is_browsed_with_its_sources_not_edited(su):
    claim = make_rows(1)[0]
    verdict = claim.verdicts.get()
    page = su.get(url(Verdict, "change", verdict.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert "https://www.istat.it/" in page.content.decode()  # the cited source, inline
    assert su.post(url(Verdict, "change", verdict.pk), {"confidence": 1}).status_code == 403


def test_an_articles_source_url_obeys_the_submission_rule(su):
    article = make_rows(1)[0].article
    data = change_form_data(su, url(Article, "change", article.pk))
    data["source_url"] = "ftp://ftp.example.org/pil.txt"  # a URL, but not one the fetcher may follow
    response = su.post(url(Article, "change", article.pk), data)
    assert response.status_code == 200
    assert "http:// or https://" in response.context["adminform"].form.errors["source_url"][0]
    data["source_url"] = "https://www.ansa.it/pil"
    data["title"] = "Il PIL nel 2023"
    assert su.post(url(Article, "change", article.pk), data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.source_url) == ("Il PIL nel 2023", "https://www.ansa.it/pil")


# --- Search and filters ----------------------------------------------------------------------------------


def result_ids(client, model, query: str) -> set[int]:
    response = client.get(url(model) + query)
    assert response.status_code == 200  # an unknown filter would redirect to ?e=1
    return {obj.pk for obj in response.context["cl"].result_list}


def test_claims_are_found_by_text_article_and_assignee_and_filtered(su, users, root):
    rows = make_rows(2)
    fresh = new_claims(2)
    english = Claim.objects.create(
        article=fresh[0].article,
        text="GDP grew by 2%",
        start=100,
        end=114,
        position=9,
        language="en",
        checkworthy=False,
        assignee=root,
    )
    assert result_ids(su, Claim, f"?q={rows[0].text[:-1]}") == {rows[0].pk}
    assert result_ids(su, Claim, f"?q={rows[1].article.title}") == {rows[1].pk}
    assert result_ids(su, Claim, f"?q={rows[1].assignee.username}") == {rows[1].pk}
    assert result_ids(su, Claim, "?status__exact=new") == {c.pk for c in fresh} | {english.pk}
    assert result_ids(su, Claim, "?checkworthy__exact=0") == {english.pk}
    assert result_ids(su, Claim, "?verification_state__exact=verified") == {c.pk for c in rows}
    assert result_ids(su, Claim, "?assigned=nobody") == {c.pk for c in fresh}
    assert result_ids(su, Claim, "?assigned=me") == {english.pk}
    assert result_ids(su, Claim, "?lang=en") == {english.pk}
    assert result_ids(su, Claim, "?lang=it&status__exact=approved") == {c.pk for c in rows}
    assert result_ids(su, Claim, f"?article__id__exact={fresh[0].article_id}") == {c.pk for c in fresh} | {english.pk}


def test_articles_are_found_by_title_and_filtered(su):
    rows = make_rows(2)
    failed = Article.objects.create(
        title="Pagina irraggiungibile",
        body="x",
        body_sha256=sha("failed"),
        language="fr",
        state=Article.State.FAILED,
        error="HTTP 404",
        source_url="https://example.org/rotto",
    )
    assert result_ids(su, Article, "?q=irraggiungibile") == {failed.pk}
    assert result_ids(su, Article, "?q=example.org/rotto") == {failed.pk}
    assert result_ids(su, Article, f"?q={rows[0].article.title}") == {rows[0].article_id}
    assert result_ids(su, Article, "?state__exact=failed") == {failed.pk}
    assert result_ids(su, Article, "?lang=other") == {failed.pk}
    assert result_ids(su, Article, "?lang=it") == {r.article_id for r in rows}
    page = su.get(url(Article))
    counts = {a.pk: (a.n_claims, a.n_checkworthy, a.n_verified) for a in page.context["cl"].result_list}
    assert counts[rows[0].article_id] == (1, 1, 1) and counts[failed.pk] == (0, 0, 0)
