"""The claim page through the browser's eyes (Django test client, real PostgreSQL): what the
workers found, the verdict form, the editor's decision, conflicts and refusals."""

import datetime
import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import (
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
)
from claims.services import verdicts
from claims.services.factchecks import factcheck_import_claimreview
from claims.services.library import document_add
from claims.services.verdicts import SourceInput

from .test_views_queue import make_article, make_claims

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
SOURCE = ("https://www.reuters.com/technology/nvidia-h20", "Reuters", "H20 exports restricted", "refutes")


def url(name, claim):
    return reverse(f"claims:{name}", args=[claim.pk])


@pytest.fixture
def claims(users):
    """Three consecutive claims of one article; the middle one is reviewed."""
    return make_claims(
        make_article("Il debito"),
        [
            {"text": "Il debito è salito nel 2023."},
            {"text": "Il debito pubblico ha superato i 3.000 miliardi."},
            {"text": "Lo dice la Banca d'Italia."},
        ],
    )


@pytest.fixture
def claim(claims):
    return claims[1]


def login(client, user):
    client.force_login(user)
    return client


def verdict_data(
    *,
    version=None,
    seen=0,
    action="save",
    rating="mostly-false",
    confidence=80,
    explanation="Smentito dai dati Istat.",
    sources=(SOURCE,),
    **extra,
) -> dict:
    data = {
        "rating": Rating.objects.get(key=rating).pk if rating else "",
        "confidence": confidence,
        "explanation": explanation,
        "as_of": "2025-06-01",
        "version": version or "",
        "seen_history": seen,
        "action": action,
        "src-TOTAL_FORMS": str(len(sources) + 2),
        "src-INITIAL_FORMS": "0",
        "src-MIN_NUM_FORMS": "0",
        "src-MAX_NUM_FORMS": "30",
    }
    for i, row in enumerate([*sources, ("", "", "", "context"), ("", "", "", "context")]):
        data.update(
            {f"src-{i}-url": row[0], f"src-{i}-title": row[1], f"src-{i}-quote": row[2], f"src-{i}-stance": row[3]}
        )
    return {**data, **extra}


def save(claim, user, **kw) -> Verdict:
    current = verdicts.current_verdict(claim)
    values = {
        "rating": Rating.objects.get(key="false"),
        "confidence": 90,
        "explanation": "Falso.",
        "as_of": datetime.date(2025, 1, 1),
        "sources": [SourceInput(*SOURCE)],
        **kw,
    }
    return verdicts.verdict_save(claim=claim, by=user, version=current.version if current else None, **values)


def submitted(claim, user) -> Verdict:
    verdict = save(claim, user)
    return verdicts.verdict_submit(verdict=verdict, by=user, version=verdict.version)


# --- Access ------------------------------------------------------------------------------

ACTIONS = ["claim_assign", "verdict_save", "verdict_approve", "verdict_send_back"]


def test_anonymous_users_are_sent_to_the_login_page(client, claim):
    for response in [client.get(url("claim", claim)), *(client.post(url(a, claim), {}) for a in ACTIONS)]:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_outsider_gets_403_on_the_page_and_every_action(client, users, claim):
    login(client, users.outsider)
    assert client.get(url("claim", claim)).status_code == 403
    for action in ACTIONS:
        assert client.post(url(action, claim), verdict_data(version=1, comment="x", action="me")).status_code == 403
    assert not Verdict.objects.exists()


def test_actions_need_a_post(client, users, claim):
    login(client, users.editor)
    assert {client.get(url(a, claim)).status_code for a in ACTIONS} == {405}


