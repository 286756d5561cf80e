"""The queue's table rows, built in Python.

The queue is the page reviewers reload all day; the template engine spent most of its
time on these 50 rows (a dozen lookups, filters and {% url %} calls each). Every value
is escaped with html.escape (what Django's escape filter calls) before it goes into the
row, so the joined rows are safe to emit as they are.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..display import show_text
from ..models import Claim
from ..services.review import LOCKED_STATUSES
from .checks import ChecksSummary
from .numbers import score

# data-label: each cell's column name, which a phone shows before the value when the
# table becomes a list of cards (app.css); screen readers keep the table's own headers.
_ROW = (
    '<tr data-href="{url}">'
    '<td class="pick"><input type="checkbox" name="claim" value="{pk}" form="bulk" aria-label="{select} {pk}"></td>'
    '<td class="text"><a href="{url}" class="open">{text}</a>{same}</td>'
    '<td class="small" data-label="{h_article}"><a href="{article_url}">{article_title}</a> '
    '<a href="?{filter_base}article={article_id}" class="muted" title="{only_article}">({filter})</a></td>'
    '<td data-label="{h_score}">{score}</td>'
    '<td class="small" data-label="{h_type}">{type}</td>'
    '<td data-label="{h_status}"><span class="badge status-{status}">{status_label}</span></td>'
    '<td class="small verif-{verification}" data-label="{h_checks}">{verification_label}</td>'
    '<td class="small" data-label="{h_assigned}">{assignee}</td>'
    '<td class="small" data-label="{h_age}"><time datetime="{created_iso}">{age}</time></td>'
    '<td class="act">{take}</td></tr>'
)


def _age(then, now) -> str:
    """ "3 days", "5 hours": timesince() resolves a dozen lazy translations per call, which
    is most of the cost of a 50-row page."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds >= 86400:
        n = seconds // 86400
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if seconds >= 3600:
        n = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    n = seconds // 60
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def queue_rows(claims, *, can_review: bool, filter_base: str) -> str:
    # URL prefixes resolved once, not once a row.
    claim_url = reverse("claims:claim", args=[0])[:-2]
    article_url = reverse("claims:article", args=[0])[:-2]
    # Labels translated once (str() of each lazy label), not once a row.
    labels = {
        "status": {k: str(v) for k, v in Claim.Status.choices},
        "type": {k: str(v) for k, v in Claim.Type.choices},
    }
    words = {
        "select": _("Select claim"),
        "only_article": _("Only this article's claims"),
        "filter": _("filter"),
        "take": _("Take"),
        "h_article": _("Article"),
        "h_score": _("Score"),
        "h_type": _("Type"),
        "h_status": _("Status"),
        "h_checks": _("Automated checks"),
        "h_assigned": _("Assigned"),
        "h_age": _("Age"),
        "linked": _("linked: the same claim as #%(id)s"),
        "same_claim": _("the same claim as #%(id)s"),
        "fact_checked": _("fact-checked before: %(rating)s"),
    }
    words = {k: escape(v) for k, v in words.items()}
    filter_base = escape(filter_base)
    nobody = '<span class="muted">—</span>'
    now = timezone.now()
    checks = ChecksSummary()
    take_button = (
        '<button type="submit" form="take" name="claim" value="{}" class="take">' + words["take"] + "</button>"
    )

    def same(claim) -> str:
        """What the matcher is sure the claim repeats, under its text (a link to the claim)."""
        if claim.same_as_id:
            text, pk = words["linked"] % {"id": claim.same_as_id}, claim.same_as_id
        elif getattr(claim, "same_claim_id", None):
            text, pk = words["same_claim"] % {"id": claim.same_claim_id}, claim.same_claim_id
        elif getattr(claim, "same_factcheck_rating", None):
            rating = escape(claim.same_factcheck_rating)
            return f'<br><span class="badge level-same small">{words["fact_checked"] % {"rating": rating}}</span>'
        else:
            return ""
        return f'<br><a class="badge level-same small" href="{claim_url}{pk}/">{text}</a>'

    def row(claim):
        assignee = claim.assignee
        take = ""
        if can_review and assignee is None and claim.status not in LOCKED_STATUSES:
            take = take_button.format(claim.pk)
        return _ROW.format(
            url=f"{claim_url}{claim.pk}/",
            pk=claim.pk,
            select=words["select"],
            text=show_text(_shorten(claim.text, 180)),
            same=same(claim),
            article_url=f"{article_url}{claim.article.pk}/",
            article_title=escape(_shorten(claim.article.title or str(claim.article.pk), 60)),
            filter_base=filter_base,
            article_id=claim.article.pk,
            only_article=words["only_article"],
            filter=words["filter"],
            score=score(claim.score),
            type=escape(labels["type"].get(claim.claim_type, "")),
            status=escape(claim.status),
            status_label=escape(labels["status"].get(claim.status, claim.status)),
            verification=escape(claim.verification_state),
            verification_label=escape(
                checks(claim.verification_state, getattr(claim, "n_matches", None), getattr(claim, "n_evidence", None))
            ),
            assignee=escape(assignee.get_full_name() or assignee.get_username()) if assignee else nobody,
            created_iso=claim.created_at.isoformat(),
            age=escape(_age(claim.created_at, now)),
            take=take,
            **{k: v for k, v in words.items() if k.startswith("h_")},
        )

    # Every value above went through escape(); ids and numbers are ints and floats.
    return mark_safe("\n".join(row(claim) for claim in claims))  # noqa: S308
