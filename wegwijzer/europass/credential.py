"""The Europass Mobility as a European Digital Credential: JSON-LD after the European
Learning Model (ELM v3), laid out as the Commission's sample certificate of participation.

Plain dictionaries and the standard library's json: the credential is written once, when
the coordinator issues the Europass, and kept as it was written. tests/europass validates
it offline against the SHACL shapes of the generic EDC profile.
"""

import base64
import datetime
import json
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django_countries import countries

from wegwijzer.europass.models import EuropassMobility

CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "http://data.europa.eu/snb/model/context/edc-ap",
]
COUNTRY = "http://publications.europa.eu/resource/authority/country"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type"
LANGUAGE = "http://publications.europa.eu/resource/authority/language"
# The sample's profile: a generic credential, checked by the generic SHACL shapes.
GENERIC_PROFILE = "http://data.europa.eu/snb/credential/e34929035b"
GENERIC_SCHEMA = "http://data.europa.eu/snb/model/ap/edc-generic-full"
SCHOOL_COUNTRY = "NL"


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def _concept(uri: str, scheme: str, label: str, notation: str = "") -> dict[str, Any]:
    concept: dict[str, Any] = {
        "id": uri,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
        "prefLabel": _en(label),
    }
    if notation:
        concept["notation"] = notation
    return concept


def country(code: str) -> dict[str, Any]:
    """An ISO 3166 alpha-2 code as the EU's country authority table names it (alpha-3)."""
    alpha3 = countries.alpha3(code) or code.upper()
    name = countries.name(code) or code
    return _concept(f"{COUNTRY}/{alpha3}", COUNTRY, str(name), "country")


def english() -> dict[str, Any]:
    return _concept(f"{LANGUAGE}/ENG", LANGUAGE, "English", "language")


