"""Demo travel advice for every country, from the recorded answers of the open-data service.

South Africa is orange there, and demo students are preparing to go and staying there: the
import raises an alert, so the coordinator's and supervisors' banners and the mobilities'
warnings show. Loading twice changes nothing: the same colours raise no new alert.
"""

import random
from pathlib import Path

from wegwijzer.travel import services

RECORDED = Path(__file__).resolve().parent / "recorded"


def load(*, rng: random.Random, password: str) -> None:
    services.import_from_path(RECORDED)
