"""The article's cleaned text with its claims highlighted, built in Python.

Each piece of text is escaped on its own and wrapped in an element carrying its offset in
the cleaned text (data-offset), so article.js can turn a selection into the start/end
offsets the service expects, whatever the highlighting around it. Built here rather than
in a template because the text is shown with `white-space: pre-wrap`: whitespace a
template adds between tags would show in the article and put the offsets out of step.
"""

from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..display import show_text
from ..models import Claim
from .checks import ChecksSummary
from .numbers import score


@dataclass(frozen=True)
class Segment:
    offset: int
    text: str
    claim: Claim | None


def segments(text: str, claims) -> list[Segment]:
    """The text cut at the claims' spans, in order, covering it exactly once.

    Spans are clamped to the text. Marks cannot nest, so a span overlapping the one before
    starts where that one ends, and a span left empty (out of range, or inside the one
    before) is not highlighted: the claim is still listed in the table below the text.
    """
    size, cursor, out = len(text), 0, []
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.pk)):
        start, end = min(max(claim.start, cursor), size), min(claim.end, size)
        if end <= start:
            continue
        if start > cursor:
            out.append(Segment(cursor, text[cursor:start], None))
        out.append(Segment(start, text[start:end], claim))
        cursor = end
    if cursor < size:
        out.append(Segment(cursor, text[cursor:], None))
    return out


def mark_classes(claim: Claim, current: bool = False) -> str:
    """The classes of a claim's mark (app.css): its status, whether it is check-worthy,
    its verification state, whether its tools are open. article.js updates the first three."""
    classes = ["claim", f"status-{claim.status}", f"verif-{claim.verification_state}"]
    if not claim.checkworthy:
        classes.append("notcw")
    if current:
        classes.append("current")
    return " ".join(classes)


def _labels(choices) -> dict:
    # Each lazy label translated once per page, not once per claim.
    return {k: str(v) for k, v in choices}


def highlighted(text: str, claims, *, current: int | None = None) -> SafeString:
    """The article text as HTML, marks linking to the claim page; `current` is the claim
    whose tools are open. Every piece of text and every attribute value goes through
    html.escape (what Django's escaping calls), so the joined HTML is safe as it is."""
    claim_url = reverse("claims:claim", args=[0])[:-2]
    status = _labels(Claim.Status.choices)
    parts = []
    for seg in segments(text, claims):
        if seg.claim is None:
            parts.append(f'<span data-offset="{seg.offset}">{show_text(seg.text)}</span>')
            continue
        claim = seg.claim
        # The status in words for those who cannot tell the colours apart; the table below
        # has the rest (a longer tooltip on 500 marks was a sixth of the page's weight).
        title = status.get(claim.status, "")
        parts.append(
            f'<a class="claim-link" id="mark-{claim.pk}" href="{claim_url}{claim.pk}/"><mark class="'
            f'{escape(mark_classes(claim, claim.pk == current))}" data-claim="{claim.pk}" data-offset="{seg.offset}" '
            f'title="{escape(title)}">{show_text(seg.text)}</mark></a>'
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


def claim_rows(claims, *, can_review: bool, tools: dict[int, str]) -> SafeString:
    """The claims table's rows. `tools` maps a claim id to the already rendered (safe) HTML
    of its open tools; other editable claims get a "Fix" link."""
    claim_url = reverse("claims:claim", args=[0])[:-2]
    labels = {
        name: _labels(choices)
        for name, choices in (
            ("status", Claim.Status.choices),
            ("type", Claim.Type.choices),
            ("discard", Claim.DiscardReason.choices),
        )
    }
    words = {"notcw": escape(_("not check-worthy")), "fix": escape(_("Fix"))}
    # Translated once per page; filled in per headline.
    headline_says = _("Headline says %(headline)s, the article %(body)s")
    # Each cell's column name, shown before the value when a phone turns rows into cards.
    heads = {
        k: escape(v)
        for k, v in (
            ("score", _("Score")),
            ("type", _("Type")),
            ("status", _("Status")),
            ("checks", _("Automated checks")),
            ("assigned", _("Assigned to")),
        )
    }
    checks = ChecksSummary()
    rows = []
    for claim in claims:
        discard = ""
        if claim.discard_reason:
            note = f": {claim.discard_note}" if claim.discard_note else ""
            discard = (
                f'<br><span class="small muted">{escape(labels["discard"].get(claim.discard_reason, "") + note)}</span>'
            )
        fix = ""
        if can_review:
            inner = ""
            if claim.can_edit:
                inner = tools.get(claim.pk) or (
                    f'<a class="fix-link" href="?fix={claim.pk}#claim-{claim.pk}">{words["fix"]}</a>'
                )
            fix = f'<td class="act">{inner}</td>'
        headline = claim.claim_type == Claim.Type.HEADLINE
        row_classes = [name for name, on in (("headline", headline), ("notcw", not claim.checkworthy)) if on]
        row_class = f' class="{" ".join(row_classes)}"' if row_classes else ""
        not_cw = "" if claim.checkworthy else f'<br><span class="small muted">{words["notcw"]}</span>'
        flags = "".join(
            # "Headline says 18%, the article 18,4%": the figure the headline rounds or changes,
            # with the body sentence as a tooltip.
            f'<br><span class="mismatch" title="{escape(m.get("sentence", ""))}">'
            f"{escape(headline_says % {'headline': m.get('headline', ''), 'body': m.get('body', '')})}</span>"
            for m in ((claim.signals or {}).get("mismatch") or [] if headline else [])
        )
        assignee = escape(claim.assignee.get_username()) if claim.assignee else "—"
        rows.append(
            f'<tr id="claim-{claim.pk}" data-claim="{claim.pk}"{row_class}>'
            f'<td class="pos">{claim.position + 1}</td>'
            f'<td class="text"><a href="{claim_url}{claim.pk}/">{show_text(claim.text)}</a>{flags}</td>'
            f'<td data-label="{heads["score"]}">{score(claim.score)}{not_cw}</td>'
            f'<td data-label="{heads["type"]}">{escape(labels["type"].get(claim.claim_type, ""))}</td>'
            f'<td data-label="{heads["status"]}"><span class="badge status-{escape(claim.status)}" data-field="status">'
            f"{escape(labels['status'].get(claim.status, ''))}</span>{discard}</td>"
            f'<td data-label="{heads["checks"]}"><span class="verif-{escape(claim.verification_state)}" '
            'data-field="verification">'
            f"{escape(checks(claim.verification_state, getattr(claim, 'n_matches', None), getattr(claim, 'n_evidence', None)))}"
            "</span></td>"
            f'<td data-label="{heads["assigned"]}">{assignee}</td>{fix}</tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above; tools come rendered)
