"""Every page of Wegwijzer, as each role that may use it, scanned with axe-core.

Each test loads the demo school once and walks one role's pages. Each page is scanned at
a desktop width and again at a phone's, where it may not be wider than the screen. The
problems are collected and reported together, naming the page, the width and the axe rule.
"""

import datetime
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.conftest import assert_accessible, log_in
from wegwijzer.accounts.models import User
from wegwijzer.accounts.views import MOBILITIES_PER_PAGE
from wegwijzer.care import services as care_services
from wegwijzer.care.models import Incident, RollCall, RollCallEmail, RollCallEntry
from wegwijzer.funding.models import GrantAgreement, MobilityGrant, Payment
from wegwijzer.funding.policy import plan_payments
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links.models import Purpose, SignedLink, hash_token
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility, Outcome
from wegwijzer.programmes.models import Anchor, Owner, Step, TemplateItem
from wegwijzer.students.models import Student

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}

# The elements sticking out to the right of the screen, for a readable failure.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().width > 1)
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(-5)
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""


@dataclass
class Walk:
    """Visits pages in one browser tab and collects what is wrong with each."""

    page: Page
    base_url: str
    failures: list[str] = field(default_factory=list)

    def visit(self, label: str, path: str, status: int = 200, *, expand: bool = False) -> None:
        """Scan the page; expand opens every collapsed part, so that it is scanned too."""
        response = self.page.goto(self.base_url + path)
        answered = response.status if response else None
        if answered != status:
            self.failures.append(f"{label} ({path}) answered {answered}, not {status}")
            return
        if expand:
            self.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        self.check(label)

    def check(self, label: str) -> None:
        """Scan the page as it is now, on a desktop and on a phone."""
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        for viewport in (DESKTOP, PHONE):
            self.page.set_viewport_size(viewport)
            where = f"{label}, {viewport['width']}px wide"
            if viewport == PHONE:
                overflow = self.page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    self.failures.append(
                        f"{where} ({self.page.url}): {overflow}px wider than the screen, "
                        f"sticking out: {self.page.evaluate(OVERFLOWING)}"
                    )
            try:
                assert_accessible(self.page)
            except AssertionError as error:
                self.failures.append(f"{where}: {error}")
        self.page.set_viewport_size(DESKTOP)

    def submit(self, label: str, form: Locator) -> None:
        """Submit a form as it is and check the page that comes back."""
        with self.page.expect_navigation():
            form.locator("button[type=submit]").last.click()
        self.check(label)

    def report(self) -> None:
        if self.failures:
            pytest.fail(
                f"{len(self.failures)} problem(s):\n\n" + "\n\n".join(self.failures),
                pytrace=False,
            )


@pytest.fixture
def walk(page: Page, live_server, demo_school) -> Walk:
    assert ChecklistItem.objects.exists(), "the demo's mobilities have no checklist items"
    page.set_viewport_size(DESKTOP)
    return Walk(page, live_server.url)


def one(mobilities, **conditions) -> str:
    """The public id of a demo mobility that meets the conditions."""
    mobility = mobilities.filter(**conditions).order_by("pk").first()
    assert mobility, f"the demo has no mobility with {conditions}"
    return str(mobility.public_id)


def open_waive_form(page: Page, item: ChecklistItem) -> Locator:
    """The item's form to waive it, opened."""
    action = page.locator(f"#item-{item.public_id} details.item__action").filter(
        has=page.locator("form[action*='/waive/']")
    )
    if not action.evaluate("details => details.open"):
        action.locator("summary").click()
    return action.locator("form")


