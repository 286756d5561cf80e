"""The reviewer's work on claims: assigning them and fixing the machine's work (edit,
split, merge, discard, restore, add). Who may do what is services/access.py's; every
change is recorded in the claim's history.
"""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from ..extraction.pipeline import assess
from ..models import Article, Claim, HistoryEntry
from . import verification
from .access import (
    LOCKED_STATUSES,
    ConflictError,
    WorkflowError,
    can_approve,
    can_assign,
    can_review,
    can_view,
    may_edit,
    require,
)
from .history import Action, diff, record

__all__ = [
    "LOCKED_STATUSES",
    "ConflictError",
    "WorkflowError",
    "can_approve",
    "can_assign",
    "can_review",
    "can_view",
    "claim_add",
    "claim_assign",
    "claim_discard",
    "claim_edit",
    "claim_merge",
    "claim_restore",
    "claim_split",
    "may_edit",
    "require",
    "resolve_assignee",
]

Status = Claim.Status
MAX_CLAIM_CHARS = 10_000


def _lock(claim: Claim, version: int | None) -> Claim:
    """Lock the claim row; refuse when the user's form shows an older version."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if version is not None and locked.version != int(version):
        # The people's latest changes (workers' bookkeeping left out): what the user missed.
        raise ConflictError(
            locked,
            list(
                HistoryEntry.objects.filter(claim=locked, actor__isnull=False)
                .select_related("actor")
                .order_by("-created_at")[:10]
            ),
        )
    return locked


def _rescore(text: str, lang: str) -> dict:
    """The machine's reading of a claim's new text: score, type and signals. Also `checkworthy`,
    by the extraction's rules (hard rules, threshold), for callers that let the flag follow it."""
    score, ctype, sigs, reason = assess([text], lang or "xx")[0]
    return {"score": round(score, 4), "signals": sigs, "claim_type": ctype, "checkworthy": not reason}


def _rescore_keeping_flag(text: str, lang: str) -> dict:
    values = _rescore(text, lang)
    del values["checkworthy"]
    return values


# --- Assigning ------------------------------------------------------------------------

ME = "me"


def resolve_assignee(*, by, choice):
    """Whom an assignment names: "me" is the user acting, None nobody, else an active user's
    id (an unknown or inactive one is refused). Pages, API and admin say it the same way."""
    if choice == ME:
        return by
    if choice in (None, ""):
        return None
    try:
        pk = int(choice)
    except (TypeError, ValueError):
        pk = 0
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk > 0 else None
    if user is None:
        raise WorkflowError(_("That user does not exist or is not active."))
    return user


def claim_assign(*, claim_ids, assignee, by) -> int:
    """Assign claims (None: unassign). Reviewers may take free claims for themselves and give
    back their own; assigning to others, or taking a colleague's claim away, needs the
    assign permission. Claims awaiting approval keep their reviewer."""
    to_self = assignee is not None and assignee.pk == by.pk
    giving_back = assignee is None
    require(can_assign(by) or ((to_self or giving_back) and can_review(by)))
    if assignee is not None and not can_review(assignee):
        raise WorkflowError(_("%(user)s is not a reviewer.") % {"user": assignee.get_username()})
    n = 0
    with transaction.atomic():
        for claim in Claim.objects.select_for_update().filter(pk__in=list(claim_ids)).order_by("pk"):
            if claim.assignee_id == (assignee.pk if assignee else None) or claim.status in LOCKED_STATUSES:
                continue
            if not can_assign(by) and claim.assignee_id not in (None, by.pk):
                continue  # a reviewer does not take a claim away from a colleague, nor give it back for them
            before = claim.assignee
            claim.apply_change(assignee=assignee)
            record(claim, by, Action.ASSIGNED, changes=diff({"assignee": before}, {"assignee": assignee}))
            n += 1
    return n


# --- Fixing the machine's work ------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise WorkflowError(_("The claim text is empty."))
    if len(text) > MAX_CLAIM_CHARS:
        raise WorkflowError(_("A claim is at most %(n)d characters.") % {"n": MAX_CLAIM_CHARS})
    return text


def claim_edit(
    *, claim: Claim, by, version: int, text: str | None = None, checkworthy_flag: bool | None = None
) -> Claim:
    require(may_edit(claim, by))
    with transaction.atomic():
        claim = _lock(claim, version)
        require(may_edit(claim, by))
        values = {}
        if text is not None and _clean_text(text) != claim.text:
            values.update(
                text=_clean_text(text),
                origin=Claim.Origin.REVIEWER,
                **_rescore_keeping_flag(_clean_text(text), claim.language),
            )
        if checkworthy_flag is not None and checkworthy_flag != claim.checkworthy:
            values["checkworthy"] = checkworthy_flag
        if not values:
            return claim
        before = {k: getattr(claim, k) for k in values if k in ("text", "checkworthy")}
        claim.apply_change(**values)
        record(claim, by, Action.EDITED, changes=diff(before, {k: values[k] for k in before}))
        if claim.checkworthy:
            verification.runs_requeue(claim_id=claim.pk)  # new words, new research
    return claim


