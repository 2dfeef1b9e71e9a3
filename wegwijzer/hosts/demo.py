"""Demo host companies in Europe and beyond, recognised for some of the programmes."""

import random

from wegwijzer.hosts.models import HostCompany
from wegwijzer.programmes.models import Programme

# (name, country, city, sector, contact person, recognised for qualification codes)
DEMO_HOSTS = [
    ("Hotel Mar Azul", "ES", "Valencia", "Hospitality", "Lucía Martínez", ["25181"]),
    ("Estudio Creativo Gràcia", "ES", "Barcelona", "Media", "Jordi Puig", ["25591"]),
    ("Gasthaus Zum Löwen", "DE", "Köln", "Hospitality", "Katrin Weber", ["25181"]),
    ("Pflegezentrum Spree", "DE", "Berlin", "Care", "Thomas Schulz", ["25655"]),
    ("Liffey Design Studio", "IE", "Dublin", "Media", "Aoife Byrne", ["25591"]),
    ("Sähkö Nord Oy", "FI", "Oulu", "Electrical installation", "Mikko Virtanen", ["25532"]),
    ("Trattoria del Portico", "IT", "Bologna", "Hospitality", "Giulia Rossi", ["25181"]),
    ("Lisboa Cuidados", "PT", "Lisboa", "Care", "Inês Ferreira", ["25655"]),
    ("Harbour View Hotel", "MT", "Valletta", "Hospitality", "Mark Camilleri", ["25181"]),
    ("Vltava Media", "CZ", "Praha", "Media", "Petra Nováková", ["25591"]),
    ("Öresund Elteknik AB", "SE", "Malmö", "Electrical installation", "Erik Lind", ["25532"]),
    ("Sunrise Care Home", "ZA", "Cape Town", "Care", "Thandi Nkosi", []),
    ("Kas di Kultura Resort", "CW", "Willemstad", "Hospitality", "Shirley Martina", ["25181"]),
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
                "recognised": bool(codes),
                "welcomes_students": rng.random() > 0.2,
            },
        )
        host.recognised_for.set([programmes[code] for code in codes])