def test_a_post_without_the_csrf_token_is_refused(users, claim):
    client = login(Client(enforce_csrf_checks=True), users.reviewer)
    client.get(url("claim", claim))  # the page sets the CSRF cookie
    assert client.post(url("verdict_save", claim), verdict_data()).status_code == 403
    assert not Verdict.objects.exists()
    token = client.cookies["csrftoken"].value
    response = client.post(url("verdict_save", claim), verdict_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302 and Verdict.objects.filter(claim=claim).exists()


# --- What the page shows -------------------------------------------------------------------

REPORT = (
    "Rapporto sul mercato dei chip\n\nIl noleggio di GPU in Cina parte da 6 dollari l'ora, meno che negli "
    "Stati Uniti. I fornitori cinesi di servizi cloud hanno difficoltà ad acquisire risorse.\n"
)


def test_the_seed_claim_shows_matches_evidence_and_archived_sources(
    client, users, submit, seed_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed: a worker embeds it
        factcheck_import_claimreview(
            json.dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": "https://pagellapolitica.it/fc/h20",
                    "claimReviewed": "Le GPU NVIDIA H20 sul mercato cinese sono allocate ai clienti del modello R1 di DeepSeek",
                    "author": {"@type": "Organization", "name": "Pagella Politica"},
                    "inLanguage": "it",
                    "reviewRating": {
                        "@type": "Rating",
                        "ratingValue": 2,
                        "bestRating": 6,
                        "worstRating": 1,
                        "alternateName": "C'eri quasi",
                    },
                }
            )
        )
    document_add(
        data=REPORT.encode(),
        filename="rapporto-chip.txt",
        title="Rapporto chip",
        source_url="https://example.org/rapporto",
    )
    article = submit(body=seed_bytes)
    h20 = article.claims.get(text__startswith="Un numero considerevole di GPU NVIDIA H20")
    source = Source.objects.create(
        claim=h20, url="https://example.org/istat", title="Istat", is_dead=True, last_status=404
    )
    Snapshot.objects.create(
        source=source,
        requested_url=source.url,
        final_url="https://example.org/istat/2024",
        status_code=404,
        title="Istat: pagina non trovata",
    )
    html = login(client, users.reviewer).get(url("claim", h20)).content.decode()
    assert "C&#x27;eri quasi" in html and "https://pagellapolitica.it/fc/h20" in html and "Pagella Politica" in html
    match = ClaimMatch.objects.get(claim=h20)
    assert f'value="factcheck:{match.pk}"' in html  # "Use as source"
    assert "https://example.org/istat/2024" in html and "dead link" in html and f'value="source:{source.pk}"' in html
    neighbour = article.claims.get(position=h20.position - 1)
    assert neighbour.text.split()[0] in html  # the sentence before, for context

    rental = article.claims.get(text__startswith="I servizi di noleggio di chip AI")
    html = client.get(url("claim", rental)).content.decode()
    evidence = EvidenceMatch.objects.filter(claim=rental).first()
    assert evidence and '<mark class="hl">' in html and "Rapporto chip" in html
    assert f'value="evidence:{evidence.pk}"' in html


def test_user_written_text_is_shown_as_text(client, users, claim):
    Claim.objects.filter(pk=claim.pk).update(text=f"Il debito {XSS}")
    Source.objects.create(claim=claim, url="https://example.org/a", title=f"Fonte {XSS}")
    fc = FactCheck.objects.create(
        origin="claimreview",
        key="k1",
        claim_reviewed=f"Verificato {XSS}",
        rating_name=XSS,
        url="javascript:alert(1)",
    )
    ClaimMatch.objects.create(claim=claim, factcheck=fc, rank=1, score=0.9)
    doc = ReferenceDocument.objects.create(title=XSS, content_type="text/plain", sha256="x" * 64)
    passage = Passage.objects.create(document=doc, position=0, start=0, end=10, text=XSS, match_text="")
    EvidenceMatch.objects.create(
        claim=claim, passage=passage, rank=1, score=1, snippet=f"un {XSS} due", highlights=[[3, 11]]
    )
    claim.refresh_from_db()
    html = login(client, users.reviewer).get(url("claim", claim)).content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert 'un <mark class="hl">&lt;script&gt;</mark>alert' in html  # highlighted, escaped part by part
    assert 'href="javascript:' not in html


