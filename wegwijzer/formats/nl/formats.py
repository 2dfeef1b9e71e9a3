"""Dutch dates and numbers as a Dutch school writes them; what is not here is Django's.

Django's Dutch formats already write months in full and in lower case ("14 oktober
2026"); a short date is "14 okt 2026" (the "b" format: lower case, no dot), never "Okt".
"""

SHORT_DATE_FORMAT = "j b Y"  # 14 okt 2026
SHORT_DATETIME_FORMAT = "j b Y H:i"  # 14 okt 2026 15:23
