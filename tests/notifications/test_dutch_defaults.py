"""Every message's default wording is written in Dutch for a Dutch reader.

The catalogue test compares one-line msgids only; a multi-line e-mail body whose Dutch entry
broke (two bodies fused into one by a merge) went out in English without any test failing.
"""

import pytest
from django.utils import translation

from wegwijzer.notifications.kinds import SPECS


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_default_subject_and_body_have_a_dutch_translation(kind: str) -> None:
    spec = SPECS[kind]
    with translation.override("en"):
        english = (str(spec.subject), str(spec.body))
    with translation.override("nl"):
        dutch = (str(spec.subject), str(spec.body))
    assert dutch[0] != english[0]
    assert dutch[1] != english[1]
    assert dutch[1].startswith("Hallo") or "Hello" not in dutch[1]
