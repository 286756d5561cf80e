"""Numbers as the reader's language writes them (0,94 in Italian, 0.94 in English)."""

from django.template.defaultfilters import floatformat


def score(value: float) -> str:
    # floatformat rounds (0.9386 -> 0,94) and localises; number_format alone truncates.
    return str(floatformat(value, 2))