def _renumber(article_id: int) -> None:
    """Positions follow the text again after a split, merge or addition (two passes: the
    (article, position) pairs are unique at every moment)."""
    claims = list(
        Claim.objects.filter(article_id=article_id).order_by("start", "end", "pk").values_list("pk", flat=True)
    )
    # updated_at too: pages cache what they render from a claim until it changes.
    Claim.objects.filter(article_id=article_id).update(position=F("position") + 1_000_000, updated_at=Now())
    for position, pk in enumerate(claims):
        Claim.objects.filter(pk=pk).update(position=position, updated_at=Now())


def _new_claim(article, start: int, end: int, text: str, like: Claim | None, by) -> Claim:
    """A claim made by a reviewer. Added from the text (no `like`), it is check-worthy: the
    reviewer chose it. Split off another (`like`), its flag follows its own score."""
    lang = like.language if like else article.language
    values = _rescore(text, lang)
    if like is None:
        values["checkworthy"] = True
    return Claim.objects.create(
        article=article,
        text=text,
        start=start,
        end=end,
        # Out of the way until _renumber(), which first moves every position up by 1_000_000.
        position=2_000_000 + end,
        language=lang,
        origin=Claim.Origin.REVIEWER,
        assignee=like.assignee if like else None,
        **values,
    )


def claim_split(*, claim: Claim, at: int, by, version: int) -> tuple[Claim, Claim]:
    """Split a claim in two at a character offset of its text (a word boundary). Each part is
    scored again, and its check-worthy flag follows its own score: "…secondo gli analisti" split
    off a statistic is no claim of its own. Only check-worthy parts are researched."""
    require(may_edit(claim, by))
    with transaction.atomic():
        claim = _lock(claim, version)
        require(may_edit(claim, by))
        if claim.verdicts.exists():
            raise WorkflowError(_("This claim already has a verdict; discard it and add new claims instead."))
        text = claim.text
        at = int(at)
        if not 0 < at < len(text) or not text[:at].strip() or not text[at:].strip():
            raise WorkflowError(_("Choose a split point inside the claim."))
        # The second half starts at its first word: "…di DeepSeek, ostacolando…" split at the
        # comma gives "ostacolando…", not ", ostacolando…".
        rest = text[at:]
        skipped = len(rest) - len(rest.lstrip(" ,;:–—-\n"))
        # ...and the first part ends at its last word: no trailing comma or dash left behind.
        first_text, second_text = text[:at].strip().rstrip(" ,;:–—-").rstrip(), rest[skipped:].strip()
        if not first_text:
            raise WorkflowError(_("Choose a split point inside the claim."))
        if not second_text:
            raise WorkflowError(_("Choose a split point inside the claim."))
        article = claim.article
        if claim.origin == Claim.Origin.MACHINE and article.cleaned_text[claim.start : claim.end] == text:
            # Spans follow the text, so both halves stay highlighted in the article.
            first_end = claim.start + len(text[:at].rstrip().rstrip(" ,;:–—-").rstrip())
            spans = ((claim.start, first_end), (claim.start + at + skipped, claim.end))
        else:
            spans = ((claim.start, claim.start + len(first_text)), (claim.start + len(first_text), claim.end))
        before = claim.text
        was_checkworthy = claim.checkworthy
        claim.apply_change(
            text=first_text, end=spans[0][1], origin=Claim.Origin.REVIEWER, **_rescore(first_text, claim.language)
        )
        second = _new_claim(article, spans[1][0], spans[1][1], second_text, claim, by)
        _renumber(article.pk)
        changes = {"text": [before, first_text]}
        if claim.checkworthy != was_checkworthy:
            changes["checkworthy"] = [was_checkworthy, claim.checkworthy]
        record(claim, by, Action.SPLIT, changes=changes, note=second_text)
        record(second, by, Action.CREATED_BY_SPLIT, changes={"text": [None, second_text]}, note=f"#{claim.pk}")
        if claim.checkworthy:
            verification.runs_requeue(claim_id=claim.pk)
        if second.checkworthy:
            verification.runs_create([second])
    claim.refresh_from_db()
    second.refresh_from_db()
    return claim, second


