"""English for a reader at a Dutch school: the day before the month, as in the Dutch pages
("14 December 2026", "14 Dec 2026"), and the 24-hour clock. Date inputs are the browser's
date picker, which sends ISO dates whatever the language."""

DATE_FORMAT = "j F Y"  # 14 December 2026
TIME_FORMAT = "H:i"  # 15:23
DATETIME_FORMAT = "j F Y H:i"  # 14 December 2026 15:23
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 14 December
SHORT_DATE_FORMAT = "j M Y"  # 14 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 14 Dec 2026 15:23
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-14, what the date picker sends
    "%d-%m-%Y",  # 14-12-2026
    "%d/%m/%Y",  # 14/12/2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d-%m-%Y %H:%M",
]
