"""The issued credential against the SHACL shapes of the generic EDC profile, offline: the
contexts are the local copies in shared/data/elm, so nothing is fetched."""

import json
from pathlib import Path

import pyshacl
import pytest
import rdflib

from tests.europass.conftest import DRAFT
from wegwijzer.europass import services

# The shapes, the sample and the contexts, copied from shared/data/elm (see its README here).
ELM = Path(__file__).resolve().parent / "elm"


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ELM / "EDC-generic-no-cv.ttl", format="turtle")


def graph(document: dict) -> rdflib.Graph:
    """The document with its @context URLs swapped for the local context files."""
    contexts = [
        json.loads((ELM / name).read_text())["@context"]
        for name in ("w3c-credentials-v1-context.jsonld", "edc-ap-context.jsonld")
    ]
    return rdflib.Graph().parse(
        data=json.dumps({**document, "@context": contexts}), format="json-ld"
    )


def validate(document: dict, shapes: rdflib.Graph) -> tuple[bool, rdflib.Graph, str]:
    conforms, report, text = pyshacl.validate(graph(document), shacl_graph=shapes)
    return bool(conforms), report, str(text)


def issued_credential(mobility, coordinator, **changes) -> dict:
    values = services.draft_values(mobility) | DRAFT | changes
    europass = services.save_draft(mobility, by=coordinator, version=None, values=values)
    issued = services.issue(europass, by=coordinator, version=europass.version)
    return json.loads(issued.credential)


def test_the_sample_alone_has_the_two_known_violations(shapes):
    sample = json.loads((ELM / "Sample-CertOfPart-unsigned.jsonld").read_text())

    conforms, report, text = validate(sample, shapes)

    assert not conforms
    results = list(report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#result")))
    assert len(results) == 2, text
    assert "cred:issued" in text and "eidasLegalIdentifier" in text


def test_the_credential_wegwijzer_issues_conforms(mobility, coordinator, shapes):
    document = issued_credential(mobility, coordinator)

    conforms, _report, text = validate(document, shapes)

    assert conforms, text
    assert document["@context"] == [
        "https://www.w3.org/2018/credentials/v1",
        "http://data.europa.eu/snb/model/context/edc-ap",
    ]
    assert document["issuer"]["eIDASIdentifier"]["notation"] == "12345678"
    claims = document["credentialSubject"]["hasClaim"]
    assert [claim["type"] for claim in claims] == ["LearningActivity", "LearningAchievement"]
    outcomes = claims[1]["specifiedBy"]["learningOutcome"]
    assert [outcome["title"]["en"] for outcome in outcomes] == ["Spanish at B1", "Customer service"]
    assert claims[0]["temporal"]["startDate"] == "2025-03-03T00:00:00Z"
    assert claims[0]["directedBy"]["location"]["address"]["countryCode"]["id"].endswith("/ESP")


def test_a_credential_without_skills_or_birth_date_conforms_too(mobility, coordinator, shapes):
    document = issued_credential(mobility, coordinator, skills="", holder_birth_date=None)

    conforms, _report, text = validate(document, shapes)

    assert conforms, text
    assert len(document["credentialSubject"]["hasClaim"]) == 1
