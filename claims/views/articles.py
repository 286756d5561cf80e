"""The article pages: the list, submitting an article, the article with its claims, its
live progress, and the reviewer's fixes to the machine's claims (edit, split, merge,
discard, restore, add). Every fix posts to its own URL and comes back with a message."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ..extraction.errors import InputError
from ..forms.articles import (
    ClaimAddForm,
    ClaimDiscardForm,
    ClaimEditForm,
    ClaimMergeForm,
    ClaimRestoreForm,
    ClaimSplitForm,
    PasteForm,
    UploadForm,
    UploadLimit,
    UrlForm,
)
from ..input_messages import localise, localise_error
from ..models import Article, Claim
from ..selectors import articles as reads
from ..selectors.history import action_label
from ..services import review
from ..services.articles import article_submit, article_submit_url
from ..services.review import ConflictError, WorkflowError
from .access import get_article, get_claim, newsroom_required, require_reviewer
from .article_text import claim_rows, highlighted
from .page_cache import cached_page, data_version

PER_PAGE = 50


# --- The list ---------------------------------------------------------------------


@newsroom_required
def article_list(request):
    page = Paginator(reads.articles_queryset(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"page": page, "nav": "articles"})


# --- Submitting -------------------------------------------------------------------

FORMS = {"paste": PasteForm, "upload": UploadForm, "url": UrlForm}


@csrf_exempt  # only so the upload handler can be set first; _article_new checks CSRF
@newsroom_required
def article_new(request):
    if not request.user.has_perm("claims.add_article"):
        raise PermissionDenied(_("Submitting articles is for reviewers and editors."))
    limit = None
    if request.method == "POST":
        # Before anything reads the body (the CSRF check would): a file past the article
        # limit is dropped while it streams in, never stored whole in memory or on disk.
        limit = UploadLimit(request, settings.FACTCHECK_MAX_ARTICLE_BYTES)
        request.upload_handlers.insert(0, limit)
        try:
            request.POST  # noqa: B018 -- parsed now, with the handler in place
        except RequestDataTooBig:
            # Pasted text past DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses to parse:
            # a message on the form page rather than a bare "400 Bad Request".
            messages.error(
                request,
                _("The article is too large; the limit is %(size)s.")
                % {"size": filesizeformat(settings.FACTCHECK_MAX_ARTICLE_BYTES)},
            )
            return _new_page(request, _blank_forms(), status=413)
    return _article_new(request, limit)


def _blank_forms() -> dict:
    return {how: cls(prefix=how) for how, cls in FORMS.items()}


def _new_page(request, forms: dict, active: str = "paste", status: int = 200):
    return render(
        request, "claims/article_new.html", {"forms": forms, "active": active, "nav": "submit"}, status=status
    )


@csrf_protect
def _article_new(request, limit):
    forms, active = _blank_forms(), "paste"
    if request.method == "POST":
        active = request.POST.get("how") if request.POST.get("how") in FORMS else "paste"
        extra = {}
        if active == "upload" and limit.stopped:
            extra["too_large"] = settings.FACTCHECK_MAX_ARTICLE_BYTES
            extra["uploaded_size"] = limit.request_length
        form = forms[active] = FORMS[active](request.POST, request.FILES, prefix=active, **extra)
        if form.is_valid():
            try:
                article = _submit(request, active, form.cleaned_data)
            except InputError as exc:
                form.add_error(None, localise(str(exc)))
            else:
                if article.state == Article.State.FETCHING:
                    messages.success(request, _("The page will be fetched and its claims extracted shortly."))
                else:
                    messages.success(request, _("Article submitted; its claims are being extracted."))
                return redirect("claims:article", pk=article.pk)
    return _new_page(request, forms, active)


def _submit(request, how: str, data: dict) -> Article:
    who = request.user
    if how == "url":
        return article_submit_url(url=data["url"], title=data["title"], submitted_by=who)
    if how == "upload":
        upload = data["file"]
        # At most the article limit: UploadLimit dropped larger files as they streamed in.
        return article_submit(
            body=upload.read(),
            filename=upload.name,
            title=data["title"],
            source_url=data["source_url"],
            submitted_by=who,
        )
    return article_submit(
        body=data["body"], title=data["title"], source_url=data["source_url"], origin="paste", submitted_by=who
    )


# --- The article page and its progress --------------------------------------------

CLAIMS_HTML_TTL = 3600
TABLE_ROWS = 100
PROGRESS_ROWS = 200


@newsroom_required
def article_detail(request, pk):
    # The tools of one claim at a time (?fix=<claim>): every claim's forms would make the
    # page of a 500-claim article five times heavier and slower for a fix made now and then.
    fixing = request.GET.get("fix", "")
    fixing = int(fixing) if fixing.isdigit() else None
    can_review = review.can_review(request.user)
    version = data_version(pk)
    if not version[-1]:
        raise Http404("No such article.")

    def render_page():
        article = reads.article_for_page(pk)
        if article is None:
            raise Http404("No such article.")
        state = reads.article_claim_counts(article)
        error_text, error_detail = localise_error(article.error)
        context = {
            "article": article,
            "error_text": error_text,
            "error_detail": error_detail,
            "progress": reads.article_progress(article, state),
            "source_is_link": article.source_url.lower().startswith(("http://", "https://")),
            "can_review": can_review,
            "fixing": fixing,
            "nav": "articles",
        }
        context.update(_claims_html(request, article, fixing, can_review, state))
        return render(request, "claims/article_detail.html", context)

    return cached_page(request, [version], render_page)


def _claims_html(request, article, fixing, can_review, state) -> dict:
    """The highlighted text and the claims table: the heaviest part of the page, kept in
    the cache until one of the article's claims changes (every change to a claim moves its
    updated_at; the key also holds how many claims there are, so a deletion counts)."""
    publication = {"approved": state["approved"], "published": state["published"]}
    # The table lists the first TABLE_ROWS claims unless asked for all (?all=1): every
    # claim is highlighted in the text above anyway, and a 500-row table made the page of
    # a long article three times heavier for a list nobody reads to the end.
    show_all = request.GET.get("all") == "1" or state["claims"] <= TABLE_ROWS
    key = "article-claims:" + ":".join(
        map(
            str,
            (
                article.pk,
                state["claims"],
                state["latest"].timestamp() if state["latest"] else 0,
                request.user.pk,
                can_review,
                fixing,
                show_all,
                get_language(),
            ),
        )
    )
    if fixing is None:
        cached = cache.get(key)
        if cached is not None:
            return {
                "text": mark_safe(cached[0]),
                "rows": mark_safe(cached[1]),
                "text_length": cached[2],  # noqa: S308
                "claim_count": state["claims"],
                "rows_shown": cached[3],
                "publication": publication,
            }
    claims = reads.article_claims(article)
    for claim in claims:
        claim.can_edit = review.may_edit(claim, request.user)  # permissions are cached: no query per claim
    for claim, after in zip(claims, [*claims[1:], None]):
        # Merging takes a claim and the one right after it, both editable by this user.
        adjacent = after is not None and after.position == claim.position + 1
        claim.next_claim = after if adjacent and claim.can_edit and after.can_edit else None
    tools = {}
    for claim in claims:
        if claim.pk == fixing and claim.can_edit:
            tools[claim.pk] = render_to_string(
                "claims/_article_claim_tools.html",
                {
                    "claim": claim,
                    "article": article,
                    "discard_reasons": Claim.DiscardReason.choices,
                },
                request=request,
            )
    text = highlighted(article.cleaned_text, claims, current=fixing)
    listed = claims if show_all or any(c.pk == fixing for c in claims[TABLE_ROWS:]) else claims[:TABLE_ROWS]
    rows = claim_rows(listed, can_review=can_review, tools=tools)
    text_length = len(article.cleaned_text)
    if fixing is None:  # a page with forms carries a CSRF token: never shared through the cache
        cache.set(key, (str(text), str(rows), text_length, len(listed)), CLAIMS_HTML_TTL)
    return {
        "text": text,
        "rows": rows,
        "text_length": text_length,
        "claim_count": len(claims),
        "rows_shown": len(listed),
        "publication": publication,
    }


@never_cache
@newsroom_required
def article_progress(request, pk):
    # Polled every 2 s while work is pending. newsroom_required has checked the user.
    article = reads.article_state(pk)
    if article is None:
        raise Http404("No such article.")
    progress = reads.article_progress(article)
    # Each claim's row only for articles of reasonable length: the poll of a 25,000-claim
    # article weighed 3.6 MB every 2 s. Past the limit the counts summarise it.
    omitted = progress["counts"]["claims"] > PROGRESS_ROWS
    rows = [] if omitted else reads.article_progress_rows(article.pk)
    return JsonResponse(
        {
            "article": article.pk,
            "state": article.state,
            "state_label": article.get_state_display(),
            "error": article.error,
            "error_text": " ".join(x for x in localise_error(article.error) if x),
            **progress,
            "claims": [
                {
                    "id": claim_id,
                    "status": status,
                    "status_label": Claim.Status(status).label,
                    "verification_state": verif,
                    "verification_label": Claim.Verification(verif).label,
                    "checkworthy": checkworthy,
                }
                for claim_id, status, verif, checkworthy in rows
            ],
            "claims_omitted": omitted,
        }
    )


# --- Fixing claims ----------------------------------------------------------------


def _back(request, article_id: int, claim_id: int | None = None, *, failed: bool = False):
    """To `next` when it is a safe address on this site, else to the article at the claim,
    with the claim's tools open again after a failure (fresh version, ready to retry)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    url = reverse("claims:article", args=[article_id])
    if claim_id is None:
        return redirect(url)
    return redirect(f"{url}?fix={claim_id}#claim-{claim_id}" if failed else f"{url}#claim-{claim_id}")


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _conflict(request, exc: ConflictError) -> None:
    """The service's message, and who changed what meanwhile; the page then shows the fresh state."""
    messages.error(request, str(exc))
    if exc.changes:
        done = ", ".join(
            f"{action_label(e)} ({e.actor.get_username() if e.actor else _('system')})" for e in exc.changes
        )
        messages.info(request, _("Changes since you opened the page: %(changes)s.") % {"changes": done})


