"""Query pieces the selectors share."""

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import ClaimMatch, EvidenceMatch, Rating, Snapshot


def count_related(rows: QuerySet, fk: str) -> Coalesce:
    """How many of `rows` point at the outer row through `fk`, as a correlated subquery.

    Not Count() over a JOIN: that GROUP BY would weigh on a page's COUNT(*) too (every row
    joined to every related row) and multiply the other counts, whereas a subquery runs
    for the rows of the page only, each an index scan on the foreign key.
    """
    counted = rows.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_finding_counts(claims: QuerySet) -> QuerySet:
    """Each claim's earlier fact-checks found and evidence passages found (n_matches,
    n_evidence): what "Checks done: 2 matches, 0 evidence" counts. Subqueries, so they run
    for the rows of a page only and a COUNT(*) of the queue leaves them out."""
    return claims.annotate(
        n_matches=count_related(ClaimMatch.objects, "claim"),
        n_evidence=count_related(EvidenceMatch.objects, "claim"),
    )


def latest_snapshot(column: str, source: str = "pk") -> Subquery:
    """A column of the newest archive fetch of the source the outer row names (`source`:
    the outer row's field holding the source id), so a source fetched every day for years
    is still one row."""
    return Subquery(Snapshot.objects.filter(source=OuterRef(source)).order_by("-fetched_at", "-id").values(column)[:1])


RATINGS_KEY = "rating-scale"
RATINGS_TTL = 300


def rating_scale() -> list:
    """Every value of the rating scale, retired ones too (old verdicts and history name them),
    kept in the cache: pages show rating labels all day and the scale changes rarely
    (claims.services.ratings.rating_save clears it)."""
    return cache.get_or_set(RATINGS_KEY, lambda: list(Rating.objects.order_by("position", "id")), RATINGS_TTL)
