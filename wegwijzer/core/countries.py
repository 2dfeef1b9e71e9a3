"""Country facts the checklist needs. Travel advice and Erasmus+ groups come with their features."""

from django_countries import countries

# EU member states, the other EEA states (Iceland, Liechtenstein, Norway) and Switzerland:
# inside this area a Dutch student needs no visa or work permit.
EEA_AND_SWITZERLAND = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "CH",
    ]
)


def in_eea_or_switzerland(country_code: object) -> bool:
    return str(country_code).upper() in EEA_AND_SWITZERLAND


def country_name(country_code: object) -> str:
    """The country's name in the active language (a CountryField value or a code)."""
    return str(countries.name(str(country_code)))
