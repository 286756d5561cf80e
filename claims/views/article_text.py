"""The article's cleaned text with its claims highlighted, built in Python.

Each piece of text is escaped on its own and wrapped in an element carrying its offset in
the cleaned text (data-offset), so article.js can turn a selection into the start/end
offsets the service expects, whatever the highlighting around it. Built here rather than
in a template because the text is shown with `white-space: pre-wrap`: whitespace a
template adds between tags would show in the article and put the offsets out of step.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import Claim


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


def highlighted(text: str, claims, *, current: int | None = None) -> SafeString:
    """The article text as HTML: every piece escaped by format_html, marks linking to the
    claim page; `current` is the claim whose tools are open."""

    def piece(seg: Segment):
        if seg.claim is None:
            return format_html('<span data-offset="{}">{}</span>', seg.offset, seg.text)
        claim = seg.claim
        return format_html(
            '<a class="claim-link" id="mark-{}" href="{}"><mark class="{}" data-claim="{}" data-offset="{}" '
            'title="{}">{}</mark></a>',
            claim.pk, reverse("claims:claim", args=[claim.pk]), mark_classes(claim, claim.pk == current), claim.pk, seg.offset,
            f"#{claim.position + 1} · {claim.get_status_display()} · {claim.get_verification_state_display()}",
            seg.text,
        )

    return format_html_join("", "{}", ((piece(seg),) for seg in segments(text, claims)))