def test_coordinator_school_pages_are_accessible(walk: Walk):
    """The coordinator's pages in three tests, so that both test workers share them."""
    page = walk.page
    log_in(page, walk.base_url, "coordinator")
    mobilities = Mobility.objects.all()
    student = Student.objects.filter(user__username="student").get()
    host = HostCompany.objects.order_by("pk").first()
    programme = student.programme
    own_item = TemplateItem.objects.create(
        programme=programme,
        key="test-own-item",
        step=Step.PREPARATION,
        title="Reisverzekering van de school aanvragen",
        owners=[Owner.STUDENT],
        required=False,
        anchor=Anchor.DEPARTURE,
        offset_days=-21,
    )
    assert host
    in_progress = mobilities.filter(outcome=Outcome.IN_PROGRESS).count()

    walk.visit("coordinator home", "/")
    walk.visit("coordinator home, step 3 only", "/?step=3")
    if in_progress > MOBILITIES_PER_PAGE:
        walk.visit("coordinator home, page 2", "/?page=2")
    walk.visit("students", "/students/")
    walk.visit("students, page 2", "/students/?page=2")
    walk.visit("student", f"/students/{student.public_id}/")
    walk.visit("student, edit", f"/students/{student.public_id}/edit/")
    walk.visit("student, emergency and travel details", f"/students/{student.public_id}/sensitive/")
    walk.visit("student, erase", f"/students/{student.public_id}/erase/")
    walk.submit("student, erase without the number", page.locator("main form"))
    walk.visit("new student", "/students/new/")
    walk.submit("new student, sent empty", page.locator("main form"))
    walk.visit("host companies", "/hosts/")
    walk.visit("new host company", "/hosts/new/")
    walk.submit("new host company, sent empty", page.locator("main form"))
    walk.visit("host company, edit", f"/hosts/{host.public_id}/edit/")
    walk.submit("host company saved: the list with a message", page.locator("main form"))
    walk.visit("programmes", "/programmes/")
    walk.visit("new programme", "/programmes/new/")
    walk.submit("new programme, sent empty", page.locator("main form"))
    programme_path = f"/programmes/{programme.public_id}"
    walk.visit("programme, edit", f"{programme_path}/edit/")
    walk.visit("programme checklist", f"{programme_path}/checklist/")
    walk.visit("programme's own item, new", f"{programme_path}/checklist/new/")
    walk.submit("programme's own item, sent empty", page.locator("main form"))
    walk.visit("programme's own item, edit", f"{programme_path}/checklist/{own_item.key}/edit/")
    walk.visit("programme's own item, remove", f"{programme_path}/checklist/{own_item.key}/remove/")
    walk.visit("accounts", "/users/")
    walk.visit("invite someone", "/users/invite/")
    walk.submit("invite someone, sent empty", page.locator("main form"))
    mentor = User.objects.get(username="mentor")
    walk.visit("account", f"/users/{mentor.public_id}/")
    walk.visit("two-factor login", "/accounts/two-factor/")
    walk.visit("two-factor login, set up", "/accounts/two-factor/setup/")
    walk.submit("two-factor login, set up with no code", page.locator("main form"))
    walk.visit("change password", "/accounts/password_change/")
    walk.visit("password changed", "/accounts/password_change/done/")
    walk.visit("page not found", f"/mobilities/{uuid.uuid4()}/", status=404)
    walk.report()


