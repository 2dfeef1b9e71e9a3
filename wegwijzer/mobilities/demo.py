"""Demo mobilities in every step and outcome, with overdue and upcoming items.

Dates are relative to the day the demo is loaded, so the pipeline always looks alive.
A student who has a demo mobility already is left as they are: loading twice changes nothing.
"""

import datetime
import random

from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import DecisionChoice, Funding, Mobility, MobilityType
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student

# (student number, host company, step, days until departure, weeks abroad, funding, outcome)
# Outcome "" stays in progress; the others end the mobility the way the guide describes.
DEMO_MOBILITIES = [
    ("540001", "Hotel Mar Azul", Step.PREPARATION, 45, 12, Funding.ERASMUS, ""),
    ("540002", "Pflegezentrum Spree", Step.ORIENTATION, 300, 10, Funding.NONE, ""),
    ("540003", "Liffey Design Studio", Step.ORIENTATION, 270, 20, Funding.ERASMUS, ""),
    ("540004", "Sähkö Nord Oy", Step.ORIENTATION, 320, 12, Funding.ERASMUS, ""),
    ("540005", "Trattoria del Portico", Step.DECISION, 200, 12, Funding.ERASMUS, ""),
    ("540006", "Lisboa Cuidados", Step.DECISION, 170, 10, Funding.ERASMUS, ""),
    ("540007", "Vltava Media", Step.DECISION, 190, 16, Funding.ERASMUS, ""),
    ("540008", "Öresund Elteknik AB", Step.DECISION, 150, 12, Funding.OTHER, ""),
    ("540009", "Kas di Kultura Resort", Step.PREPARATION, 80, 20, Funding.OTHER, ""),
    ("540010", "Estudio Creativo Gràcia", Step.PREPARATION, 30, 12, Funding.ERASMUS, ""),
    ("540011", "Gasthaus Zum Löwen", Step.PREPARATION, 10, 10, Funding.ERASMUS, ""),
    ("540012", "Harbour View Hotel", Step.PREPARATION, 55, 12, Funding.ERASMUS, ""),
    ("540013", "Sunrise Care Home", Step.PREPARATION, 110, 14, Funding.OTHER, ""),
    ("540014", "Hotel Mar Azul", Step.ABROAD, -30, 12, Funding.ERASMUS, ""),
    ("540015", "Kas di Kultura Resort", Step.ABROAD, -50, 20, Funding.OTHER, ""),
    ("540016", "Liffey Design Studio", Step.ABROAD, -20, 16, Funding.ERASMUS, ""),
    ("540017", "Sunrise Care Home", Step.ABROAD, -60, 14, Funding.OTHER, ""),
    ("540018", "Trattoria del Portico", Step.ABROAD, -10, 10, Funding.ERASMUS, ""),
    ("540019", "Vltava Media", Step.BACK_HOME, -110, 12, Funding.ERASMUS, ""),
    ("540020", "Gasthaus Zum Löwen", Step.BACK_HOME, -90, 10, Funding.ERASMUS, ""),
    ("540021", "Harbour View Hotel", Step.BACK_HOME, -200, 12, Funding.ERASMUS, "completed"),
    ("540022", "Estudio Creativo Gràcia", Step.BACK_HOME, -260, 16, Funding.ERASMUS, "completed"),
    ("540023", "Pflegezentrum Spree", Step.PREPARATION, 40, 10, Funding.NONE, "cancelled"),
    ("540024", "Lisboa Cuidados", Step.ABROAD, -40, 10, Funding.ERASMUS, "broken_off"),
    ("540025", "Sähkö Nord Oy", Step.DECISION, 160, 12, Funding.ERASMUS, "not_going"),
]

# A school opens a stay some eleven months before departure; the demo's are dated so, or
# today for later departures, so that only what is really late shows as late.
CREATED_BEFORE_DEPARTURE = datetime.timedelta(days=330)

REASONS = {
    "cancelled": "Niet op tijd een erkende stageplek gevonden; de student gaat volgend jaar.",
    "broken_off": "Heimwee na ziekte in de familie; na een gesprek met de "
    "studieloopbaanbegeleider naar huis gekomen.",
    "not_going": "Niet aan de eisen voldaan: de student rondt eerst de VCA-cursus af.",
}


