"""Demo users: one per role to log in with, and the colleagues a school has."""

import random

from django.contrib.auth.hashers import make_password
from django_otp import devices_for_user

from wegwijzer.accounts.models import Role, User

# (username, first name, last name, role); the first of each role is the one to log in with.
DEMO_USERS = [
    ("coordinator", "Fatima", "El Amrani", Role.COORDINATOR),
    ("supervisor", "Joris", "van Dijk", Role.SUPERVISOR),
    ("supervisor2", "Annemiek", "Bos", Role.SUPERVISOR),
    ("mentor", "Sanne", "de Vries", Role.MENTOR),
    ("mentor2", "Mehmet", "Yilmaz", Role.MENTOR),
    ("mentor3", "Linda", "Hoekstra", Role.MENTOR),
    ("student", "Daan", "Jansen", Role.STUDENT),
]

# Made-up work phones of the supervisors, printed on their students' emergency cards.
DEMO_PHONES = {"supervisor": "+31 30 123 4581", "supervisor2": "+31 30 123 4582"}


def load(*, rng: random.Random, password: str) -> None:
    # One hash for all demo users: hashing is slow on purpose, and they share the password.
    hashed = make_password(password)
    for username, first_name, last_name, role in DEMO_USERS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "role": role,
                "email": f"{username}@demo.wegwijzer.example",
                "phone": DEMO_PHONES.get(username, ""),
                "is_active": True,
                "password": hashed,
            },
        )
        # Reloading the demo undoes a two-factor setup someone tried: the printed logins
        # always work with the password alone.
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
