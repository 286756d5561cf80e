"""The rating scale: the values verdicts are given. Admins shape it (the admin console is
its page); the API lists it."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Rating
from ..selectors.common import RATINGS_KEY
from .access import require


def rating_save(*, rating: Rating, by) -> Rating:
    """Create or change a value of the scale. A key is chosen once and never renamed: the
    API names ratings by it and clients store it. Values in use are retired (active off),
    never removed, so verdicts keep their rating."""
    creating = rating.pk is None
    require(by.has_perm("claims.add_rating" if creating else "claims.change_rating"))
    if not creating:
        stored_key = Rating.objects.filter(pk=rating.pk).values_list("key", flat=True).first()
        if stored_key is not None and stored_key != rating.key:
            raise ValidationError({"key": "A rating's key cannot change."})
    rating.full_clean()
    with transaction.atomic():
        rating.save()
        transaction.on_commit(lambda: cache.delete(RATINGS_KEY))
    return rating