def claim_merge(*, claim: Claim, other_id: int, by, version: int, other_version: int | None = None) -> Claim:
    """Merge a claim with the claim right after it (`other_id`); the second one is removed.

    Both versions are checked when the caller knows the second's (`other_version`), so a
    claim changed, or removed, meanwhile is not merged away unseen.
    """
    other = Claim.objects.filter(pk=other_id).first()
    if other is None:
        raise WorkflowError(_("That claim does not exist (it may have been merged or removed)."))
    if other_version is not None and other.version != int(other_version):
        raise ConflictError(other)
    require(may_edit(claim, by) and may_edit(other, by))
    with transaction.atomic():
        claim = _lock(claim, version)
        other = Claim.objects.select_for_update().get(pk=other.pk)
        if other_version is not None and other.version != int(other_version):
            raise ConflictError(other)
        require(may_edit(claim, by) and may_edit(other, by))
        if other.article_id != claim.article_id or other.position != claim.position + 1:
            raise WorkflowError(_("Only a claim and the one right after it can be merged."))
        if claim.verdicts.exists() or other.verdicts.exists():
            raise WorkflowError(_("Claims with a verdict cannot be merged."))
        cleaned = claim.article.cleaned_text
        if claim.origin == other.origin == Claim.Origin.MACHINE:
            text = " ".join(cleaned[claim.start : other.end].split())
        else:
            text = f"{claim.text} {other.text}"
        before = claim.text
        claim.apply_change(
            text=_clean_text(text),
            end=max(claim.end, other.end),
            origin=Claim.Origin.REVIEWER,
            **_rescore_keeping_flag(_clean_text(text), claim.language),
        )
        record(claim, by, Action.MERGED, changes={"text": [before, claim.text]}, note=other.text)
        other.delete()
        _renumber(claim.article_id)
        Article.objects.filter(pk=claim.article_id).update()  # touched: its pages are drawn again
        verification.runs_requeue(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def claim_discard(*, claim: Claim, reason: str, note: str = "", by, version: int) -> Claim:
    require(may_edit(claim, by))
    if reason not in Claim.DiscardReason.values:
        raise WorkflowError(_("Choose why the claim is discarded."))
    with transaction.atomic():
        claim = _lock(claim, version)
        require(may_edit(claim, by))
        if claim.status == Status.DISCARDED:
            return claim
        before = {"status": claim.status}
        claim.apply_change(status=Status.DISCARDED, discard_reason=reason, discard_note=note.strip()[:500])
        record(
            claim,
            by,
            Action.DISCARDED,
            changes={**diff(before, {"status": Status.DISCARDED}), "discard_reason": [None, reason]},
            note=note.strip(),
        )
    return claim


def claim_restore(*, claim: Claim, by, version: int) -> Claim:
    # Who may edit the claim may restore it, as on the page (a colleague's discarded claim
    # stays theirs to restore, or an editor's): the API once let any reviewer do it.
    require(may_edit(claim, by))
    with transaction.atomic():
        claim = _lock(claim, version)
        require(may_edit(claim, by))
        if claim.status != Status.DISCARDED:
            return claim
        status = Status.IN_REVIEW if claim.verdicts.exists() else Status.NEW
        claim.apply_change(status=status, discard_reason="", discard_note="")
        record(claim, by, Action.RESTORED, changes={"status": [Status.DISCARDED, status]})
    return claim


def claim_add(*, article, by, start: int | None = None, end: int | None = None, text: str = "") -> Claim:
    """A claim the machine missed: from a selection of the article's text (start, end),
    or from a sentence pasted from it (found in the text)."""
    require(can_review(by))
    cleaned = article.cleaned_text
    if start is not None and end is not None:
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(cleaned):
            raise WorkflowError(_("The selection is outside the article's text."))
        raw = cleaned[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
    else:
        # A pasted sentence: found word by word, whatever the spacing and line breaks.
        words = _clean_text(text).split()
        match = re.search(r"\s+".join(re.escape(w) for w in words), cleaned)
        if not match:
            raise WorkflowError(_("That text is not in the article. Copy it from the article as it is."))
        start, end = match.span()
    text = _clean_text(cleaned[start:end])
    with transaction.atomic():
        # One addition at a time per article: the duplicate check and the renumbering agree.
        Article.objects.select_for_update().get(pk=article.pk)
        if Claim.objects.filter(article=article, start=start, end=end).exclude(status=Status.DISCARDED).exists():
            raise WorkflowError(_("That text is already a claim."))
        claim = _new_claim(article, start, end, text, None, by)
        claim.assignee = by
        claim.save(update_fields=["assignee"])
        _renumber(article.pk)
        record(claim, by, Action.ADDED, changes={"text": [None, text]})
        verification.runs_create([claim])
    claim.refresh_from_db()
    return claim