def _fix(request, pk: int, form_class, action, success: str):
    """The shape every fix shares: the claim (404, 403 unless the user may edit it), the
    form, the service, a message, back to the article."""
    claim = get_claim(request, pk, for_edit=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, claim.article_id, claim.pk, failed=True)
    try:
        action(claim, form.cleaned_data)
    except ConflictError as exc:
        _conflict(request, exc)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
        return _back(request, claim.article_id, claim.pk)
    return _back(request, claim.article_id, claim.pk, failed=True)


@newsroom_required
@require_POST
def claim_edit(request, pk):
    return _fix(
        request,
        pk,
        ClaimEditForm,
        lambda claim, d: review.claim_edit(
            claim=claim,
            by=request.user,
            version=d["version"],
            text=d["text"],
            checkworthy_flag=d["checkworthy"],
        ),
        _("Claim saved."),
    )


@newsroom_required
@require_POST
def claim_split(request, pk):
    return _fix(
        request,
        pk,
        ClaimSplitForm,
        lambda claim, d: review.claim_split(
            claim=claim,
            at=d["at"],
            by=request.user,
            version=d["version"],
        ),
        _("Claim split in two."),
    )


@newsroom_required
@require_POST
def claim_merge(request, pk):
    return _fix(
        request,
        pk,
        ClaimMergeForm,
        lambda claim, d: review.claim_merge(
            claim=claim,
            other_id=d["other"],
            by=request.user,
            version=d["version"],
            other_version=d["other_version"],
        ),
        _("Claims merged."),
    )


@newsroom_required
@require_POST
def claim_discard(request, pk):
    return _fix(
        request,
        pk,
        ClaimDiscardForm,
        lambda claim, d: review.claim_discard(
            claim=claim,
            reason=d["reason"],
            note=d["note"],
            by=request.user,
            version=d["version"],
        ),
        _("Claim discarded."),
    )


@newsroom_required
@require_POST
def claim_restore(request, pk):
    return _fix(
        request,
        pk,
        ClaimRestoreForm,
        lambda claim, d: review.claim_restore(
            claim=claim,
            by=request.user,
            version=d["version"],
        ),
        _("Claim restored."),
    )


@newsroom_required
@require_POST
def claim_add(request, pk):
    require_reviewer(request)
    article = get_article(request, pk)
    form = ClaimAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, article.pk)
    d = form.cleaned_data
    try:
        claim = review.claim_add(article=article, by=request.user, start=d["start"], end=d["end"], text=d["text"])
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return _back(request, article.pk)
    messages.success(request, _("Claim added and assigned to you."))
    return _back(request, article.pk, claim.pk)
