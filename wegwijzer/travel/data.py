"""Facts about countries that are data, not code: Erasmus+ VET groups and emergency numbers.

Erasmus+ KA1 VET receiving-country groups (they differ from higher education's groups).
Source: a national agency's published rate table, see docs reference "Erasmus+ KA1 VET";
confirm against the current Programme Guide. A country in none of them is a partner
country: the Guide's other rules apply.
"""

from wegwijzer.core.countries import EEA_AND_SWITZERLAND

_MEMBER_STATE_GROUPS: dict[str, int] = {
    **dict.fromkeys(["DK", "FI", "IS", "IE", "LI", "LU", "NO", "SE"], 1),
    **dict.fromkeys(["AT", "BE", "CY", "FR", "DE", "GR", "IT", "MT", "NL", "PT", "ES"], 2),
    **dict.fromkeys(
        ["BG", "HR", "CZ", "EE", "HU", "LV", "LT", "MK", "PL", "RO", "RS", "SK", "SI", "TR"], 3
    ),
}
# The EU's outermost regions with a country code of their own are part of their member
# state, and so of its group (the Azores, Madeira and the Canary Islands are PT and ES).
OUTERMOST_REGIONS: dict[str, str] = {
    "RE": "FR",  # Réunion
    "GP": "FR",  # Guadeloupe
    "MQ": "FR",  # Martinique
    "GF": "FR",  # French Guiana
    "YT": "FR",  # Mayotte
    "MF": "FR",  # Saint-Martin
}
ERASMUS_VET_GROUPS: dict[str, int] = _MEMBER_STATE_GROUPS | {
    region: _MEMBER_STATE_GROUPS[state] for region, state in OUTERMOST_REGIONS.items()
}
# Curaçao, Aruba, Sint Maarten and the Caribbean Netherlands (Bonaire, Saba, Sint
# Eustatius) are overseas countries and territories of the Kingdom, not outermost regions:
# their group is a setting of each funding table (FundingTable.dutch_caribbean_group),
# which the school checks against its grant agreement.
DUTCH_CARIBBEAN = frozenset({"CW", "AW", "SX", "BQ"})

# The local emergency number. 112 works across the EU and EEA (European Commission,
# "112, the European emergency number", digital-strategy.ec.europa.eu) and in several
# other countries. The others are taken from the countries' own emergency services as
# listed in the ministry's travel advice pages; unverified: a coordinator checks the number
# of a new destination before a student leaves.
EMERGENCY_NUMBERS: dict[str, str] = {
    **dict.fromkeys(EEA_AND_SWITZERLAND, "112"),
    **dict.fromkeys(["TR", "RS", "MK", "ME", "AL", "BA", "MD", "UA"], "112"),
    "GB": "999 / 112",
    "US": "911",
    "CA": "911",
    "MX": "911",
    "CW": "911",
    "AW": "911",
    "SR": "115",
    "ZA": "10111 / 112",
    "AU": "000",
    "NZ": "111",
    "JP": "110 / 119",
    "CN": "110 / 120",
    "IN": "112",
    "ID": "112",
    "TH": "191",
    "MA": "19 / 15",
    "EG": "122 / 123",
    "IL": "100 / 101",
    "BR": "190 / 192",
}