def load(*, rng: random.Random, password: str) -> None:
    coordinator = User.objects.get(username="coordinator")
    supervisors = list(User.objects.filter(username__in=["supervisor", "supervisor2"]))
    today = timezone.localdate()
    for number, host_name, step, days, weeks, funding, outcome in DEMO_MOBILITIES:
        student = Student.objects.get(student_number=number)
        if Mobility.objects.filter(student=student).exists():
            continue
        host = HostCompany.objects.get(name=host_name)
        departure = today + datetime.timedelta(days=days)
        mobility = services.create_mobility(
            by=coordinator,
            student=student,
            type=MobilityType.INTERNSHIP_ABROAD,
            destination_country=host.country,
            destination_city=host.city,
            address_abroad=f"{rng.randrange(1, 120)} {host.city} (housing via {host.name})",
            host_company=host,
            supervisor=supervisors[0] if rng.random() < 0.7 else supervisors[-1],
            departure_date=departure,
            return_date=departure + datetime.timedelta(weeks=weeks),
            funding=funding,
            exam_abroad=rng.random() < 0.2,
        )
        _created_before(mobility, departure - CREATED_BEFORE_DEPARTURE, by=coordinator)
        _walk_to(mobility, step, by=coordinator, today=today, rng=rng)
        _finish(mobility, outcome, by=coordinator, today=today)


def _created_before(mobility: Mobility, day: datetime.date, *, by: User) -> None:
    """Date the stay as made on `day` (when that is past), and its due dates with it."""
    created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    if created < mobility.created_at:
        Mobility.objects.filter(pk=mobility.pk).update(created_at=created)
        mobility.created_at = created
        services.sync_checklist(mobility, by=by)


def _walk_to(
    mobility: Mobility, step: int, *, by: User, today: datetime.date, rng: random.Random
) -> None:
    """Do the work of every step before `step`, and some of the current one."""
    while mobility.step < step:
        _do_items(mobility, by=by, today=today, share=1.0, rng=rng)
        if mobility.step == Step.DECISION:
            services.record_decision(
                mobility, by=by, decision=DecisionChoice.GO, decided_on=min(today, _due(mobility)),
                reason="Motivated, requirements met, placement recognised.",
            )  # fmt: skip
        elif mobility.step == Step.PREPARATION:
            # Stays abroad or back left on their planned day, which has passed.
            services.depart(mobility, by=by, on=mobility.departure_date)
        else:
            services.advance_step(mobility, by=by)
    # Part of the current step is done; what is left is overdue or upcoming.
    _do_items(mobility, by=by, today=today, share=0.5, rng=rng)


def _do_items(
    mobility: Mobility, *, by: User, today: datetime.date, share: float, rng: random.Random
) -> None:
    open_items = mobility.items.filter(step=mobility.step, applicable=True, status="open")
    for item in open_items:
        if not item.required and share < 1.0:
            continue
        if share < 1.0 and rng.random() > share:
            continue
        services.complete_item(item, by=by, version=item.version, done_on=min(today, item.due_date))


def _due(mobility: Mobility) -> datetime.date:
    return mobility.departure_date - datetime.timedelta(days=180)


def _finish(mobility: Mobility, outcome: str, *, by: User, today: datetime.date) -> None:
    if outcome == "completed":
        services.complete(
            mobility, by=by, on=mobility.return_date, override_reason="Demo: completed stay."
        )
    elif outcome == "cancelled":
        services.cancel_mobility(mobility, by=by, reason=REASONS[outcome], on=today)
    elif outcome == "broken_off":
        on = mobility.departure_date + datetime.timedelta(days=25)
        services.break_off(mobility, by=by, reason=REASONS[outcome], on=on)
    elif outcome == "not_going":
        services.record_decision(
            mobility, by=by, decision=DecisionChoice.NO_GO, reason=REASONS[outcome],
            decided_on=today,
        )  # fmt: skip
