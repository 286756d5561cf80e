"""Articles: submitting them (text, file or URL), fetching and extracting their claims,
extracting again, editors' fixes, and the sweeps that find work whose message was lost."""

import hashlib
import http.client
import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import web_address
from ..extraction.decode import decode_bytes, normalize_text
from ..extraction.errors import InputError
from ..extraction.pipeline import extract, guess_content_type
from ..models import Article, Claim, Source
from . import verification
from .access import WorkflowError, require
from .commit import after_commit
from .dispatch import send_task
from .leases import lease, stale_ids

log = logging.getLogger(__name__)


def _max_bytes() -> int:
    return settings.FACTCHECK_MAX_ARTICLE_BYTES


# Lazy: each reader gets the reason in their own language.
_URL_MESSAGES = {
    web_address.TOO_LONG: gettext_lazy("The source URL is too long (2000 characters at most)."),
    web_address.HIDDEN_CHARACTERS: gettext_lazy("The source URL must not contain spaces or control characters."),
    web_address.NOT_HTTP: gettext_lazy("The source URL must start with http:// or https:// and name a host."),
    web_address.INVALID: gettext_lazy("The source URL is not a valid web address."),
}


def clean_source_url(url: str) -> str:
    """An http(s) URL or ''; anything else (javascript:, file:, data:, junk) is refused
    with the reason (claims/web_address.py is the rule)."""
    url = (url or "").strip()
    problem = web_address.url_problem(url)
    if problem == web_address.EMPTY:
        return ""
    if problem is not None:
        raise InputError(_URL_MESSAGES[problem])
    return url


def _enqueue_processing(article_id: int) -> None:
    send_task("process_article", article_id)


def article_submit(
    *,
    body: str | bytes,
    filename: str = "",
    content_type: str = "",
    title: str = "",
    source_url: str = "",
    origin: str = "",
    submitted_by=None,
) -> Article:
    """Validate and store an article, then queue its processing once committed.

    Everything that can be refused is refused here, before a row exists, so a bad
    upload leaves nothing behind; InputError carries the one-line reason.
    """
    if isinstance(body, (bytes, bytearray, memoryview)):
        text = decode_bytes(bytes(body), max_bytes=_max_bytes())
    else:
        text = normalize_text(body, max_bytes=_max_bytes())
    source_url = clean_source_url(source_url)
    ctype = guess_content_type(text, declared=content_type, filename=filename)
    title = " ".join((title or "").split())[:500]
    with transaction.atomic():
        article = Article.objects.create(
            title=title,
            body=text,
            body_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            content_type=ctype,
            source_url=source_url,
            origin=(origin or filename or "paste")[:300],
            submitted_by=submitted_by,
        )
        # A message sent before COMMIT reaches a worker that cannot see the row yet.
        # robust: a broker that is down must not turn a stored article into an error
        # page; the sweep (article_requeue_stale) sends it again later.
        after_commit(_enqueue_processing, article.pk)
    return article


def article_update(*, article: Article, by, title: str, source_url: str) -> Article:
    """An editor's fix to an article's title or source address (the admin's change page);
    the address obeys the submission rule."""
    require(by.has_perm("claims.change_article"))
    values = {"title": " ".join((title or "").split())[:500], "source_url": clean_source_url(source_url)}
    Article.objects.filter(pk=article.pk).update(**values)
    for name, value in values.items():
        setattr(article, name, value)
    return article


def articles_delete(*, article_ids, by) -> int:
    """Remove articles and their claims, all or none: only while nobody has given one of
    their claims a verdict (reviewers' work is discarded claim by claim, and what was
    published stays). Returns how many were removed."""
    require(by.has_perm("claims.delete_article"))
    with transaction.atomic():
        articles = list(Article.objects.select_for_update().filter(pk__in=list(article_ids)).only("pk", "title"))
        reviewed = Article.objects.filter(pk__in=[a.pk for a in articles], claims__verdicts__isnull=False).first()
        if reviewed is not None:
            raise WorkflowError(
                _("“%(title)s” has claims with a verdict: discard its claims instead.") % {"title": reviewed}
            )
        Article.objects.filter(pk__in=[a.pk for a in articles]).delete()
    return len(articles)


