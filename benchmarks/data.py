# ruff: noqa: S311 - generated data comes from a seeded generator on purpose
"""N realistic stays, written with bulk inserts: what benchmarks/generate.py fills a database with.

A school group's ten years: programmes (1 per 250 stays), staff (1 per 40 stays), host
companies (1 per 5 stays, in 40 countries), students (most with one stay, some with two) and
their stays, departing from nine school years ago up to a year ahead, each in the step and
outcome its dates make likely. Each stay has its checklist as the services make it
(programmes.services.template_for, mobilities.rules), with done and due dates that fit its
step, its decision, its Erasmus+ grant with the payments the policy plans
(funding.calculator, funding.policy), contacts planned and held while abroad
(contacts.planning), a few incidents, document rows (no files) and some 40 audit entries.

The rows are made here in Python and inserted in batches, never through the services one
by one: 100,000 stays take minutes, not hours. What the services would have done on the way
(an audit entry per change) is written as rows too.
"""

import datetime
import importlib
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.care.models import Incident, Kind, Severity
from wegwijzer.contacts.models import Channel, ContactAgreement, ContactEntry, ContactMoment
from wegwijzer.contacts.planning import plan_days
from wegwijzer.documents.models import Document
from wegwijzer.experiences.models import Ambassador
from wegwijzer.funding import policy, tallies
from wegwijzer.funding.calculator import compute_grant
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant, Payment, UnitCosts
from wegwijzer.hosts.models import HostCompany, HostRecognition, HostReview
from wegwijzer.mobilities import rules, services
from wegwijzer.mobilities.models import (
    ChecklistItem,
    Decision,
    DecisionChoice,
    Funding,
    ItemStatus,
    Mobility,
    MobilityType,
    Outcome,
    StayExtension,
)
from wegwijzer.programmes.models import Programme, Step
from wegwijzer.programmes.services import EffectiveItem, template_for
from wegwijzer.students.models import AbroadInterest, Student
from wegwijzer.travel.data import ERASMUS_VET_GROUPS

PASSWORD = "wegwijzer-demo"  # noqa: S105 - the demo's printed password, for generated data
BATCH = 5000
CHUNK = 1000  # stays made, inserted and forgotten at a time: memory stays flat

STAYS_PER_PROGRAMME = 250
STAYS_PER_STAFF = 40
STAYS_PER_HOST = 5
SECOND_STAY_SHARE = 0.1  # students with a second stay
AUDIT_ENTRIES_PER_STAY = 40

# (country, cities, one-way km from Utrecht, share of the stays): 40 countries, most in Europe.
DESTINATIONS: list[tuple[str, tuple[str, ...], int, int]] = [
    ("ES", ("Barcelona", "Valencia", "Málaga", "Sevilla", "Madrid"), 1400, 12),
    ("DE", ("Berlin", "Hamburg", "München", "Köln", "Leipzig"), 550, 10),
    ("IE", ("Dublin", "Cork", "Galway"), 800, 7),
    ("IT", ("Roma", "Milano", "Bologna", "Firenze"), 1200, 6),
    ("PT", ("Lisboa", "Porto", "Faro"), 1800, 6),
    ("FI", ("Helsinki", "Tampere", "Oulu"), 1500, 3),
    ("SE", ("Stockholm", "Malmö", "Göteborg"), 900, 3),
    ("BE", ("Antwerpen", "Gent", "Brussel"), 150, 4),
    ("FR", ("Paris", "Lyon", "Nice", "Lille"), 450, 5),
    ("CZ", ("Praha", "Brno"), 750, 3),
    ("AT", ("Wien", "Salzburg", "Innsbruck"), 900, 3),
    ("DK", ("København", "Aarhus"), 650, 2),
    ("NO", ("Oslo", "Bergen"), 950, 2),
    ("PL", ("Warszawa", "Kraków", "Gdańsk"), 1100, 2),
    ("HU", ("Budapest", "Debrecen"), 1150, 2),
    ("GR", ("Athína", "Thessaloníki"), 2150, 2),
    ("MT", ("Valletta", "Sliema"), 2000, 3),
    ("CY", ("Lefkosia", "Lemesos"), 2950, 1),
    ("EE", ("Tallinn", "Tartu"), 1500, 1),
    ("LV", ("Riga",), 1300, 1),
    ("LT", ("Vilnius", "Kaunas"), 1300, 1),
    ("SI", ("Ljubljana",), 950, 1),
    ("SK", ("Bratislava", "Košice"), 1050, 1),
    ("HR", ("Zagreb", "Split"), 1200, 1),
    ("RO", ("Bucureşti", "Cluj-Napoca"), 1750, 1),
    ("BG", ("Sofia", "Varna"), 1900, 1),
    ("LU", ("Luxembourg",), 300, 1),
    ("IS", ("Reykjavík",), 2050, 1),
    ("TR", ("Istanbul", "Izmir"), 2200, 1),
    ("CH", ("Zürich", "Genève"), 650, 1),
    ("GB", ("London", "Manchester", "Edinburgh"), 450, 3),
    ("US", ("New York", "Chicago"), 5900, 1),
    ("CA", ("Toronto", "Vancouver"), 5900, 1),
    ("AU", ("Sydney", "Melbourne"), 16600, 1),
    ("ZA", ("Cape Town", "Johannesburg"), 9600, 1),
    ("CW", ("Willemstad",), 7800, 2),
    ("AW", ("Oranjestad",), 7800, 1),
    ("ID", ("Denpasar", "Jakarta"), 11700, 1),
    ("JP", ("Tokyo", "Osaka"), 9300, 1),
    ("MA", ("Marrakech", "Rabat"), 2300, 1),
]

