"""The claim page: what the workers found, the verdict form, the editor's decision, history.

Views translate the services' exceptions: PermissionDenied stays a 403, WorkflowError
becomes a form error (nothing saved), ConflictError re-renders the form with the user's
values beside what was saved meanwhile (status 409), never a silent overwrite.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..forms.queue import AssignForm
from ..forms.review import (
    ApproveForm,
    SendBackForm,
    VerdictForm,
    parse_adopt,
    source_formset,
    source_inputs,
    with_source_row,
)
from ..models import Verdict, VerdictSource
from ..selectors import claim_page, history
from ..selectors.queue import cached_reviewers, next_claim_for
from ..services import review, verdicts
from ..services.review import ConflictError, WorkflowError
from ..services.verdicts import SourceInput
from .access import get_claim, newsroom_required, require_editor, require_reviewer
from .checks import checks_summary
from .queue import assigned_message

SIGNAL_LABELS = (
    ("numbers", gettext_lazy("Numbers")),
    ("entities", gettext_lazy("Entities")),
    ("attribution", gettext_lazy("Attribution")),
    ("hedges", gettext_lazy("Hedges")),
    ("quotes", gettext_lazy("Quotes")),
    ("mismatch", gettext_lazy("Headline and article differ")),  # headline claims only
)


def _signals(claim) -> list[tuple[str, list[str]]]:
    signals = claim.signals if isinstance(claim.signals, dict) else {}
    rows = []
    for key, label in SIGNAL_LABELS:
        if key == "mismatch":
            items = [_("Headline says %(headline)s, the article %(body)s") % m for m in signals.get(key) or []]
        else:
            items = [item.get("text", "") if isinstance(item, dict) else str(item) for item in signals.get(key) or []]
        if items:
            rows.append((label, items))
    return rows


def _verdict_initial(verdict, page) -> tuple[dict, list[dict]]:
    seen = {"seen_history": page.latest_history_id}
    if verdict is None:
        return {**seen, "as_of": timezone.localdate()}, []
    initial = {
        **seen,
        "rating": verdict.rating_id,
        "confidence": verdict.confidence,
        "explanation": verdict.explanation,
        "as_of": verdict.as_of,
        "version": verdict.version,
    }
    rows = [
        {"url": vs.source.url, "title": vs.title, "quote": vs.quote, "stance": vs.stance} for vs in page.verdict_sources
    ]
    return initial, rows


def _render(
    request,
    claim,
    *,
    verdict_form=None,
    sources=None,
    approve_form=None,
    send_back_form=None,
    conflict=None,
    status=200,
):
    """The claim page; the POST views pass their bound forms back to show errors or conflicts."""
    user = request.user
    editable = review.may_edit(claim, user)
    # A conflict keeps the loser's form, filled in, even when they may no longer save it (a
    # colleague took the unassigned claim by saving first): their text is never lost.
    kept = verdict_form is not None and conflict is not None
    page = claim_page.claim_page_data(claim, with_ratings=editable and verdict_form is None)
    verdict = page.verdict
    if editable and verdict_form is None:
        initial, rows = _verdict_initial(verdict, page)
        verdict_form = VerdictForm(initial=initial, ratings=page.ratings)
        sources = source_formset(initial=rows)
    own_submitted = (
        verdict is not None
        and verdict.state == Verdict.State.SUBMITTED
        and review.can_approve(user)
        and verdict.saved_by(user)
    )
    deciding = (
        verdict is not None
        and verdict.state == Verdict.State.SUBMITTED
        and review.can_approve(user)
        and not own_submitted
    )
    if deciding:
        approve_form = approve_form or ApproveForm(initial={"version": verdict.version})
        send_back_form = send_back_form or SendBackForm(initial={"version": verdict.version})
    else:
        # A refusal for a decision the page no longer offers (the verdict moved on, or the
        # editor wrote it) still has to reach the editor.
        for form in (approve_form, send_back_form):
            for error in form.non_field_errors() if form is not None else ():
                messages.error(request, error)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "nav": "queue",
            "claim": claim,
            "page": page,
            "verdict": verdict,
            "editable": editable,
            "verdict_form": verdict_form if editable or kept else None,
            "sources": sources if editable or kept else None,
            "can_save": editable,
            "approve_form": approve_form,
            "send_back_form": send_back_form,
            "deciding": deciding,
            "own_submitted": own_submitted,
            "conflict": conflict,
            "signals": _signals(claim),
            "checks": checks_summary(claim.verification_state, len(page.matches), len(page.evidence)),
            "can_review": review.can_review(user),
            "can_assign": review.can_assign(user),
            "reviewers": cached_reviewers() if review.can_assign(user) else [],
            "locked": claim.status in review.LOCKED_STATUSES,
            # The service lets reviewers take free claims; only editors take a colleague's.
            "can_take": claim.assignee_id != user.pk and (claim.assignee_id is None or review.can_assign(user)),
        },
        status=status,
    )


@newsroom_required
def claim_detail(request, pk):
    return _render(request, get_claim(request, pk))


@newsroom_required
@require_POST
def claim_assign(request, pk):
    claim = get_claim(request, pk)
    require_reviewer(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("claims:claim", pk=claim.pk)
    try:
        assignee = review.resolve_assignee(by=request.user, choice=form.choice())
        n = review.claim_assign(claim_ids=[claim.pk], assignee=assignee, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        assigned_message(request, n, 1, assignee)
    return redirect("claims:claim", pk=claim.pk)


# --- The verdict form ------------------------------------------------------------------------


def _suggestion(claim, kind: str, pk: int) -> SourceInput:
    """A finding of this claim's page as a source row (only this claim's findings are found)."""
    if kind == "factcheck":
        match = claim_page.claim_factcheck_match(claim, pk)
        if match is not None:
            fc = match.factcheck
            title = " — ".join(x for x in (fc.author_name, fc.rating_name) if x) or fc.claim_reviewed[:200]
            return SourceInput(fc.url, title, fc.claim_reviewed, VerdictSource.Stance.CONTEXT)
    elif kind == "evidence":
        match = claim_page.claim_evidence(claim, pk)
        if match is not None:
            stance = match.stance if match.stance in VerdictSource.Stance.values else VerdictSource.Stance.CONTEXT
            doc = match.passage.document
            return SourceInput(doc.source_url, doc.title, match.passage.text, stance)
    elif kind == "source":
        source = claim_page.claim_source(claim, pk)
        if source is not None:
            return SourceInput(source.url, source.title or source.snap_title or "", "", VerdictSource.Stance.CONTEXT)
    raise Http404


def _verdict_values(form) -> dict:
    data = form.cleaned_data
    return {
        "rating": data.get("rating"),
        "confidence": data.get("confidence"),
        "explanation": data.get("explanation") or "",
        "as_of": data.get("as_of"),
    }


@newsroom_required
@require_POST
def verdict_save(request, pk):
    claim = get_claim(request, pk)
    # Only the role here: whether this person may still edit this claim is decided by the
    # service after its version check, so a stale form shows what changed (a colleague
    # took the claim, submitted it...) rather than a bare refusal.
    if not review.can_review(request.user):
        raise PermissionDenied
    ratings = claim_page.active_ratings()
    data, adopted = request.POST, None
    if request.POST.get("adopt"):
        parsed = parse_adopt(request.POST["adopt"])
        if parsed is None:
            raise Http404
        adopted = _suggestion(claim, *parsed)
        data = with_source_row(data, adopted)
    form, sources = VerdictForm(data, ratings=ratings), source_formset(data)
    action = request.POST.get("action") if adopted is None else "save"
    submitting = action == "submit"
    # Both validated, never one after the other: every problem shows at once, next to its field.
    valid = [form.is_valid(), sources.is_valid()]
    if adopted is not None and not adopted.url:
        # A library document without a public address: the row is in the form (its URL
        # field marked), the reviewer adds the URL and saves; nothing is saved without it.
        messages.info(request, _("This document has no public URL: add one to the new source row, then save."))
        return _render(request, claim, verdict_form=form, sources=sources)
    if submitting:
        _submit_problems(form, sources)
    if not all(valid) or form.errors or getattr(sources, "problem", ""):
        return _render(request, claim, verdict_form=form, sources=sources)
    if action == "save_next" and _untouched(form, sources):
        # Passing over a claim nobody started: nothing to save, and the claim is not taken.
        return _open_next(request, claim)
    try:
        verdicts.verdict_save(
            claim=claim,
            by=request.user,
            version=form.cleaned_data["version"],
            sources=source_inputs(sources),
            submit=submitting,
            **_verdict_values(form),
        )
    except (WorkflowError, ConflictError) as exc:
        claim.refresh_from_db()
        if claim.status in review.LOCKED_STATUSES and (
            isinstance(exc, WorkflowError) or getattr(exc.current, "author_id", None) == request.user.pk
        ):
            # Typically a second click on "Submit": say so, not a conflict with oneself.
            messages.error(request, _("This verdict awaits approval or is approved: it cannot be edited now."))
            return redirect("claims:claim", pk=claim.pk)
        if isinstance(exc, ConflictError):
            return _verdict_conflict(request, claim, form, sources, ratings, exc)
        form.add_error(None, str(exc))
        return _render(request, claim, verdict_form=form, sources=sources)
    # Post, then redirect: a reload of the page that follows never saves twice.
    if adopted is not None:
        messages.success(request, _("Source added to the draft."))
    elif submitting:
        messages.success(request, _("Verdict submitted for approval."))
    else:
        messages.success(request, _("Draft saved."))
    if action == "save_next":
        return _open_next(request, claim)
    return redirect(reverse("claims:claim", args=[claim.pk]) + "#verdict")


def _open_next(request, claim):
    following = next_claim_for(request.user, after=claim)
    if following is None:
        messages.info(request, _("Nothing else is waiting in your queue."))
        return redirect("claims:my_work")
    return redirect(reverse("claims:claim", args=[following]) + "#verdict")


def _untouched(form, sources) -> bool:
    """A form for a new verdict left as it came (the "as of" date is filled in for the user)."""
    data = form.cleaned_data
    return (
        data.get("version") is None
        and data.get("rating") is None
        and data.get("confidence") is None
        and not (data.get("explanation") or "").strip()
        and not source_inputs(sources)
    )


def _submit_problems(form, sources) -> None:
    """What submitting still needs (the service's rule), as errors next to the fields that
    have no error of their own yet; the sources' one goes above the source rows."""
    data = form.cleaned_data
    problems = verdicts.submit_problems(
        rating=data.get("rating"),
        confidence=data.get("confidence"),
        explanation=data.get("explanation") or "",
        has_sources=any(row.has_url() for row in sources.forms),
    )
    for name, problem in problems.items():
        message = _("Before submitting: %(list)s.") % {"list": problem}
        if name == "sources":
            sources.problem = message
        elif name not in form.errors:
            form.add_error(name, message)


def _verdict_conflict(request, claim, form, sources, ratings, exc: ConflictError):
    """The user's values stay in the form; the box shows who changed what meanwhile and the
    saved values beside theirs; the form now carries the current version, so saving again
    overwrites knowingly."""
    current = exc.current if isinstance(exc.current, Verdict) else None
    changes = history.changes_since(exc.changes, form.cleaned_data.get("seen_history"))
    prefetch_related_objects(changes, "actor")
    data = form.data.copy()
    data["version"] = str(current.version) if current else ""
    data["seen_history"] = str(max([form.cleaned_data.get("seen_history") or 0, *(e.pk for e in exc.changes)]))
    mine = _verdict_values(form)
    mine["sources"] = source_inputs(sources)
    saved = None
    if current is not None:
        saved = {
            **{k: getattr(current, k) for k in ("rating", "confidence", "explanation", "as_of")},
            "sources": [
                SourceInput(vs.source.url, vs.title, vs.quote, vs.stance)
                for vs in current.sources.select_related("source")
            ],
        }
    new_form = VerdictForm(data, ratings=ratings)
    new_form.is_valid()
    conflict = {"changes": changes, "saved": saved, "mine": mine, "version": current.version if current else None}
    new_sources = source_formset(data)
    new_sources.is_valid()
    return _render(request, claim, verdict_form=new_form, sources=new_sources, conflict=conflict, status=409)


# --- The editor's decision --------------------------------------------------------------------


def _submitted_verdict(claim) -> Verdict:
    verdict = verdicts.current_verdict(claim)
    if verdict is None:
        raise Http404
    return verdict


def _decide(request, pk, form_class, decide, done_message, form_key):
    claim = get_claim(request, pk)
    require_editor(request)
    verdict = _submitted_verdict(claim)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render(request, claim, **{form_key: form})
    try:
        decide(
            verdict=verdict, by=request.user, version=form.cleaned_data["version"], comment=form.cleaned_data["comment"]
        )
    except WorkflowError as exc:
        form.add_error(None, str(exc))
        return _render(request, claim, **{form_key: form})
    except ConflictError as exc:
        changes = history.describe(exc.changes)
        prefetch_related_objects(changes, "actor")
        messages.error(request, str(exc))
        # The editor's comment stays; the form now names the version they are looking at.
        form = form_class({**form.cleaned_data, "version": exc.current.version})
        return _render(
            request,
            claim,
            conflict={"changes": changes, "saved": None, "mine": None, "version": exc.current.version},
            status=409,
            **{form_key: form},
        )
    messages.success(request, done_message)
    return redirect("claims:claim", pk=claim.pk)


@newsroom_required
@require_POST
def verdict_approve(request, pk):
    return _decide(request, pk, ApproveForm, verdicts.verdict_approve, _("Verdict approved."), "approve_form")


@newsroom_required
@require_POST
def verdict_send_back(request, pk):
    return _decide(
        request, pk, SendBackForm, verdicts.verdict_send_back, _("Verdict sent back to the reviewer."), "send_back_form"
    )