def article_claim_for_processing(article_id: int) -> bool:
    """Take the article for processing; False when someone else holds it or it is done.

    A conditional UPDATE decides between two deliveries of the same message: exactly
    one wins. A stale 'extracting' (its worker died) may be taken over.
    """
    now = timezone.now()
    won = (
        Article.objects.filter(pk=article_id)
        .filter(
            Q(state=Article.State.QUEUED) | Q(state=Article.State.EXTRACTING, processing_started_at__lt=now - lease())
        )
        .update(state=Article.State.EXTRACTING, processing_started_at=now, error="")
    )
    return bool(won)


def article_process(article_id: int) -> Article | None:
    """Extract an article's claims and store them; None when another delivery got it.

    Extraction runs outside any transaction (it is pure CPU); the claims and the
    state change are written in one transaction, so an article is never half-processed.
    Any failure marks the article failed with the reason: it never vanishes.
    """
    if not article_claim_for_processing(article_id):
        return None
    Article.objects.filter(pk=article_id).update(attempts=F("attempts") + 1)
    article = Article.objects.get(pk=article_id)
    if article.attempts > settings.FACTCHECK_ARTICLE_MAX_ATTEMPTS:
        # Earlier attempts never finished (their worker died, or ran out of time): the sweep
        # would send this article again forever. It stays failed, with the reason, until
        # someone extracts it again.
        return _fail(article, f"Processing was attempted {article.attempts - 1} times without finishing; giving up.")
    try:
        result = extract(article.body, content_type=article.content_type, title=article.title)
    except InputError as exc:
        return _fail(article, str(exc))
    except Exception as exc:  # a bug in a rule must not lose the article: record it
        log.exception("extraction failed for article %s", article_id)
        return _fail(article, f"Extraction failed: {type(exc).__name__}: {exc}")
    limit = settings.FACTCHECK_MAX_CLAIMS_PER_ARTICLE
    if len(result.claims) > limit:
        # One huge article would occupy the workers (and the reviewers' pages) for everyone.
        return _fail(
            article,
            f"The article has {len(result.claims):,} sentences; at most {limit:,} are taken from one article. "
            "Split it into smaller articles.",
        )
    try:
        return _store_claims(article_id, result)
    except DatabaseError as exc:
        # The database refused what extraction produced (a value it cannot store, say): the
        # article fails with the reason instead of staying "extracting" for the sweep to
        # send again and again. A lost connection is not the article's fault: retried.
        if isinstance(exc, (OperationalError, InterfaceError)):
            raise
        log.exception("storing the claims of article %s failed", article_id)
        return _fail(article, f"The claims could not be stored: {type(exc).__name__}: {exc}")


def _store_claims(article_id: int, result) -> Article | None:
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article_id)
        if locked.state != Article.State.EXTRACTING:
            return None  # someone reset or took it over meanwhile; their run decides
        locked.claims.all().delete()
        created = Claim.objects.bulk_create(
            [
                Claim(
                    article=locked,
                    text=c.text,
                    start=c.start,
                    end=c.end,
                    position=c.position,
                    language=result.language,
                    score=c.score,
                    checkworthy=c.checkworthy,
                    claim_type=c.type,
                    signals=c.signals,
                )
                for c in result.claims
            ],
            batch_size=500,
        )
        _attach_cited_links(locked, result)
        # Automated research for every check-worthy claim, sent once this commits.
        verification.runs_create([c for c in created if c.checkworthy])
        locked.links = result.links[:500]
        locked.cleaned_text = result.cleaned_text
        locked.language = result.language
        locked.language_note = result.language_note
        if not locked.title:
            locked.title = result.title[:500]
        locked.state = Article.State.READY
        locked.error = ""
        locked.processed_at = timezone.now()
        locked.save(
            update_fields=[
                "cleaned_text",
                "links",
                "language",
                "language_note",
                "title",
                "state",
                "error",
                "processed_at",
                "updated_at",
            ]
        )
    return locked


