"""Query pieces the selectors share."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Snapshot


def count_related(rows: QuerySet, fk: str) -> Coalesce:
    """How many of `rows` point at the outer row through `fk`, as a correlated subquery.

    Not Count() over a JOIN: that GROUP BY would weigh on a page's COUNT(*) too (every row
    joined to every related row) and multiply the other counts, whereas a subquery runs
    for the rows of the page only, each an index scan on the foreign key.
    """
    counted = rows.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def latest_snapshot(column: str, source: str = "pk") -> Subquery:
    """A column of the newest archive fetch of the source the outer row names (`source`:
    the outer row's field holding the source id), so a source fetched every day for years
    is still one row."""
    return Subquery(Snapshot.objects.filter(source=OuterRef(source)).order_by("-fetched_at", "-id").values(column)[:1])