def test_a_reviewer_sees_a_colleagues_claim_read_only(client, users, claim):
    save(claim, users.reviewer2, explanation="Il mio lavoro.")
    html = login(client, users.reviewer).get(url("claim", claim)).content.decode()
    assert 'id="verdict-form"' not in html and "Il mio lavoro." in html and "Reuters" in html
    response = client.post(url("verdict_save", claim), verdict_data(version=2))
    assert response.status_code == 403


# --- Saving and submitting -------------------------------------------------------------------


def test_a_reviewer_saves_a_draft_then_submits_it(client, users, claim):
    login(client, users.reviewer)
    response = client.post(url("verdict_save", claim), verdict_data())
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.state == "draft" and verdict.rating.key == "mostly-false" and verdict.confidence == 80
    assert [(s.source.url, s.stance) for s in verdict.sources.all()] == [(SOURCE[0], "refutes")]
    page = client.get(response.url).content.decode()
    assert "Draft saved." in page and "Smentito dai dati Istat." in page
    assert "<ins>Smentito dai dati Istat.</ins>" in page  # the history shows the change
    claim.refresh_from_db()
    assert claim.status == "in_review" and claim.assignee == users.reviewer
    client.post(url("verdict_save", claim), verdict_data(version=verdict.version, action="submit"))
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.state == "submitted" and claim.status == "submitted"
    html = client.get(url("claim", claim)).content.decode()
    assert 'id="verdict-form"' not in html and "Awaiting approval" in html
    # A second click on "Submit" changes nothing and says why.
    again = client.post(url("verdict_save", claim), verdict_data(version=verdict.version, action="submit"), follow=True)
    assert "it cannot be edited now" in again.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).version == verdict.version


def test_submitting_without_a_source_is_refused_and_nothing_is_saved(client, users, claim):
    response = login(client, users.reviewer).post(url("verdict_save", claim), verdict_data(sources=(), action="submit"))
    assert response.status_code == 200
    assert "cite at least one source" in response.content.decode()
    assert "Smentito dai dati Istat." in response.content.decode()  # the user's text stays in the form
    assert not Verdict.objects.exists() and not HistoryEntry.objects.filter(claim=claim).exists()


def test_a_javascript_url_is_refused_with_a_message(client, users, claim):
    data = verdict_data(sources=[("javascript:alert(1)", "x", "", "context")])
    response = login(client, users.reviewer).post(url("verdict_save", claim), data)
    assert "must start with http:// or https://" in response.content.decode()
    assert not Verdict.objects.exists() and not Source.objects.exists()


