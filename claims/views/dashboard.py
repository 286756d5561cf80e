"""The editors' dashboard: the figures of claims.selectors.dashboard, as tables and as charts."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import charts
from ..selectors import dashboard as stats
from ..selectors.queue import cached_reviewers
from .access import newsroom_required, require_editor


@newsroom_required
def dashboard(request):
    # Send-back rates per person are the editors' business, not the reviewers'.
    require_editor(request)
    period = stats.period(stats.period_days(request.GET.get("days")))
    statuses, untouched = stats.claims_by_status()
    ratings = stats.verdicts_by_rating()
    loads = stats.reviewer_loads(cached_reviewers())
    days = stats.throughput(period)
    reviews = stats.send_backs(period)
    precision = stats.match_precision()
    nothing = _("Nothing to show yet.")
    return render(
        request,
        "claims/dashboard.html",
        {
            "nav": "dashboard",
            "period": period,
            "periods": stats.PERIODS,
            "precision": precision,
            # The figures: every one of them is shown in a table.
            "statuses": statuses,
            "untouched": untouched,
            "ratings": ratings,
            "loads": loads,
            "days": days,
            # The table reads from today backwards: what a morning look is for.
            "days_newest_first": days[::-1],
            "totals": stats.totals(days),
            "reviews": reviews,
            "review_tables": [
                (_("Per editor: their decisions"), reviews.editors, _("Editor")),
                (_("Per reviewer: decisions on their verdicts"), reviews.reviewers, _("Reviewer")),
            ],
            # The same figures drawn.
            "status_chart": charts.bar_chart(
                [(b.label, b.n) for b in statuses],
                title=_("Claims by status"),
                chart_id="chart-status",
                empty_text=nothing,
            ),
            "rating_chart": charts.bar_chart(
                [(b.label, b.n) for b in ratings],
                title=_("Verdicts by rating"),
                chart_id="chart-rating",
                empty_text=nothing,
            ),
            "load_chart": charts.bar_chart(
                [(load.label, load.total) for load in loads],
                title=_("Open work per reviewer"),
                chart_id="chart-load",
                empty_text=_("Nobody has claims assigned."),
            ),
            "throughput_chart": charts.daily_chart(
                [d.day for d in days],
                [
                    (_("Submitted for approval"), [d.submitted for d in days]),
                    (_("Approved"), [d.approved for d in days]),
                    (_("Published"), [d.published for d in days]),
                ],
                title=_("Verdicts per day"),
                chart_id="chart-throughput",
                empty_text=_("Nothing was submitted, approved or published in this period."),
            ),
        },
    )
