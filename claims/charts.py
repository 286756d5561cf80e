"""Simple charts as inline SVG, drawn on the server.

No JavaScript charting library and no CDN: newsroom servers may be offline, and a chart
that is plain markup prints, scales and works with scripts off. Sizes are viewBox units,
so a chart fills the width it is given. Every chart is a view of a table the page also
shows: the numbers are there as text for screen readers, copying and translation.

Every piece of text (labels come from users: a reviewer's name, an admin's rating label)
goes through _text(), which escapes it for XML and drops the characters XML forbids, so
the SVG stays well-formed and cannot carry markup. Coordinates are formatted here with
a dot, never localized (an Italian "12,5" would break the geometry); only the numbers a
person reads are localized.
"""

import math
import re
from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
ACCENT = "#1f5fbf"  # app.css --accent
INK, MUTED, GRID = "#1d232b", "#5b6573", "#d9dee5"
# Okabe-Ito colours, told apart with colour blindness; the lines also differ in dash
# pattern, so colour is never the only cue.
SERIES_STYLES = [("#0072b2", ""), ("#d55e00", "7 4"), ("#009e73", "2 3")]
# C0 controls other than tab/newline/CR, lone surrogates and U+FFFE/U+FFFF are not
# allowed anywhere in XML, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)), quote=True)


def _num(n) -> str:
    return _text(formats.number_format(n))


def _short(label: str, limit: int) -> str:
    # The full label stays in the <title> (tooltip, screen readers) and the table.
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, height: float, title: str, desc: str) -> list[str]:
    # The namespace is a name, not a reference: nothing is fetched from it. It makes the
    # chart a valid SVG document on its own (saved to a file) as well as inline in HTML.
    ident = _text(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" class="chart" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" {FONT} font-size="13" fill="{INK}">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(desc)}</desc>',
    ]


def _empty(parts: list[str], text: str, y: float) -> SafeString:
    parts.append(f'<text x="{WIDTH / 2:.0f}" y="{_f(y)}" text-anchor="middle" fill="{MUTED}">{_text(text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    bars: list[tuple[str, int]], *, title: str, chart_id: str, empty_text: str = "", color: str = ACCENT
) -> SafeString:
    """Horizontal bars, one per (label, value), in the order given."""
    label_w, value_w, row_h, bar_h, pad = 190, 56, 26, 16, 6
    height = 2 * pad + row_h * max(len(bars), 1)
    desc = "; ".join(f"{label}: {formats.number_format(n)}" for label, n in bars)
    parts = _open(chart_id, height, title, desc)
    if not bars or not any(n for _, n in bars):
        return _empty(parts, empty_text, height / 2 + 4)
    top = max(n for _, n in bars)
    scale = (WIDTH - label_w - value_w) / top
    for i, (label, n) in enumerate(bars):
        y = pad + i * row_h
        width = n * scale
        middle = y + row_h / 2
        parts.append(
            f"<g><title>{_text(label)}: {_num(n)}</title>"
            f'<text x="{label_w - 8}" y="{_f(middle + 4)}" text-anchor="end">{_text(_short(label, 26))}</text>'
            f'<rect x="{label_w}" y="{_f(middle - bar_h / 2)}" width="{_f(width)}" height="{bar_h}" rx="2" '
            f'fill="{_text(color)}"/>'
            f'<text x="{_f(label_w + width + 6)}" y="{_f(middle + 4)}">{_num(n)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _ticks(top: int) -> list[int]:
    """0 and a few round values up to at least `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0, 1]
    step = 1
    for magnitude in (10**k for k in range(0, 12)):
        step = next((m * magnitude for m in (1, 2, 5) if top / (m * magnitude) <= 5), None)
        if step:
            break
    return list(range(0, math.ceil(top / step) * step + 1, step))


def daily_chart(
    dates: list, series: list[tuple[str, list[int]]], *, title: str, chart_id: str, empty_text: str = ""
) -> SafeString:
    """One line per series over consecutive days, a marker per day (its tooltip says the
    day, the series and the number). At most three series (SERIES_STYLES)."""
    left, right, top, bottom, height = 44, 12, 34, 30, 270
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    totals = [(label, sum(values)) for label, values in series]
    desc = "; ".join(f"{label}: {formats.number_format(n)}" for label, n in totals)
    parts = _open(chart_id, height, title, desc)
    if not dates or not any(n for _, n in totals):
        return _empty(parts, empty_text, height / 2)
    ticks = _ticks(max(max(values) for _, values in series))
    step_x = plot_w / len(dates)

    def x(i: int) -> float:
        return left + (i + 0.5) * step_x

    def y(n: int) -> float:
        return top + plot_h - plot_h * n / ticks[-1]

    # Grid and axes: a light line per round value, the values on the left.
    parts.append('<g aria-hidden="true">')
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{_f(y(t))}" y2="{_f(y(t))}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{_f(y(t) + 4)}" text-anchor="end" font-size="11" fill="{MUTED}">'
            f"{_num(t)}</text>"
        )
    # About six day labels whatever the period (a month's name is long), counted back from
    # today so today has one; today's ends at the plot's edge instead of overflowing it.
    every = math.ceil(len(dates) / 6)
    for i, day in enumerate(dates):
        if (len(dates) - 1 - i) % every == 0:
            last = i == len(dates) - 1
            parts.append(
                f'<text x="{_f(x(i) + step_x / 2 if last else x(i))}" y="{height - bottom + 18}" '
                f'text-anchor="{"end" if last else "middle"}" font-size="11" fill="{MUTED}">'
                f"{_text(formats.date_format(day, 'MONTH_DAY_FORMAT'))}</text>"
            )
    parts.append("</g>")
    # Legend, top left: a sample of each line and its label.
    legend_x = left
    for (label, _values), (colour, dash) in zip(series, SERIES_STYLES):
        parts.append(
            f'<g aria-hidden="true"><line x1="{legend_x}" x2="{legend_x + 22}" y1="14" y2="14" '
            f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
            f'<text x="{legend_x + 28}" y="18">{_text(_short(label, 24))}</text></g>'
        )
        legend_x += 40 + 6.5 * len(_short(label, 24))
    for (label, values), (colour, dash) in zip(series, SERIES_STYLES):
        points = " ".join(f"{_f(x(i))},{_f(y(n))}" for i, n in enumerate(values))
        parts.append(
            f'<g><title>{_text(label)}</title><polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash}" stroke-linejoin="round"/>'
        )
        for i, (day, n) in enumerate(zip(dates, values)):
            parts.append(
                f'<circle cx="{_f(x(i))}" cy="{_f(y(n))}" r="{3 if len(dates) <= 31 else 2}" '
                f'fill="{colour}"><title>{_text(formats.date_format(day, "SHORT_DATE_FORMAT"))} · '
                f"{_text(label)}: {_num(n)}</title></circle>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
