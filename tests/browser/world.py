"""A newsroom in the middle of its day, for the browser tests: the seed article with its claims,
one verdict awaiting approval, one sent back, one published (so there is a public report),
an archived source of each kind, and the people of tests/conftest.py's `users`."""

from dataclasses import dataclass

from claims.models import Article, Claim, Rating, Snapshot, Source
from claims.services import article_submit, publishing, review, verdicts
from claims.services.verdicts import SourceInput

ISTAT = SourceInput("https://www.istat.it/comunicato/2025", "Istat", "Il dato è confermato.", "supports")
REUTERS = SourceInput("https://www.reuters.com/technology/nvidia-h20", "Reuters", "", "refutes")


@dataclass
class World:
    article: Article
    open_claims: list  # check-worthy, new, unassigned: to do
    submitted: Claim  # awaiting approval (rita's verdict)
    sent_back: Claim  # rita's, sent back by elena with a comment
    published: Claim  # on the public report


def _verdict(claim, user, rating="mostly-false", explanation="Le fonti pubbliche non lo confermano.", sources=None):
    current = verdicts.current_verdict(claim)
    return verdicts.verdict_save(
        claim=claim,
        by=user,
        version=current.version if current else None,
        rating=Rating.objects.get(key=rating),
        confidence=70,
        explanation=explanation,
        as_of=None,
        sources=sources or [ISTAT, REUTERS],
    )


def build(seed_bytes, users) -> World:
    article = article_submit(
        body=seed_bytes,
        filename="seed.txt",
        source_url="https://www.example-news.it/tech/deepseek",
        submitted_by=users.editor,
    )
    article.refresh_from_db()
    claims = list(article.claims.filter(checkworthy=True).order_by("-score", "id"))
    submitted, sent_back, published, *open_claims = claims
    v = _verdict(submitted, users.reviewer)
    verdicts.verdict_submit(verdict=v, by=users.reviewer, version=v.version)
    v = _verdict(sent_back, users.reviewer, rating="mixed")
    v = verdicts.verdict_submit(verdict=v, by=users.reviewer, version=v.version)
    verdicts.verdict_send_back(verdict=v, by=users.editor, version=v.version, comment="Manca il dato Eurostat.")
    v = _verdict(published, users.reviewer2, rating="false")
    v = verdicts.verdict_submit(verdict=v, by=users.reviewer2, version=v.version)
    verdicts.verdict_approve(verdict=v, by=users.editor, version=v.version, comment="Solido.")
    publishing.article_publish(article=article, by=users.editor)
    # What archiving made of the published claim's two sources: a copy, and a refused address.
    istat = Source.objects.get(claim=published, url=ISTAT.url)
    Snapshot.objects.create(
        source=istat, requested_url=istat.url, final_url=istat.url, status_code=200, sha256="a" * 64, title="Istat"
    )
    reuters = Source.objects.get(claim=published, url=REUTERS.url)
    Snapshot.objects.create(
        source=reuters, requested_url=reuters.url, error="resolves to 10.0.0.1", error_code="blocked_address"
    )
    review.claim_assign(claim_ids=[open_claims[-1].pk], assignee=users.reviewer, by=users.editor)
    return World(
        article=article,
        open_claims=[c for c in open_claims if c.pk != open_claims[-1].pk],
        submitted=submitted,
        sent_back=sent_back,
        published=published,
    )


def pages(world: World) -> dict[str, tuple[str, str]]:
    """name: (URL, who looks: a username, or "" for a visitor)."""
    return {
        "login": ("/accounts/login/", ""),
        "queue": ("/queue/", "rita"),
        "article": (f"/articles/{world.article.pk}/", "rita"),
        "claim": (f"/claims/{world.open_claims[0].pk}/", "rita"),
        "approvals": ("/approvals/", "elena"),
        "my-work": ("/my-work/", "rita"),
        "dashboard": ("/dashboard/", "elena"),
        "report": (f"/reports/{world.article.pk}/", ""),
    }