def _attach_cited_links(article: Article, result) -> None:
    """Each URL the writer cited for a sentence becomes a source of that claim, to archive."""
    positions = {c.position: c.links for c in result.claims if c.links}
    if not positions:
        return
    by_position = dict(article.claims.filter(position__in=list(positions)).values_list("position", "pk"))
    sources = []
    for position, urls in positions.items():
        for url in urls[:20]:
            try:
                url = clean_source_url(url)
            except InputError:
                continue  # a javascript: or malformed link is not a source
            if url:
                sources.append(Source(claim_id=by_position[position], url=url, origin=Source.Origin.ARTICLE))
    Source.objects.bulk_create(sources, ignore_conflicts=True)


def _fail(article: Article, reason: str) -> Article:
    Article.objects.filter(pk=article.pk, state=Article.State.EXTRACTING).update(
        state=Article.State.FAILED, error=reason[:2000], processed_at=timezone.now()
    )
    article.refresh_from_db()
    return article


def article_requeue_stale(*, older_than: timedelta | None = None) -> list[int]:
    """Send again the articles whose processing message was lost (queued too long) or whose
    worker died (extracting past the lease). Processing is idempotent."""
    stale = stale_ids(
        lambda sweep: Article.objects.filter(
            Q(state=Article.State.QUEUED, updated_at__lt=sweep.queued_before)
            | Q(state=Article.State.EXTRACTING, processing_started_at__lt=sweep.held_since_before)
        ),
        older_than=older_than,
        limit=1000,
    )
    for pk in stale:
        after_commit(_enqueue_processing, pk)
    return stale


def article_reprocess(article_ids) -> int:
    """Extract the claims of these articles again (after a rule change, say). Articles a
    reviewer has started work on are left alone: re-extraction would replace their claims."""
    ids = list(article_ids)
    touched = (
        Claim.objects.filter(article_id__in=ids)
        .filter(
            ~Q(status=Claim.Status.NEW)
            | Q(origin=Claim.Origin.REVIEWER)
            | Q(assignee__isnull=False)
            | Q(verdicts__isnull=False)
        )
        .values_list("article_id", flat=True)
    )
    with transaction.atomic():
        # A URL submission whose page never arrived has no body to extract: it is fetched, not reprocessed.
        articles = (
            Article.objects.filter(pk__in=ids)
            .exclude(state__in=(Article.State.EXTRACTING, Article.State.FETCHING))
            .exclude(pk__in=touched)
            .exclude(body="")
        )
        queued = list(articles.values_list("pk", flat=True))
        articles.update(state=Article.State.QUEUED, error="", attempts=0)
        for pk in queued:
            after_commit(_enqueue_processing, pk)
    return len(queued)


# --- Articles submitted as a URL --------------------------------------------------
# The web request only stores the URL (state FETCHING) and returns: fetching a page can
# take the whole fetch deadline, and user-supplied URLs are fetched only by workers,
# through the one SSRF-safe fetcher. The row is the record of what is pending.

# What a page may be to become an article (PDFs and the like are refused by the fetcher).
ARTICLE_FETCH_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
_FETCHED_CONTENT_TYPE = {
    "text/html": Article.ContentType.HTML,
    "application/xhtml+xml": Article.ContentType.HTML,
    "text/markdown": Article.ContentType.MARKDOWN,
    "text/plain": Article.ContentType.TEXT,
}


def _enqueue_fetch(article_id: int) -> None:
    send_task("fetch_article", article_id)


def article_submit_url(*, url: str, title: str = "", submitted_by=None) -> Article:
    """Store an article to be fetched from `url` and queue the fetch once committed.

    The URL is validated here (javascript:, file:, junk refused at once); whether its
    host is a public address is decided by the fetcher, in the worker, at fetch time,
    because DNS may answer differently later.
    """
    url = clean_source_url(url)
    if not url:
        raise InputError(_("Give the address (URL) of the article."))
    with transaction.atomic():
        article = Article.objects.create(
            title=" ".join((title or "").split())[:500],
            body="",
            source_url=url,
            origin="url",
            submitted_by=submitted_by,
            state=Article.State.FETCHING,
        )
        after_commit(_enqueue_fetch, article.pk)
    return article


