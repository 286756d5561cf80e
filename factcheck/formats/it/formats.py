# Days without a leading zero; names in lower case come from the catalogue (see __init__).
from django.conf.locale.it.formats import (  # noqa: F401 (what people type stays as Django reads it)
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    NUMBER_GROUPING,
    THOUSAND_SEPARATOR,
)

DATE_FORMAT = "j F Y"  # 11 marzo 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 11 marzo 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # marzo 2026
MONTH_DAY_FORMAT = "j F"  # 11 marzo
SHORT_DATE_FORMAT = "d/m/Y"  # 11/03/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 11/03/2026 14:30