def test_coordinator_mobility_pages_are_accessible(walk: Walk):
    page = walk.page
    log_in(page, walk.base_url, "coordinator")
    mobilities = Mobility.objects.all()
    for step in Step:
        public_id = one(mobilities, outcome=Outcome.IN_PROGRESS, step=step)
        walk.visit(f"mobility in step {step.value}", f"/mobilities/{public_id}/", expand=True)
    for outcome in (Outcome.NOT_GOING, Outcome.CANCELLED, Outcome.COMPLETED, Outcome.BROKEN_OFF):
        public_id = one(mobilities, outcome=outcome)
        walk.visit(f"mobility closed as {outcome.value}", f"/mobilities/{public_id}/", expand=True)
    in_preparation = one(mobilities, outcome=Outcome.IN_PROGRESS, step=Step.PREPARATION)
    walk.visit("mobility, edit", f"/mobilities/{in_preparation}/edit/")
    # The city search box: typing shows the chosen country's cities; one fills in the city
    # and leaves the country as it was.
    page.locator("#id_destination_country").select_option("VE")
    page.locator("#id_destination_city").fill("Valen")
    expect(page.locator("#city-suggestions button").first).to_be_visible()
    walk.check("mobility, edit, cities found")
    expect(page.locator('#city-suggestions button:not([data-country="VE"])')).to_have_count(0)
    page.locator('#city-suggestions button[data-city="Valencia"][data-country="VE"]').click()
    expect(page.locator("#id_destination_city")).to_have_value("Valencia")
    expect(page.locator("#id_destination_country")).to_have_value("VE")
    expect(page.locator("#city-suggestions button")).to_have_count(0)
    walk.visit("new mobility", "/mobilities/new/")
    walk.submit("new mobility, sent empty", page.locator("main form"))

    # Waiving an item of the current step without a reason. Without JavaScript the whole
    # page comes back with the error...
    item = ChecklistItem.objects.filter(
        mobility__outcome=Outcome.IN_PROGRESS,
        step=F("mobility__step"),
        status=ItemStatus.OPEN,
        applicable=True,
    ).order_by("pk")[0]
    item_page = f"{walk.base_url}/mobilities/{item.mobility.public_id}/"
    # An empty script for htmx: a refused one would be an error in the console.
    page.route("**/htmx.min.js", lambda route: route.fulfill(content_type="text/javascript"))
    page.goto(item_page)
    walk.submit("mobility, waived without a reason (no JS)", open_waive_form(page, item))
    page.unroute("**/htmx.min.js")
    # ... with htmx only the item comes back, with the error, then with the notice.
    page.goto(item_page)
    open_waive_form(page, item).locator("button[type=submit]").click()
    expect(page.locator(f"#item-{item.public_id} .form-errors")).to_be_visible()
    walk.check("mobility, waived without a reason (htmx)")
    waive = open_waive_form(page, item)
    waive.get_by_role("textbox").fill("Geregeld door de school.")
    waive.locator("button[type=submit]").click()
    expect(page.locator(f"#item-{item.public_id} [role=status]")).to_be_visible()
    walk.check("mobility, item waived (htmx)")
    # A move's confirmation, sent without its reason: it comes back with the error.
    walk.visit("mobility, cancel to confirm", f"/mobilities/{in_preparation}/confirm/cancel/")
    walk.submit("mobility, cancelled without a reason", page.locator("main form"))
    completed = one(mobilities, outcome=Outcome.COMPLETED)
    walk.visit("mobility, reopen to confirm", f"/mobilities/{completed}/confirm/reopen/")

    _walk_care(walk)
    walk.visit("travel advice", "/travel/")
    walk.visit("travel advice, orange with mobilities", "/travel/?colour=3&with_mobilities=on")
    walk.visit("travel advice for South Africa", "/travel/ZA/")
    walk.submit("travel advice, colour set without a reason", page.locator("main form"))
    to_orange = one(mobilities, outcome=Outcome.IN_PROGRESS, destination_country="ZA")
    walk.visit("mobility with a travel advice warning", f"/mobilities/{to_orange}/")

    walk.report()


def test_coordinator_money_and_whereabouts_pages_are_accessible(walk: Walk):
    page = walk.page
    log_in(page, walk.base_url, "coordinator")
    mobilities = Mobility.objects.all()
    in_40_days = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    walk.visit("Erasmus+ funding", "/funding/")
    walk.visit("Erasmus+ funding table 2024", "/funding/tables/2024/")
    walk.visit("new funding table", "/funding/tables/new/")
    walk.visit("new grant agreement", "/funding/agreements/new/")
    walk.submit("new grant agreement, sent empty", page.locator("main form"))
    erasmus = one(mobilities, outcome=Outcome.IN_PROGRESS, funding="erasmus")
    walk.visit("mobility's Erasmus+ grant", f"/funding/mobilities/{erasmus}/grant/")
    grant = with_payments(Mobility.objects.get(public_id=erasmus))
    walk.visit("mobility with its Erasmus+ grant", f"/mobilities/{erasmus}/")
    agreement = _agreement_with_grants(mobilities)
    totals = f"/funding/agreements/{agreement.public_id}/totals/"
    walk.visit("Erasmus+ totals of a grant agreement", totals)
    walk.visit("Erasmus+ totals, only the stays broken off", f"{totals}?shown=broken-off")
    GrantAgreement.objects.filter(pk=agreement.pk).update(budget=Decimal(1))
    walk.visit("Erasmus+ totals, over budget", totals)
    walk.visit("Erasmus+ funding, an agreement over budget", "/funding/")
    short = one(mobilities, student__student_number="540013")
    walk.visit("budget, short of money", f"/budgets/{short}/")
    walk.visit("budget, change", f"/budgets/{short}/edit/")
    page.locator("#id_cost-0-amount").fill("-10")
    walk.submit("budget, a negative amount", page.locator("main form"))
    none_yet = one(mobilities, student__student_number="540003")
    walk.visit("budget, none made yet", f"/budgets/{none_yet}/")
    _walk_payments(walk, grant)
    walk.visit("who is where", "/whereabouts/")
    walk.visit("who is where, Spain in 40 days", f"/whereabouts/?day={in_40_days}&country=ES")
    walk.visit("who is where, nobody", "/whereabouts/?day=2099-01-01")
    walk.report()


