# Day before month, month in words: read the same way on both sides of the Atlantic.
from django.conf.locale.en.formats import (  # noqa: F401 (what people type stays as Django reads it)
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    NUMBER_GROUPING,
    THOUSAND_SEPARATOR,
    TIME_INPUT_FORMATS,
)

DATE_FORMAT = "j F Y"  # 11 March 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 11 March 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"  # 11 March
SHORT_DATE_FORMAT = "j M Y"  # 11 Mar 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 11 Mar 2026, 14:30