# fmt: off
FIRST_NAMES = [
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Noah", "Luuk", "Bram", "Thijs", "Jesse",
    "Ruben", "Tim", "Lars", "Mees", "Sven", "Niels", "Emma", "Julia", "Tess", "Sophie", "Zoë",
    "Sara", "Anna", "Eva", "Lotte", "Noor", "Fleur", "Lisa", "Iris", "Roos", "Femke", "Sanne",
    "Maud", "Mohamed", "Yusuf", "Ayoub", "Amira", "Yasmina", "Fatima", "Ilias", "Selin", "Elif",
    "Kerem", "Ravi", "Priya", "Chen", "Mei", "Jasper",
]
LAST_NAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
    "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
    "de Jong", "Schouten", "van Beek", "Willems", "van Dijk", "Hoekstra", "Verhoeven", "Koster",
    "Prins", "Postma", "Kuipers", "Yilmaz", "El Amrani", "Bouzid", "Kaya", "Öztürk", "Nguyen",
    "Tahiri", "Ramdin", "Martina", "Brito",
]
PROGRAMME_NAMES = [
    "Zelfstandig werkend kok", "Verzorgende-IG", "Mediavormgever",
    "Eerste monteur elektrotechniek", "Gastheer/gastvrouw", "Leidinggevende travel & hospitality",
    "Pedagogisch medewerker", "Mbo-verpleegkundige", "Software developer", "ICT-beheerder",
    "Logistiek medewerker", "Allround medewerker mode", "Bakker", "Sport- en bewegingsleider",
    "Junior accountmanager", "Dierverzorger", "Hovenier", "Autotechnicus", "Allround kapper",
    "Schoonheidsspecialist", "Evenementenorganisator", "Filmmaker",
    "Podium- en evenemententechnicus", "Bouwkundige", "Installatietechnicus", "Doktersassistent",
    "Apothekersassistent", "Maatschappelijke zorg", "Scheepswerktuigkundige",
    "Medewerker fastservice",
]
LOCATIONS = [
    "Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Houten", "Woerden", "Veenendaal", "Leiden",
    "Gouda", "Ede",
]
SECTORS = [
    "Horeca", "Zorg", "Media", "ICT", "Techniek", "Logistiek", "Handel", "Toerisme", "Onderwijs",
    "Sport",
]
HOST_KINDS = [
    "Hotel", "Studio", "Centro", "Werkplaats", "Zorgcentrum", "Agency", "Restaurant", "Atelier",
    "Garage", "Lab",
]
# fmt: on

# Of the stays that departed long enough ago to be closed, how they ended (percent).
CLOSED_OUTCOMES = [
    (Outcome.COMPLETED, 86),
    (Outcome.CANCELLED, 6),
    (Outcome.NOT_GOING, 4),
    (Outcome.BROKEN_OFF, 3),
    (Outcome.IN_PROGRESS, 1),  # left open in step 5: nobody closed it
]


@dataclass
class School:
    """What every chunk of stays picks from: made once, before the stays."""

    today: datetime.date
    programmes: list[Programme]
    templates: dict[int, list[EffectiveItem]]
    coordinators: list[User]
    supervisors: list[User]
    mentors: list[User]
    hosts: dict[str, list[HostCompany]]
    agreements: dict[int, GrantAgreement] = field(default_factory=dict)
    costs: dict[int, UnitCosts] = field(default_factory=dict)
    grant_policy: policy.Policy = policy.DEFAULT_POLICY
    password: str = ""
    next_number: int = 0