# (what the page is, its address, the status it answers with)
Pages = list[tuple[str, str, int]]


def _agreement_with_grants(mobilities) -> GrantAgreement:
    """The demo's grant agreement with a planned, a completed and a broken-off stay in it,
    so that the totals page shows each of its parts."""
    agreement = GrantAgreement.objects.order_by("pk").first()
    assert agreement, "the demo has no grant agreement"
    for outcome in (Outcome.IN_PROGRESS, Outcome.COMPLETED, Outcome.BROKEN_OFF):
        MobilityGrant.objects.get_or_create(
            mobility=mobilities.filter(outcome=outcome).order_by("pk").first(),
            defaults={"agreement": agreement, "distance_km": 1466, "computed_total": 2223},
        )
    return agreement


def supervisor_pages() -> Pages:
    supervised = Mobility.objects.filter(supervisor__username="supervisor")
    student = Student.objects.filter(mobilities__in=supervised).order_by("pk").first()
    assert student
    other = Mobility.objects.exclude(supervisor__username="supervisor").order_by("pk").first()
    assert other
    agreement = GrantAgreement.objects.values_list("public_id", flat=True).first()
    return [
        ("supervisor home", "/", 200),
        ("supervisor home, closed stays", "/?show=closed", 200),
        ("supervisor home, all stays", "/?show=all", 200),
        ("supervised mobility", f"/mobilities/{one(supervised, outcome='')}/", 200),
        ("supervised student", f"/students/{student.public_id}/", 200),
        (
            "supervised student's emergency details",
            f"/students/{student.public_id}/sensitive/",
            200,
        ),
        ("someone else's mobility", f"/mobilities/{other.public_id}/", 404),
        ("students, not allowed", "/students/", 403),
        ("who is where, own students", "/whereabouts/", 200),
        ("Erasmus+ totals, not allowed", f"/funding/agreements/{agreement}/totals/", 403),
        ("supervised student's budget", f"/budgets/{one(supervised, outcome='')}/", 200),
    ]


def mentor_pages() -> Pages:
    mentees = Student.objects.filter(mentor__username="mentor").order_by("pk")
    mobilities = Mobility.objects.filter(student__in=mentees)
    mentee = mentees.first()
    assert mentee
    return [
        ("mentor home", "/", 200),
        ("mentee", f"/students/{mentee.public_id}/", 200),
        (
            "mentee's emergency details, not allowed",
            f"/students/{mentee.public_id}/sensitive/",
            403,
        ),
        ("mentee's mobility", f"/mobilities/{one(mobilities, outcome='')}/", 200),
        ("programmes, not allowed", "/programmes/", 403),
        ("mentee's budget, not allowed", f"/budgets/{one(mobilities, outcome='')}/", 403),
    ]


def student_pages() -> Pages:
    student = Student.objects.get(user__username="student")
    own = Mobility.objects.filter(student=student)
    other = Mobility.objects.exclude(student=student).order_by("pk").first()
    assert other
    with_payments(Mobility.objects.get(public_id=one(own, outcome="")))
    return [
        ("student home, with the Erasmus+ grant", "/", 200),
        ("own details", f"/students/{student.public_id}/", 200),
        ("own emergency and travel details", f"/students/{student.public_id}/sensitive/", 200),
        ("own mobility", f"/mobilities/{one(own, outcome='')}/", 200),
        ("own budget", f"/budgets/{one(own, outcome='')}/", 200),
        ("own budget, change", f"/budgets/{one(own, outcome='')}/edit/", 200),
        ("someone else's budget", f"/budgets/{other.public_id}/", 404),
        ("someone else's mobility", f"/mobilities/{other.public_id}/", 404),
        ("hosts, not allowed", "/hosts/", 403),
        ("change password", "/accounts/password_change/", 200),
    ]