def article_claim_for_fetching(article_id: int):
    """Take the article's fetch; returns the lease timestamp, or None when another delivery
    holds it (or it is done). An abandoned lease (the worker died) may be taken over."""
    now = timezone.now()
    won = (
        Article.objects.filter(pk=article_id, state=Article.State.FETCHING)
        .filter(Q(processing_started_at__isnull=True) | Q(processing_started_at__lt=now - lease()))
        .update(processing_started_at=now, attempts=F("attempts") + 1)
    )
    return now if won else None


def article_fetch(article_id: int) -> Article | None:
    """Fetch a URL-submitted article's page and queue its processing; a page that cannot
    be fetched or is not an article marks the article failed with the reason.

    The fetch runs outside any transaction; the result is written only if this delivery
    still holds the lease (None otherwise: another delivery decides).
    """
    from ..verification.fetch import FetchError, fetch

    started = article_claim_for_fetching(article_id)
    if started is None:
        return None
    url, attempts = Article.objects.values_list("source_url", "attempts").get(pk=article_id)
    if attempts > settings.FACTCHECK_ARTICLE_MAX_ATTEMPTS:
        return _fetch_finish(
            article_id, started, error=f"Fetching was attempted {attempts - 1} times without finishing; giving up."
        )
    try:
        result = fetch(url, allowed_types=ARTICLE_FETCH_TYPES, max_bytes=_max_bytes())
        if not 200 <= result.status < 300:
            reason = http.client.responses.get(result.status, "")
            raise FetchError(f"the server answered {result.status} {reason}".strip())
        text = _fetched_text(result)
    except FetchError as exc:
        return _fetch_finish(article_id, started, error=f"Could not fetch the page: {exc}")
    except InputError as exc:
        return _fetch_finish(article_id, started, error=f"The fetched page is not usable as an article: {exc}")
    except Exception as exc:  # a bug must not leave the article fetching forever: record it
        log.exception("fetching article %s failed", article_id)
        return _fetch_finish(article_id, started, error=f"Fetching failed: {type(exc).__name__}: {exc}")
    ctype = _FETCHED_CONTENT_TYPE.get(result.content_type, Article.ContentType.TEXT)
    return _fetch_finish(article_id, started, text=text, content_type=ctype)


def _fetched_text(result) -> str:
    """The page as text: the charset the server declared when it is right, else the same
    guessing as an uploaded file (UTF-8, UTF-16, cp1252), with the same refusals."""
    charset = result.charset
    if charset:
        try:
            return normalize_text(result.body.decode(charset), max_bytes=_max_bytes())
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong label: servers often lie; guess as for a file
    return decode_bytes(result.body, max_bytes=_max_bytes())


def _fetch_finish(article_id: int, started, *, text: str = "", content_type: str = "", error: str = ""):
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article_id)
        if locked.state != Article.State.FETCHING or locked.processing_started_at != started:
            return None  # the lease expired and another delivery took the fetch over
        if error:
            locked.state, locked.error, locked.processed_at = Article.State.FAILED, error[:2000], timezone.now()
            locked.save(update_fields=["state", "error", "processed_at", "updated_at"])
            return locked
        locked.body = text
        locked.body_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        locked.content_type = content_type
        locked.state, locked.error, locked.processing_started_at = Article.State.QUEUED, "", None
        locked.attempts = 0  # the fetch is done: processing has attempts of its own
        locked.save(
            update_fields=[
                "body",
                "body_sha256",
                "content_type",
                "state",
                "error",
                "processing_started_at",
                "attempts",
                "updated_at",
            ]
        )
        after_commit(_enqueue_processing, locked.pk)
    return locked


def article_requeue_stale_fetches(*, older_than: timedelta | None = None) -> list[int]:
    """Send again the fetches whose message was lost (never taken) or whose worker died
    (lease expired). Fetching is idempotent through the lease."""
    stale = stale_ids(
        lambda sweep: Article.objects.filter(state=Article.State.FETCHING).filter(
            Q(processing_started_at__isnull=True, created_at__lt=sweep.queued_before)
            | Q(processing_started_at__lt=sweep.held_since_before)
        ),
        older_than=older_than,
        limit=1000,
    )
    for pk in stale:
        after_commit(_enqueue_fetch, pk)
    return stale
