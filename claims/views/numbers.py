"""Numbers as the reader's language writes them (0,94 in Italian, 0.94 in English)."""

from django.utils.formats import number_format


def score(value: float) -> str:
    return number_format(value, 2)