@dataclass
class Rows:
    """One chunk's rows, in the order they are inserted."""

    users: list[User] = field(default_factory=list)
    students: list[Student] = field(default_factory=list)
    mobilities: list[Mobility] = field(default_factory=list)
    items: list[ChecklistItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    extensions: list[StayExtension] = field(default_factory=list)
    grants: list[MobilityGrant] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    agreements: list[ContactAgreement] = field(default_factory=list)
    entries: list[ContactEntry] = field(default_factory=list)
    moments: list[tuple[ContactMoment, ContactEntry | None]] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    ambassadors: list[Ambassador] = field(default_factory=list)
    reviews: list[HostReview] = field(default_factory=list)


def fill(*, stays: int, seed: int = 2026, say: Callable[[str], None] = print) -> None:
    """Add `stays` generated stays (and what they need) to the database. Run after the demo
    school is loaded (manage.py load_demo): its logins and grant policy are used."""
    rng = random.Random(seed)
    KEYS.next.clear()
    started = time.monotonic()
    with keep_given_timestamps():
        with transaction.atomic():
            school = make_school(stays, rng)
        say(
            f"school: {len(school.programmes)} programmes, "
            f"{sum(len(h) for h in school.hosts.values())} host companies, "
            f"{len(school.supervisors) + len(school.mentors) + len(school.coordinators)} staff"
        )
        made = 0
        try:
            while made < stays:
                size = min(CHUNK, stays - made)
                with transaction.atomic():
                    make_stays(school, size, rng)
                made += size
                elapsed = time.monotonic() - started
                say(f"{made:>9,} stays  {elapsed:7.1f} s  ({made / elapsed:,.0f} stays/s)")
        finally:
            # Also after a failure: the chunks committed so far keep their rows.
            reset_sequences()
            # Their grants are counted live until the tallies' refresh (REFRESH).
            tallies.stale(agreement.pk for agreement in school.agreements.values())


# The school


def make_school(stays: int, rng: random.Random) -> School:
    today = timezone.localdate()
    programmes = make_programmes(max(1, stays // STAYS_PER_PROGRAMME), rng)
    staff = make_staff(max(3, stays // STAYS_PER_STAFF), rng)
    school = School(
        today=today,
        programmes=programmes,
        templates={programme.pk: template_for(programme) for programme in programmes},
        coordinators=[*User.objects.filter(username="coordinator"), *staff[Role.COORDINATOR]],
        supervisors=[*User.objects.filter(username="supervisor"), *staff[Role.SUPERVISOR]],
        mentors=[*User.objects.filter(username="mentor"), *staff[Role.MENTOR]],
        hosts=make_hosts(max(len(DESTINATIONS), stays // STAYS_PER_HOST), programmes, rng),
        grant_policy=policy.current_policy(),
        password=make_password(PASSWORD),
        next_number=9_000_000 + Student.objects.count(),
    )
    first_call = call_year_of(school_year_start(today) - datetime.timedelta(days=365 * 10))
    for call_year in range(first_call, call_year_of(today) + 2):
        agreement = agreement_of(call_year)
        school.agreements[call_year] = agreement
        school.costs[call_year] = FundingTable.for_call_year(call_year).unit_costs()
    return school


def make_programmes(count: int, rng: random.Random) -> list[Programme]:
    taken = set(Programme.objects.values_list("qualification_code", flat=True))
    codes = (str(code) for code in range(20000, 99999) if str(code) not in taken)
    programmes = [
        Programme(
            name=f"{PROGRAMME_NAMES[n % len(PROGRAMME_NAMES)]} "
            f"({LOCATIONS[n // len(PROGRAMME_NAMES) % len(LOCATIONS)]} {n // 300 + 1})",
            qualification_code=next(codes),
            level=rng.choice((2, 3, 3, 4, 4)),
            abroad_mandatory=rng.random() < 0.2,
            minimum_age=rng.choice((None, None, 16, 17, 18)),
            follows_international_ii=rng.random() < 0.4,
        )
        for n in range(count)
    ]
    return Programme.objects.bulk_create(programmes, batch_size=BATCH)


def make_staff(count: int, rng: random.Random) -> dict[str, list[User]]:
    password = make_password(PASSWORD)
    roles = [Role.COORDINATOR] * max(1, count // 20) + [Role.SUPERVISOR] * (count // 2)
    roles += [Role.MENTOR] * (count - len(roles))
    users = []
    for n, role in enumerate(roles):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                username=f"bench-{role}-{n}-{uuid.uuid4().hex[:6]}",
                first_name=first,
                last_name=last,
                email=f"{role}{n}@bench.wegwijzer.example",
                role=role,
                password=password,
                phone=f"+31 30 {rng.randrange(1000000, 9999999)}"
                if role == Role.SUPERVISOR
                else "",
            )
        )
    made = User.objects.bulk_create(users, batch_size=BATCH)
    return {role: [user for user in made if user.role == role] for role in Role}


def make_hosts(
    count: int, programmes: list[Programme], rng: random.Random
) -> dict[str, list[HostCompany]]:
    weights = [share for *_rest, share in DESTINATIONS]
    hosts = []
    for n in range(count):
        country, cities, _km, _share = (
            DESTINATIONS[n] if n < len(DESTINATIONS) else rng.choices(DESTINATIONS, weights)[0]
        )
        city = rng.choice(cities)
        hosts.append(
            HostCompany(
                name=f"{rng.choice(HOST_KINDS)} {rng.choice(LAST_NAMES)} {n}",
                country=country,
                city=city,
                sector=rng.choice(SECTORS),
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                contact_email=f"host{n}@hosts.bench.example",
                welcomes_students=rng.random() < 0.9,
            )
        )
    made = HostCompany.objects.bulk_create(hosts, batch_size=BATCH)
    HostRecognition.objects.bulk_create(
        [
            HostRecognition(
                host=host, programme=rng.choice(programmes), sbb_number=f"SBB{host.pk:07d}"
            )
            for host in made
            if rng.random() < 0.3
        ],
        batch_size=BATCH,
    )
    by_country: dict[str, list[HostCompany]] = {}
    for host in made:
        by_country.setdefault(str(host.country), []).append(host)
    return by_country


def agreement_of(call_year: int) -> GrantAgreement:
    """The call's grant agreement and funding table, made as the demo makes them."""
    from wegwijzer.funding import demo

    agreement = demo._agreement(call_year)
    if call_year == 2024:
        demo._table(2024, demo.SOURCE_2024)
    return agreement


def call_year_of(day: datetime.date) -> int:
    return day.year if day >= datetime.date(day.year, 6, 1) else day.year - 1


def school_year_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year if day.month >= 8 else day.year - 1, 8, 1)


# The stays


@dataclass
class Plan:
    """What one stay looks like before its rows are made."""

    step: int
    outcome: str
    departure: datetime.date
    weeks: int
    created: datetime.date


def plan_stay(school: School, rng: random.Random) -> Plan:
    today = school.today
    first = school_year_start(today) - datetime.timedelta(days=365 * 9)
    departure = first + datetime.timedelta(days=rng.randrange((today - first).days + 365))
    weeks = rng.choice((1, 4, 6, 8, 10, 10, 12, 12, 12, 14, 16, 20))
    back = departure + datetime.timedelta(weeks=weeks)
    created = min(today, departure - datetime.timedelta(days=rng.randrange(150, 360)))
    if departure > today:
        ahead = (departure - today).days
        step = 1 if ahead > 240 else 2 if ahead > 150 else 3
        step = max(1, step - (rng.random() < 0.2))
        outcome = Outcome.CANCELLED if rng.random() < 0.04 else Outcome.IN_PROGRESS
        if step == Step.DECISION and rng.random() < 0.05:
            outcome = Outcome.NOT_GOING
        return Plan(step, outcome, departure, weeks, created)
    if back >= today:
        # Broken off after 10 days at the earliest: a shorter stay has no Erasmus+ grant.
        broken_off = rng.random() < 0.02 and (today - departure).days >= 10
        outcome = Outcome.BROKEN_OFF if broken_off else Outcome.IN_PROGRESS
        return Plan(Step.ABROAD, outcome, departure, weeks, created)
    if (today - back).days < 60 and rng.random() < 0.6:
        return Plan(Step.BACK_HOME, Outcome.IN_PROGRESS, departure, weeks, created)
    outcomes, shares = zip(*CLOSED_OUTCOMES, strict=True)
    outcome = rng.choices(outcomes, shares)[0]
    step = {
        Outcome.COMPLETED: Step.BACK_HOME,
        Outcome.IN_PROGRESS: Step.BACK_HOME,
        Outcome.BROKEN_OFF: Step.ABROAD,
        Outcome.NOT_GOING: Step.DECISION,
        Outcome.CANCELLED: rng.choice((Step.ORIENTATION, Step.DECISION, Step.PREPARATION)),
    }[outcome]
    return Plan(step, outcome, departure, weeks, created)


def make_stays(school: School, count: int, rng: random.Random) -> None:
    plans = [plan_stay(school, rng) for _n in range(count)]
    students = make_students(school, plans, rng)
    mobilities = [
        make_mobility(school, plan, student, rng)
        for plan, student in zip(plans, students, strict=True)
    ]
    rows = Rows(mobilities=mobilities)
    rows.students = list({student.student_number: student for student in students}.values())
    rows.users = [student.user for student in rows.students if student.user]
    for plan, mobility in zip(plans, mobilities, strict=True):
        add_stay_rows(school, plan, mobility, rows, rng)
    insert(rows)


def make_students(school: School, plans: list[Plan], rng: random.Random) -> list[Student]:
    """One student per stay, but some students have a second stay in this chunk."""
    firsts = max(1, round(len(plans) * (1 - SECOND_STAY_SHARE)))
    students = []
    for plan in plans[:firsts]:
        school.next_number += 1
        number = str(school.next_number)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        age = rng.choice((16, 17, 17, 18, 18, 19, 20, 22))
        born = plan.departure - datetime.timedelta(days=365 * age + rng.randrange(365))
        user = User(
            username=f"bench{number}",
            first_name=first,
            last_name=last,
            email=f"{number}@student.bench.example",
            role=Role.STUDENT,
            password=school.password,
        )
        students.append(
            Student(
                user=user,
                first_name=first,
                last_name=last,
                student_number=number,
                date_of_birth=born,
                programme=rng.choice(school.programmes),
                year=rng.randrange(1, 5),
                mentor=rng.choice(school.mentors),
                email=user.email,
                phone=f"06{rng.randrange(10000000, 99999999)}",
                abroad_interest=AbroadInterest.INTERESTED,
                created_at=at(plan.created, 9),
            )
        )
    return students + [rng.choice(students) for _plan in plans[firsts:]]


def make_mobility(school: School, plan: Plan, student: Student, rng: random.Random) -> Mobility:
    country = rng.choices(DESTINATIONS, [share for *_rest, share in DESTINATIONS])[0][0]
    host = rng.choice(school.hosts.get(country) or next(iter(school.hosts.values())))
    kind = MobilityType.CITY_TRIP if plan.weeks == 1 else MobilityType.INTERNSHIP_ABROAD
    erasmus = str(host.country) in ERASMUS_VET_GROUPS and plan.weeks > 1
    funding = rng.choices(
        (Funding.ERASMUS, Funding.OTHER, Funding.NONE), (70, 15, 15) if erasmus else (0, 50, 50)
    )[0]
    went = plan.step >= Step.ABROAD and plan.outcome not in (Outcome.CANCELLED, Outcome.NOT_GOING)
    back = plan.departure + datetime.timedelta(weeks=plan.weeks)
    mobility = Mobility(
        student=student,
        type=kind,
        destination_country=host.country,
        destination_city=host.city,
        address_abroad=f"{rng.randrange(1, 200)} {host.city}",
        host_company=host,
        supervisor=rng.choice(school.supervisors),
        departure_date=plan.departure,
        return_date=back,
        actual_departure_date=plan.departure if went else None,
        funding=funding,
        exam_abroad=rng.random() < 0.15,
        extended=False,
        step=plan.step,
        outcome=plan.outcome,
        created_at=at(plan.created, 10),
        updated_at=at(min(school.today, back), 16),
        version=plan.step + (plan.outcome != Outcome.IN_PROGRESS),
    )
    mobility.student = student
    if plan.outcome == Outcome.COMPLETED:
        mobility.actual_return_date = back
        mobility.outcome_date = back
    elif plan.outcome == Outcome.BROKEN_OFF:
        # At least the Erasmus+ minimum of 10 days, so the grant can be computed.
        last = min(school.today, plan.departure + datetime.timedelta(days=rng.randrange(10, 40)))
        mobility.actual_return_date = max(plan.departure, min(last, back))
        mobility.outcome_date = mobility.actual_return_date
        mobility.outcome_reason = "Heimwee; na een gesprek met de begeleider naar huis gekomen."
    elif plan.outcome in (Outcome.CANCELLED, Outcome.NOT_GOING):
        mobility.outcome_date = min(school.today, plan.departure - datetime.timedelta(days=30))
        mobility.outcome_reason = "Geen erkende stageplek gevonden; volgend jaar opnieuw."
    return mobility


def add_stay_rows(
    school: School, plan: Plan, mobility: Mobility, rows: Rows, rng: random.Random
) -> None:
    coordinator = rng.choice(school.coordinators)
    if mobility.step == Step.ABROAD and mobility.is_open and rng.random() < 0.03:
        # Before the checklist: the extension's items apply and the due dates follow.
        rows.extensions.append(extension(mobility, coordinator))
    items = checklist(school, plan, mobility, rng)
    rows.items.extend(items)
    audit = Audit(mobility, rows.audit, school.today)
    audit.add(coordinator, Action.CREATE, mobility, audit.label, mobility.created_at)
    for item in items:
        if item.status in (ItemStatus.DONE, ItemStatus.TO_CHECK) and item.changed_at:
            audit.add(item.changed_by, Action.COMPLETE, item, item.title, item.changed_at)
            if item.checker and item.status == ItemStatus.DONE and rng.random() < 0.5:
                audit.add(coordinator, Action.ACCEPT, item, item.title, item.changed_at)
            if item.checker and rng.random() < 0.3:
                rows.documents.append(document(mobility, item))
        elif item.status == ItemStatus.WAIVED:
            audit.add(coordinator, Action.WAIVE, item, item.title, item.changed_at)
    for step in range(Step.DECISION, plan.step + 1):
        day = min(school.today, step_day(plan, mobility, step))
        audit.add(coordinator, Action.ADVANCE, mobility, audit.label, at(day, 11))
    decision = decide(plan, mobility, coordinator)
    if decision:
        rows.decisions.append(decision)
        audit.add(coordinator, Action.DECIDE, mobility, audit.label, at(decision.decided_on, 12))
    if mobility.outcome:
        audit.add(coordinator, Action.CLOSE, mobility, audit.label, at(mobility.outcome_date, 13))
    if mobility.funding == Funding.ERASMUS and plan.step >= Step.DECISION:
        add_grant(school, mobility, rows, rng)
        audit.add(coordinator, Action.CREATE, mobility, "Erasmus+ grant", mobility.created_at)
    if mobility.actual_departure_date:
        add_contacts(school, mobility, rows, rng)
        if rng.random() < 0.03:
            rows.incidents.append(incident(school, mobility, coordinator, rng))
    if mobility.outcome == Outcome.COMPLETED:
        if rng.random() < 0.1:
            rows.ambassadors.append(ambassador(mobility))
        if mobility.host_company and rng.random() < 0.25:
            rows.reviews.append(review(mobility, rng))
    audit.pad(coordinator, AUDIT_ENTRIES_PER_STAY, rng)


def checklist(
    school: School, plan: Plan, mobility: Mobility, rng: random.Random
) -> list[ChecklistItem]:
    """The items sync_checklist makes for the stay, each in the state its step makes likely."""
    items = []
    student_user = mobility.student.user
    for effective in school.templates[mobility.student.programme_id]:
        template = effective.template_item
        if not rules.applies(template.condition, mobility):
            continue
        item = services.item_from_template(
            mobility, template, rules.due_date(template.anchor, effective.offset_days, mobility)
        )
        item.status = item_status(plan, mobility, item, rng)
        if item.status != ItemStatus.OPEN:
            done = min(item.due_date - datetime.timedelta(days=rng.randrange(0, 20)), school.today)
            item.done_on = max(done, plan.created)
            item.changed_at = at(item.done_on, rng.randrange(8, 20))
            owner = item.owners[0] if item.owners else "coordinator"
            item.changed_by = {
                "student": student_user,
                "supervisor": mobility.supervisor,
                "mentor": mobility.student.mentor,
            }.get(owner, school.coordinators[0])
            item.version = 1
            if item.status == ItemStatus.WAIVED:
                item.waived_reason = "Niet nodig voor deze bestemming."
        items.append(item)
    return items


def item_status(plan: Plan, mobility: Mobility, item: ChecklistItem, rng: random.Random) -> str:
    finished = mobility.outcome == Outcome.COMPLETED
    if item.step < plan.step or finished:
        if not item.required:
            return ItemStatus.DONE if rng.random() < 0.6 else ItemStatus.OPEN
        return ItemStatus.WAIVED if rng.random() < 0.02 else ItemStatus.DONE
    if item.step > plan.step:
        return ItemStatus.OPEN
    roll = rng.random()
    if roll < 0.45:
        return ItemStatus.DONE
    if roll < 0.55 and item.checker:
        return ItemStatus.TO_CHECK
    return ItemStatus.OPEN


def step_day(plan: Plan, mobility: Mobility, step: int) -> datetime.date:
    """About when the stay entered a step: spread from its creation to its departure."""
    if step >= Step.ABROAD:
        return mobility.departure_date if step == Step.ABROAD else mobility.return_date
    lead = (plan.departure - plan.created).days
    return plan.created + datetime.timedelta(days=lead * (step - 1) // 3)


def decide(plan: Plan, mobility: Mobility, by: User) -> Decision | None:
    if plan.outcome == Outcome.NOT_GOING:
        choice, day = DecisionChoice.NO_GO, mobility.outcome_date
    elif plan.step >= Step.PREPARATION:
        choice, day = DecisionChoice.GO, step_day(plan, mobility, Step.PREPARATION)
    else:
        return None
    assert day is not None  # noqa: S101 - a no-go has its outcome date
    return Decision(
        mobility=mobility,
        decision=choice,
        decided_by=by,
        decided_on=day,
        reason="Gemotiveerd, voldoet aan de eisen." if choice == DecisionChoice.GO else "Nog niet.",
        created_at=at(day, 12),
    )


def add_grant(school: School, mobility: Mobility, rows: Rows, rng: random.Random) -> None:
    call_year = call_year_of(mobility.departure_date)
    costs = school.costs[call_year]
    km = next(
        km for code, _cities, km, _share in DESTINATIONS if code == mobility.destination_country
    )
    green = rng.random() < 0.15 and km < 2000
    fewer = rng.random() < 0.1
    try:
        breakdown = compute_grant(
            start=mobility.first_day,
            end=mobility.last_day,
            country_code=str(mobility.destination_country),
            distance_km=km + rng.randrange(-50, 50),
            green=green,
            inclusion=fewer,
            costs=costs,
        )
    except ValidationError:
        return  # the service refuses such a grant too (e.g. a stay under the minimum days)
    grant = MobilityGrant(
        mobility=mobility,
        agreement=school.agreements[call_year],
        green_travel=green,
        fewer_opportunities=fewer,
        distance_km=breakdown.distance_km,
        computed_total=breakdown.total,
        school_support=breakdown.school_support,
        student_share=school.grant_policy.student_share,
    )
    if rng.random() < 0.01:
        grant.override_total = (breakdown.total * Decimal("0.9")).quantize(Decimal("0.01"))
        grant.override_reason = "Goedgekeurd bedrag van het nationaal agentschap."
    completed = mobility.outcome == Outcome.COMPLETED
    if completed:
        grant.participant_report_on = min(
            mobility.last_day + datetime.timedelta(days=14), school.today
        )
    rows.grants.append(grant)
    for payment in policy._wanted(grant, [], school.grant_policy):
        if mobility.actual_departure_date and (completed or payment.position == 1):
            payment.paid_on = min(payment.due_on, school.today)
            payment.paid_amount = payment.amount
        rows.payments.append(payment)


def add_contacts(school: School, mobility: Mobility, rows: Rows, rng: random.Random) -> None:
    agreement = ContactAgreement(
        mobility=mobility, participants=["supervisor", "student"], set_by=mobility.supervisor
    )
    rows.agreements.append(agreement)
    for due, opens in plan_days(agreement, mobility.first_day, mobility.last_day):
        entry = None
        if due < school.today and rng.random() < 0.85:
            held = min(school.today, due + datetime.timedelta(days=rng.randrange(-1, 2)))
            entry = ContactEntry(
                mobility=mobility,
                held_on=held,
                channel=rng.choice((Channel.VIDEO, Channel.VIDEO, Channel.PHONE, Channel.MESSAGE)),
                participants=["supervisor", "student"],
                wellbeing=rng.choice((3, 4, 4, 4, 5, 5, 2)),
                how_doing="Gaat goed, leert veel op de werkvloer.",
                homesick=rng.random() < 0.05,
                author=mobility.supervisor,
                created_at=at(held, 15),
            )
            rows.entries.append(entry)
        rows.moments.append((ContactMoment(mobility=mobility, due_on=due, opens_on=opens), entry))


def incident(school: School, mobility: Mobility, by: User, rng: random.Random) -> Incident:
    days = max(0, (min(school.today, mobility.last_day) - mobility.first_day).days)
    day = mobility.first_day + datetime.timedelta(days=rng.randrange(days + 1))
    severity = rng.choice((Severity.MINOR, Severity.MINOR, Severity.SERIOUS, Severity.CRITICAL))
    return Incident(
        mobility=mobility,
        kind=rng.choice(Kind.values),
        severity=severity,
        occurred_on=day,
        description="Student belde de school; de begeleider heeft contact gehad met het bedrijf.",
        actions_taken="Gesprek gevoerd, ouders geïnformeerd.",
        follow_up_on=day + datetime.timedelta(days=7) if severity != Severity.MINOR else None,
        follow_up_done=day + datetime.timedelta(days=7) < school.today,
        reported_by=by,
        created_at=at(day, 14),
        updated_at=at(day, 14),
    )


def document(mobility: Mobility, item: ChecklistItem) -> Document:
    return Document(
        mobility=mobility,
        item=item,
        file=f"bench/{uuid.uuid4().hex}.pdf",
        original_name=f"{item.title[:40]}.pdf",
        content_type="application/pdf",
        size=120_000,
        uploaded_by=item.changed_by,
        uploaded_at=at(item.done_on, 12),
    )


def ambassador(mobility: Mobility) -> Ambassador:
    moment = at(mobility.actual_return_date or mobility.return_date, 12)
    return Ambassador(
        mobility=mobility,
        contact=mobility.student.email,
        share_contact=True,
        created_at=moment,
        updated_at=moment,
    )


def review(mobility: Mobility, rng: random.Random) -> HostReview:
    assert mobility.host_company is not None  # noqa: S101 - the caller checked
    return HostReview(
        mobility=mobility,
        host=mobility.host_company,
        rating=rng.choice((3, 4, 4, 5, 5)),
        recommends=rng.random() < 0.85,
        comment="Fijn bedrijf, goede begeleiding.",
        written_by=mobility.student.user,
        written_at=at(mobility.return_date, 18),
    )


def extension(mobility: Mobility, by: User) -> StayExtension:
    previous = mobility.return_date
    mobility.return_date = previous + datetime.timedelta(weeks=2)
    mobility.extended = True
    return StayExtension(
        mobility=mobility,
        previous_return=previous,
        new_return=mobility.return_date,
        reason="Het bedrijf bood twee weken extra aan.",
        extended_by=by,
        created_at=at(mobility.departure_date, 12),
    )


class Audit:
    """The audit entries of one stay, as audit.services.record writes them."""

    ACTIONS = (Action.VIEW, Action.VIEW, Action.CHANGE, Action.VIEW, Action.UPLOAD)

    def __init__(self, mobility: Mobility, entries: list[AuditEntry], today: datetime.date):
        self.mobility, self.entries, self.today = mobility, entries, today
        self.label = str(mobility)
        self.count = 0

    def add(self, by: User | None, action: str, obj: models.Model, label: str, moment: Any) -> None:
        self.count += 1
        self.entries.append(
            AuditEntry(
                at=moment,
                actor=by,
                actor_label=str(by) if by else "Wegwijzer",
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(getattr(obj, "public_id", obj.pk)),
                object_label=label[:300],
                mobility=self.mobility,
                student=self.mobility.student,
            )
        )

    def pad(self, by: User, total: int, rng: random.Random) -> None:
        """Views of the stay and small changes, until the stay has about `total` entries."""
        first = self.mobility.created_at
        span = max(1, (self.mobility.last_day - first.date()).days)
        while self.count < total:
            day = min(self.today, first.date() + datetime.timedelta(days=rng.randrange(span)))
            action = rng.choice(self.ACTIONS)
            self.add(by, action, self.mobility, self.label, at(day, rng.randrange(8, 18)))


def insert(rows: Rows) -> None:
    """Insert a chunk's rows, parents before children."""
    for moment, entry in rows.moments:
        moment.entry = entry
    for objects in (
        rows.users, rows.students, rows.mobilities, rows.items, rows.decisions, rows.extensions,
        rows.grants, rows.payments, rows.agreements, rows.entries,
        [moment for moment, _entry in rows.moments], rows.incidents, rows.documents,
        rows.ambassadors, rows.reviews, rows.audit,
    ):  # fmt: skip
        insert_rows(objects)


class Keys:
    """The next primary key of each table. The generator numbers its rows itself, so it can
    insert them with COPY (PostgreSQL) or executemany (SQLite) instead of bulk_create,
    which spends most of its time building SQL; sequences are set after (reset_sequences)."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int) -> int:
        if model not in self.next:
            last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
            self.next[model] = (last or 0) + 1
        first = self.next[model]
        self.next[model] += count
        return first


KEYS = Keys()


def insert_rows(objects: list[Any]) -> None:
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    first = KEYS.take(model, len(objects))
    for number, obj in enumerate(objects, first):
        obj.pk = number
    fields = meta.concrete_fields
    relations = [f for f in fields if f.is_relation]
    for obj in objects:
        # A foreign key given as an object that got its key only now.
        for relation in relations:
            if getattr(obj, relation.attname) is None and relation.is_cached(obj):
                related = relation.get_cached_value(obj)
                setattr(obj, relation.attname, related and related.pk)
    # The connection itself, not the `connection` proxy, which looks it up on every use.
    database = connections[DEFAULT_DB_ALIAS]
    values = [
        tuple(f.get_db_prep_save(f.pre_save(obj, True), database) for f in fields)
        for obj in objects
    ]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608


def reset_sequences() -> None:
    """After rows were inserted with their own keys, the next key comes after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(KEYS.next))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# Timestamps as given


def at(day: datetime.date | None, hour: int) -> datetime.datetime:
    assert day is not None  # noqa: S101 - callers pass a known day
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


@contextmanager
def keep_given_timestamps() -> Iterator[None]:
    """Let bulk_create keep the creation and change times given, instead of now."""
    fields: list[Any] = [
        model_field
        for model in (
            Mobility,
            Student,
            AuditEntry,
            Decision,
            StayExtension,
            ContactEntry,
            Incident,
            Document,
            Ambassador,
            HostReview,
        )
        for model_field in model._meta.concrete_fields
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    ]
    saved = [(f, {"auto_now": f.auto_now, "auto_now_add": f.auto_now_add}) for f in fields]
    for model_field in fields:
        vars(model_field).update(auto_now=False, auto_now_add=False)
    try:
        yield
    finally:
        for model_field, flags in saved:
            vars(model_field).update(flags)


# After the insert: statistics, and whatever other parts keep precomputed


def analyze() -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a school's ANALYZE would have;
    on PostgreSQL a VACUUM too, as autovacuum would have run: without it the refresh's
    updates leave a dead row per stay and no page marked all-visible, so every index-only
    scan (the students' count, the totals) reads the table all the same."""
    # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


# Functions (dotted paths) run once after the stays are inserted, in this order. A part that
# keeps a precomputed column adds its bulk refresh here, e.g.
# "wegwijzer.mobilities.precomputed.refresh_all"; "analyze" stays last.
def refresh_next_due() -> None:
    """The stays' stored next due date (mobilities.attention.refresh): the rows were
    written around the models, which keep it for every other write."""
    from wegwijzer.mobilities import attention
    from wegwijzer.mobilities.models import Mobility

    attention.refresh(Mobility.objects.all())


def refresh_tallies() -> None:
    """Every agreement's stored Erasmus+ totals (funding.tallies): the grants were written
    around the models, which mark them for every other write."""
    from wegwijzer.funding import tallies

    tallies.refresh_all()


REFRESH: list[str] = [
    "benchmarks.data.refresh_next_due",
    "benchmarks.data.refresh_tallies",
    "benchmarks.data.analyze",
]


def refresh(say: Callable[[str], None] = print) -> None:
    for path in REFRESH:
        module_name, _dot, name = path.rpartition(".")
        started = time.monotonic()
        getattr(importlib.import_module(module_name), name)()
        say(f"refresh {path}: {time.monotonic() - started:.1f} s")