ROLE_PAGES: dict[str, Callable[[], Pages]] = {
    "supervisor": supervisor_pages,
    "mentor": mentor_pages,
    "student": student_pages,
}


@pytest.mark.parametrize("username", list(ROLE_PAGES))
def test_role_pages_are_accessible(walk: Walk, username: str):
    log_in(walk.page, walk.base_url, username)
    for label, path, status in ROLE_PAGES[username]():
        walk.visit(label, path, status, expand=path.startswith("/mobilities/"))
    walk.report()


def test_logged_out_pages_are_accessible(walk: Walk):
    page = walk.page
    user = User.objects.get(username="student")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)

    walk.visit("login", "/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("student")
    page.get_by_label("Wachtwoord").fill("not-the-password")
    walk.submit("login, wrong password", page.locator("main form"))
    walk.visit("password reset", "/accounts/password_reset/")
    walk.submit("password reset, sent empty", page.locator("main form"))
    walk.visit("password reset sent", "/accounts/password_reset/done/")
    # A valid link redirects to the form for the new password.
    walk.visit("new password", f"/accounts/reset/{uid}/{token}/")
    walk.submit("new password, sent empty", page.locator("main form"))
    walk.visit("reset link no longer valid", f"/accounts/reset/{uid}/not-a-token/")
    walk.visit("password reset complete", "/accounts/reset/done/")
    walk.report()


def with_payments(mobility: Mobility) -> MobilityGrant:
    """The mobility's grant with its payments planned, the first paid, whether or not the
    demo made a grant for it."""
    Mobility.objects.filter(pk=mobility.pk).update(funding="erasmus")
    grant, _created = MobilityGrant.objects.get_or_create(
        mobility=mobility,
        defaults={
            "agreement": GrantAgreement.objects.order_by("pk")[0],
            "distance_km": 1466, "computed_total": Decimal(1891), "school_support": Decimal(350),
            "student_share": 100,
        },
    )  # fmt: skip
    plan_payments(grant, by=None)
    first = grant.payments.order_by("position").first()
    assert first
    if not first.is_paid:
        Payment.objects.filter(pk=first.pk).update(paid_on=first.due_on, paid_amount=first.amount)
    return grant


def _walk_payments(walk: Walk, grant: MobilityGrant) -> None:
    """The grant policy, the payments due, and recording and undoing a payment."""
    page = walk.page
    walk.visit("grant policy", "/funding/policy/")
    page.locator("input[name=student_share]").fill("150")
    walk.submit("grant policy, a share over 100", page.locator("main form"))
    walk.visit("payments due", "/funding/payments/")
    unpaid = grant.payments.filter(paid_on__isnull=True).first()
    paid = grant.payments.filter(paid_on__isnull=False).first()
    assert unpaid and paid
    walk.visit("payment, record as paid", f"/funding/payments/{unpaid.public_id}/paid/")
    page.locator("input[name=amount]").fill("")
    walk.submit("payment, recorded without an amount", page.locator("main form"))
    walk.visit("payment, undo", f"/funding/payments/{paid.public_id}/undo/")
    walk.submit("payment, undone without a reason", page.locator("main form"))


def _walk_care(walk: Walk) -> None:
    """Roll calls and incidents: the demo's closed roll call, an open one, the incidents."""
    page = walk.page
    closed = RollCall.objects.get()
    walk.visit("roll calls", "/roll-calls/")
    walk.visit("roll call, closed", f"/roll-calls/{closed.public_id}/")
    walk.visit("new roll call", "/roll-calls/new/")
    walk.submit("new roll call, sent empty", page.locator("main form"))
    coordinator = User.objects.get(username="coordinator")
    open_call = RollCall.objects.create(
        message="Unrest in the city centre.", started_by=coordinator
    )
    for entry in closed.entries.order_by("pk")[:3]:
        RollCallEntry.objects.create(
            roll_call=open_call, mobility=entry.mobility, email=entry.email
        )
    first = open_call.entries.order_by("pk").first()
    assert first
    care_services.record_answer(first, answer="help", message="Stuck at the station")
    walk.visit("roll call, open", f"/roll-calls/{open_call.public_id}/")
    walk.visit("roll call, answer by phone", f"/roll-calls/answers/{first.public_id}/phone/")
    walk.submit("roll call, answer by phone sent empty", page.locator("main form"))
    walk.visit("incidents", "/incidents/")
    walk.visit("incidents, open follow-ups", "/incidents/?follow_up=open")
    incident = Incident.objects.order_by("pk").first()
    assert incident
    walk.visit("incident, edit", f"/incidents/{incident.public_id}/")
    walk.visit("incident, new", f"/incidents/new/{incident.mobility.public_id}/")
    walk.submit("incident, new sent empty", page.locator("main form"))


def _link(mobility: Mobility, purpose: str, **fields: object) -> str:
    """A link as the e-mail would carry it; the database keeps only the token's hash."""
    token = secrets.token_urlsafe(32)
    guardian = mobility.student.guardians.exclude(email="").first()
    SignedLink.objects.create(
        mobility=mobility,
        purpose=purpose,
        guardian=guardian if purpose == Purpose.GUARDIAN_CONSENT else None,
        host_company=mobility.host_company if purpose != Purpose.GUARDIAN_CONSENT else None,
        recipient_name="Ontvanger",
        recipient_email="ontvanger@example.org",
        token_hash=hash_token(token),
        sent_at=timezone.now(),
        **fields,
    )
    return f"/link/{token}/"


def _with_open_item(key: str) -> Mobility:
    """A demo mobility in progress whose item is open, with a guardian and host to ask."""
    for mobility in Mobility.objects.filter(outcome=Outcome.IN_PROGRESS).order_by("pk"):
        if (
            mobility.items.filter(template_item__key=key, applicable=True, status="open").exists()
            and mobility.host_company
            and mobility.student.guardians.exclude(email="").exists()
        ):
            return mobility
    raise AssertionError(f"the demo has no mobility with {key} open")


def test_link_pages_are_accessible(walk: Walk):
    """What a guardian and a host company see, without an account."""
    page = walk.page
    minor = _with_open_item("decision-guardian-consent")
    hosted = _with_open_item("preparation-supervision")

    walk.visit("guardian's consent", _link(minor, Purpose.GUARDIAN_CONSENT))
    walk.submit("guardian's consent, sent empty", page.locator("main form"))
    walk.visit(
        "host company's agreements",
        _link(hosted, Purpose.HOST_AGREEMENT),
    )
    walk.submit("host company's agreements, sent empty", page.locator("main form"))
    walk.visit(
        "link expired",
        _link(minor, Purpose.GUARDIAN_CONSENT, expires_at=timezone.now()),
        status=410,
    )
    walk.visit("link unknown", "/link/not-a-real-token/", status=404)
    walk.report()


def test_roll_call_link_pages_are_accessible(walk: Walk):
    """What a student abroad sees when they answer a roll call, without an account."""
    page = walk.page
    coordinator = User.objects.get(username="coordinator")
    roll_call = RollCall.objects.create(
        message="Storm tonight: stay inside.", started_by=coordinator
    )
    demo_entry = RollCallEntry.objects.exclude(roll_call=roll_call).first()
    assert demo_entry, "the demo has no roll call"
    entry = RollCallEntry.objects.create(roll_call=roll_call, mobility=demo_entry.mobility)
    token = secrets.token_urlsafe(32)
    RollCallEmail.objects.create(entry=entry, token_hash=hash_token(token))

    walk.visit("roll call answer", f"/safe/{token}/")
    walk.submit("roll call answer, sent empty", page.locator("main form"))
    page.get_by_label("Ik heb hulp nodig").check()
    walk.submit("roll call answer, thanks", page.locator("main form"))
    walk.visit("roll call answer, again", f"/safe/{token}/")
    care_services.close_roll_call(roll_call, by=coordinator)
    walk.visit("roll call answer, closed", f"/safe/{token}/", status=410)
    walk.visit("roll call answer, unknown", "/safe/not-a-real-token/", status=404)
    walk.report()