def test_a_stale_form_shows_the_conflict_and_keeps_the_users_text(client, users, claim):
    verdict = save(claim, users.reviewer, explanation="Prima versione.")
    page = login(client, users.reviewer).get(url("claim", claim))
    seen = page.context["page"].latest_history_id
    save(claim, users.editor, explanation="Corretta dall'editor.")  # meanwhile
    data = verdict_data(version=verdict.version, seen=seen, explanation="La mia versione.")
    response = client.post(url("verdict_save", claim), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="card conflict"' in html and "elena" in html
    assert "<del>Prima versione.</del>" in html and "<ins>Corretta dall&#x27;editor.</ins>" in html
    assert "La mia versione." in html  # in the form and beside the saved value
    current = Verdict.objects.get(pk=verdict.pk)
    assert current.explanation == "Corretta dall'editor."  # no silent overwrite
    assert f'name="version" value="{current.version}"' in html
    # Saving again, knowingly, with the version the conflict box showed.
    client.post(url("verdict_save", claim), {**data, "version": current.version})
    assert Verdict.objects.get(pk=verdict.pk).explanation == "La mia versione."


# --- "Use as source" without JavaScript --------------------------------------------------------


def test_using_a_fact_check_as_source_adds_it_to_the_draft_with_the_typed_fields(client, users, claim):
    fc = FactCheck.objects.create(
        origin="claimreview",
        key="k1",
        claim_reviewed="Il debito ha superato 3.000 mld",
        rating_name="Vero",
        author_name="Pagella Politica",
        url="https://pagellapolitica.it/fc/debito",
    )
    match = ClaimMatch.objects.create(claim=claim, factcheck=fc, rank=1, score=0.9)
    data = verdict_data(explanation="Scritto prima di aggiungere la fonte.", adopt=f"factcheck:{match.pk}")
    response = login(client, users.reviewer).post(url("verdict_save", claim), data)
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.explanation == "Scritto prima di aggiungere la fonte." and verdict.state == "draft"
    assert [s.source.url for s in verdict.sources.all()] == [SOURCE[0], fc.url]
    assert verdict.sources.get(source__url=fc.url).title == "Pagella Politica — Vero"


def test_using_a_passage_without_public_url_fills_the_row_and_saves_nothing(client, users, claim):
    doc = ReferenceDocument.objects.create(title="Relazione interna", content_type="text/plain", sha256="y" * 64)
    passage = Passage.objects.create(
        document=doc, position=0, start=0, end=20, text="Il debito è 3.000 mld.", match_text=""
    )
    ev = EvidenceMatch.objects.create(claim=claim, passage=passage, rank=1, score=1, snippet=passage.text)
    response = login(client, users.reviewer).post(url("verdict_save", claim), verdict_data(adopt=f"evidence:{ev.pk}"))
    html = response.content.decode()
    assert response.status_code == 200 and "has no public URL" in html
    assert 'value="Relazione interna"' in html and not Verdict.objects.exists()


def test_another_claims_suggestion_cannot_be_adopted(client, users, claims):
    other = Source.objects.create(claim=claims[0], url="https://example.org/other")
    response = login(client, users.reviewer).post(
        url("verdict_save", claims[1]), verdict_data(adopt=f"source:{other.pk}")
    )
    assert response.status_code == 404 and not Verdict.objects.exists()


# --- Assigning from the claim page ------------------------------------------------------------


def test_assign_to_me_and_an_editor_assigning_anyone(client, users, claim):
    login(client, users.reviewer).post(url("claim_assign", claim), {"action": "me"})
    claim.refresh_from_db()
    assert claim.assignee == users.reviewer
    # A reviewer may not assign to a colleague (giving back their own claim: test_views_queue).
    response = client.post(url("claim_assign", claim), {"action": "assign", "assignee": users.reviewer2.pk})
    assert response.status_code == 403
    login(client, users.editor).post(url("claim_assign", claim), {"action": "assign", "assignee": users.reviewer2.pk})
    claim.refresh_from_db()
    assert claim.assignee == users.reviewer2


# --- The editor's decision ----------------------------------------------------------------------


def test_an_editor_approves_with_a_comment(client, users, claim):
    verdict = submitted(claim, users.reviewer)
    html = login(client, users.editor).get(url("claim", claim)).content.decode()
    assert url("verdict_approve", claim) in html and url("verdict_send_back", claim) in html
    response = client.post(url("verdict_approve", claim), {"version": verdict.version, "comment": "Ottimo."})
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.state == "approved" and verdict.reviewed_by == users.editor and verdict.review_comment == "Ottimo."
    assert "Verdict approved." in client.get(response.url).content.decode()


def test_sending_back_needs_a_comment_which_the_reviewer_then_sees(client, users, claim):
    verdict = submitted(claim, users.reviewer)
    login(client, users.editor)
    response = client.post(url("verdict_send_back", claim), {"version": verdict.version, "comment": " "})
    assert "Say what needs to change" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == "submitted"
    client.post(url("verdict_send_back", claim), {"version": verdict.version, "comment": "Manca Eurostat."})
    verdict.refresh_from_db()
    assert verdict.state == "sent_back"
    html = login(client, users.reviewer).get(url("claim", claim)).content.decode()
    assert "Manca Eurostat." in html and 'id="verdict-form"' in html


def test_the_author_cannot_approve_their_own_verdict(client, users, claim):
    verdict = submitted(claim, users.editor)
    html = login(client, users.editor).get(url("claim", claim)).content.decode()
    assert "another editor has to approve it" in html and url("verdict_approve", claim) not in html
    response = client.post(url("verdict_approve", claim), {"version": verdict.version})
    assert "You wrote this verdict" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.state == "submitted"


def test_a_reviewer_cannot_approve(client, users, claim):
    verdict = submitted(claim, users.reviewer)
    response = login(client, users.reviewer2).post(url("verdict_approve", claim), {"version": verdict.version})
    assert response.status_code == 403


def test_approving_a_verdict_changed_meanwhile_shows_the_conflict(client, users, claim):
    verdict = submitted(claim, users.reviewer)
    stale = verdict.version
    verdicts.verdict_send_back(verdict=verdict, by=users.editor2, version=verdict.version, comment="No.")
    save(claim, users.reviewer, explanation="Rifatto.")
    verdict.refresh_from_db()
    verdicts.verdict_submit(verdict=verdict, by=users.reviewer, version=verdict.version)
    response = login(client, users.editor).post(url("verdict_approve", claim), {"version": stale, "comment": "Ok!"})
    html = response.content.decode()
    assert response.status_code == 409 and 'class="card conflict"' in html and "Ok!" in html
    verdict.refresh_from_db()
    assert verdict.state == "submitted"


# --- Query counts ------------------------------------------------------------------------------


def _findings(claim, n):
    for i in range(n):
        source = Source.objects.create(claim=claim, url=f"https://example.org/s{i}", title=f"S{i}")
        Snapshot.objects.create(source=source, requested_url=source.url, final_url=source.url, status_code=200)
        fc = FactCheck.objects.create(
            origin="claimreview",
            key=f"k{claim.pk}-{i}",
            claim_reviewed=f"fc {i}",
            url=f"https://example.org/fc{i}",
        )
        ClaimMatch.objects.create(claim=claim, factcheck=fc, rank=i, score=0.5)
        doc = ReferenceDocument.objects.create(
            title=f"D{i}", content_type="text/plain", sha256=hashlib.sha256(f"{claim.pk}-{i}".encode()).hexdigest()
        )
        passage = Passage.objects.create(document=doc, position=0, start=0, end=5, text="testo", match_text="")
        EvidenceMatch.objects.create(
            claim=claim, passage=passage, rank=i, score=0.5, snippet="testo", highlights=[[0, 5]]
        )
        HistoryEntry.objects.create(claim=claim, actor=None, action="edited", changes={"text": ["a", "b"]})


@pytest.mark.parametrize("n", [1, 15])
def test_the_claim_page_reads_a_constant_number_of_queries(client, users, claim, django_assert_num_queries, n):
    _findings(claim, n)
    save(claim, users.reviewer, sources=[SourceInput(f"https://example.org/s{i}") for i in range(n)])
    login(client, users.editor)
    # 1 user, 1 permissions (user's and groups' in one query), 1 claim with article and
    # assignee, 1 the article's text around the claim, 1 verdict with rating and people, 1 its
    # sources with their URLs, 1 fact-check matches (with the reviewer's marks), 1 repeated
    # claims of ours (with their verdicts and marks), 1 evidence with passages and documents,
    # 1 sources with their latest snapshot and who added them, 1 verification runs,
    # 1 history with actors, 1 the rating scale, 1 reviewers, 1 the header's My work counts,
    # 1 its saved views (the session comes from the cache; the scale, the reviewers and the
    # header from the cache after this first view).
    with django_assert_num_queries(16):
        response = client.get(url("claim", claim))
    assert len(response.context["page"].sources) == n and len(response.context["page"].evidence) == n