def _moment(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _location(key: str, code: str) -> dict[str, Any]:
    return {
        "id": f"urn:epass:location:{key}",
        "type": "Location",
        "address": {
            "id": f"urn:epass:address:{key}",
            "type": "Address",
            "countryCode": country(code),
        },
    }


def issuer() -> dict[str, Any]:
    """The school, with the legal identifier the shapes ask of an issuer."""
    return {
        "id": "urn:epass:org:school",
        "type": "Organisation",
        "legalName": _en(settings.SCHOOL_NAME),
        "location": _location("school", SCHOOL_COUNTRY),
        "eIDASIdentifier": {
            "id": "urn:epass:legalIdentifier:school",
            "type": "LegalIdentifier",
            "notation": settings.SCHOOL_LEGAL_IDENTIFIER,
            "spatial": country(SCHOOL_COUNTRY),
        },
    }


def host(europass: EuropassMobility) -> dict[str, Any]:
    return {
        "id": "urn:epass:org:host",
        "type": "Organisation",
        "legalName": _en(europass.host_name),
        "location": _location("host", europass.host_country),
    }


def description(europass: EuropassMobility) -> str:
    parts = [europass.objective, europass.activities]
    if europass.language:
        parts.append(f"Language used: {europass.language}.")
    if europass.mentor_name:
        parts.append(f"Mentor at the host organisation: {europass.mentor_name}.")
    return "\n\n".join(part.strip() for part in parts if part.strip())


def display_image(europass: EuropassMobility) -> str:
    """The credential's own picture (the shapes ask for one): a plain SVG card, base64."""
    lines = [
        "Europass Mobility",
        europass.holder_name,
        f"{europass.host_name}, {europass.host_city}",
        f"{europass.first_day.isoformat()} to {europass.last_day.isoformat()}",
        settings.SCHOOL_NAME,
    ]
    texts = "".join(
        f'<text x="40" y="{80 + 60 * number}" font-size="{36 if number == 0 else 24}">'
        f"{escape(line)}</text>"
        for number, line in enumerate(lines)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="794" height="400" '
        'font-family="sans-serif"><rect width="794" height="400" fill="#fff"/>'
        f"{texts}</svg>"
    )
    return base64.b64encode(svg.encode()).decode()


def _display(europass: EuropassMobility) -> dict[str, Any]:
    return {
        "id": "urn:epass:displayParameter:1",
        "type": "DisplayParameter",
        "title": _en("Europass Mobility"),
        "description": _en(f"has completed a mobility abroad at {europass.host_name}"),
        "language": english(),
        "primaryLanguage": english(),
        "individualDisplay": {
            "id": "urn:epass:individualDisplay:1",
            "type": "IndividualDisplay",
            "language": english(),
            "displayDetail": {
                "id": "urn:epass:displayDetail:1",
                "type": "DisplayDetail",
                "page": 1,
                "image": {
                    "id": "urn:epass:mediaObject:1",
                    "type": "MediaObject",
                    "content": display_image(europass),
                    "contentEncoding": _concept(
                        "http://data.europa.eu/snb/encoding/6146cde7dd",
                        "http://data.europa.eu/snb/encoding/25831c2",
                        "base64",
                    ),
                    "contentType": _concept(f"{FILE_TYPE}/SVG", FILE_TYPE, "SVG", "file-type"),
                },
            },
        },
    }


def build(europass: EuropassMobility, *, issued: datetime.datetime) -> dict[str, Any]:
    """The credential of an issued Europass, as a JSON-LD document (a dict)."""
    school = issuer()
    given, _, family = europass.holder_name.partition(" ")
    activity: dict[str, Any] = {
        "id": "urn:epass:activity:1",
        "type": "LearningActivity",
        "title": _en("Europass Mobility"),
        "description": _en(description(europass)),
        "temporal": {
            "id": "urn:epass:period:1",
            "type": "PeriodOfTime",
            "startDate": _moment(europass.first_day),
            "endDate": _moment(europass.last_day),
        },
        "location": _location("stay", europass.host_country),
        "awardedBy": {
            "id": "urn:epass:awardingProcess:1",
            "type": "AwardingProcess",
            "awardingBody": school,
        },
        "directedBy": host(europass),
        "specifiedBy": {
            "id": "urn:epass:learningActivitySpec:1",
            "type": "LearningActivitySpecification",
            "title": _en(f"Work placement at {europass.host_name}"),
            "language": english(),
        },
    }
    claims: list[dict[str, Any]] = [activity]
    skills = europass.skill_lines
    if skills:
        claims.append(
            {
                "id": "urn:epass:learningAchievement:1",
                "type": "LearningAchievement",
                "title": _en("Skills and competences acquired"),
                "awardedBy": {
                    "id": "urn:epass:awardingProcess:1",
                    "type": "AwardingProcess",
                    "awardingBody": school,
                },
                "influencedBy": {"id": "urn:epass:activity:1", "type": "LearningActivity"},
                "specifiedBy": {
                    "id": "urn:epass:learningAchievementSpec:1",
                    "type": "LearningAchievementSpecification",
                    "title": _en("Skills and competences acquired"),
                    "learningOutcome": [
                        {
                            "id": f"urn:epass:learningOutcome:{number}",
                            "type": "LearningOutcome",
                            "title": _en(skill),
                        }
                        for number, skill in enumerate(skills, start=1)
                    ],
                },
            }
        )
    subject: dict[str, Any] = {
        "id": "urn:epass:person:1",
        "type": "Person",
        "fullName": _en(europass.holder_name),
        "givenName": _en(given),
        "hasClaim": claims,
    }
    if family:
        subject["familyName"] = _en(family)
    if europass.holder_birth_date:
        subject["dateOfBirth"] = _moment(europass.holder_birth_date)
    return {
        "@context": CONTEXT,
        "id": f"urn:credential:{europass.public_id}",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": _concept(
            GENERIC_PROFILE, "http://data.europa.eu/snb/credential/25831c2", "Generic"
        ),
        "credentialSchema": {"id": GENERIC_SCHEMA, "type": "ShaclValidator2017"},
        "displayParameter": _display(europass),
        "credentialSubject": subject,
        "issuer": school,
        "issued": _timestamp(issued),
        "validFrom": _timestamp(issued),
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
