"""Demo host companies in Europe and beyond, recognised for some of the programmes (one
recognition expired), with a practical trainer or two beside the main contact."""

import datetime
import random
from unicodedata import normalize

from django.utils import timezone

from wegwijzer.hosts.models import HostCompany, HostContact, HostRecognition
from wegwijzer.programmes.models import Programme

# One more contact at some companies: (company, name, role).
DEMO_CONTACTS = [
    ("Hotel Mar Azul", "Carmen López", "praktijkopleider keuken"),
    ("Hotel Mar Azul", "Pablo Sánchez", "receptiemanager"),
    ("Gasthaus Zum Löwen", "Jonas Becker", "praktijkopleider"),
    ("Pflegezentrum Spree", "Anna Hoffmann", "praktijkopleider zorg"),
    ("Liffey Design Studio", "Ciarán Walsh", "art director"),
]
# A recognition that expired: the placement item of a stay there warns.
EXPIRED = "Trattoria del Portico"

# (name, country, city, sector, contact person, recognised for qualification codes)
DEMO_HOSTS = [
    ("Hotel Mar Azul", "ES", "Valencia", "Horeca", "Lucía Martínez", ["25181"]),
    ("Estudio Creativo Gràcia", "ES", "Barcelona", "Media", "Jordi Puig", ["25591"]),
    ("Gasthaus Zum Löwen", "DE", "Köln", "Horeca", "Katrin Weber", ["25181"]),
    ("Pflegezentrum Spree", "DE", "Berlin", "Zorg", "Thomas Schulz", ["25655"]),
    ("Liffey Design Studio", "IE", "Dublin", "Media", "Aoife Byrne", ["25591"]),
    ("Sähkö Nord Oy", "FI", "Oulu", "Elektrotechniek", "Mikko Virtanen", ["25532"]),
    ("Trattoria del Portico", "IT", "Bologna", "Horeca", "Giulia Rossi", ["25181"]),
    ("Lisboa Cuidados", "PT", "Lisboa", "Zorg", "Inês Ferreira", ["25655"]),
    ("Harbour View Hotel", "MT", "Valletta", "Horeca", "Mark Camilleri", ["25181"]),
    ("Vltava Media", "CZ", "Praha", "Media", "Petra Nováková", ["25591"]),
    ("Öresund Elteknik AB", "SE", "Malmö", "Elektrotechniek", "Erik Lind", ["25532"]),
    ("Sunrise Care Home", "ZA", "Cape Town", "Zorg", "Thandi Nkosi", []),
    ("Kas di Kultura Resort", "CW", "Willemstad", "Horeca", "Shirley Martina", ["25181"]),
]


def load(*, rng: random.Random, password: str) -> None:
    programmes = {p.qualification_code: p for p in Programme.objects.all()}
    for name, country, city, sector, contact, codes in DEMO_HOSTS:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())
        host, _created = HostCompany.objects.update_or_create(
            name=name,
            city=city,
            defaults={
                "country": country,
                "sector": sector,
                "contact_name": contact,
                "contact_email": f"internships@{slug}.example",
                "contact_phone": f"+{rng.randrange(30, 60)} {rng.randrange(10**8, 10**9)}",
                "welcomes_students": rng.random() > 0.2,
            },
        )
        today = timezone.localdate()
        for code in codes:
            expired = name == EXPIRED
            HostRecognition.objects.update_or_create(
                host=host,
                programme=programmes[code],
                defaults={
                    "sbb_number": f"{rng.randrange(10**7, 10**8)}",
                    "valid_until": today
                    + datetime.timedelta(days=-40 if expired else rng.randrange(200, 1200)),
                },
            )
    for host_name, contact, role in DEMO_CONTACTS:
        host = HostCompany.objects.get(name=host_name)
        slug = normalize("NFKD", contact.split()[0].lower()).encode("ascii", "ignore").decode()
        HostContact.objects.update_or_create(
            host=host,
            name=contact,
            defaults={"role": role, "email": f"{slug}@{host.contact_email.split('@')[1]}"},
        )
