"""The reader's notifications: the count in the header, the list, read, all read, open."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
HTMX = {"HTTP_HX_REQUEST": "true"}


def make_notifications(user, count, *, read=False, subject="Toestemming voor Sanne: gegeven"):
    """`count` notifications of the user, one minute apart, the last one newest."""
    start = timezone.now() - datetime.timedelta(hours=1)
    made = []
    for n in range(count):
        notification = Notification.objects.create(
            user=user,
            kind=Kind.CONSENT_ANSWERED,
            subject=f"{subject} {n + 1}",
            body=f"Hallo,\n\nBericht nummer {n + 1}.",
            url="/students/",
            read_at=timezone.now() if read else None,
        )
        # created_at is set on creation: order them by hand.
        Notification.objects.filter(pk=notification.pk).update(
            created_at=start + datetime.timedelta(minutes=n)
        )
        made.append(notification)
    return made


def queries_on_notifications(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "notifications_notification"' in q["sql"]]


# The count in the header


def test_the_header_counts_the_users_own_unread_notifications(client, supervisor):
    make_notifications(supervisor, 3)
    make_notifications(supervisor, 2, read=True)
    make_notifications(UserFactory.create(role=Role.SUPERVISOR), 5)
    client.force_login(supervisor)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("home")).content.decode()

    assert "3 ongelezen meldingen" in page
    assert 'id="notification-bell"' in page
    assert len(queries_on_notifications(captured.captured_queries)) == 1


def test_the_header_says_one_unread_notification_in_the_singular(client, mentor):
    make_notifications(mentor, 1)
    client.force_login(mentor)

    assert "1 ongelezen melding<" in client.get(reverse("home")).content.decode()


def test_the_header_shows_no_count_without_unread_notifications(client, student):
    make_notifications(student, 2, read=True)
    client.force_login(student)

    page = client.get(reverse("home")).content.decode()

    assert 'id="notification-bell"' in page and "ongelezen" not in page


def test_an_anonymous_visitor_gets_no_bell_and_no_query(client):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("login")).content.decode()

    assert "notification-bell" not in page
    assert queries_on_notifications(captured.captured_queries) == []


# The list


def test_the_list_shows_only_the_users_own_notifications_newest_first(client, coordinator):
    make_notifications(coordinator, 2, subject="Eigen bericht")
    make_notifications(coordinator, 1, read=True, subject="Gelezen bericht")
    make_notifications(UserFactory.create(), 1, subject="Bericht van een ander")
    client.force_login(coordinator)

    page = client.get(INBOX).content.decode()

    assert "Bericht van een ander" not in page
    assert page.index("Eigen bericht 2") < page.index("Eigen bericht 1")
    assert page.count("Ongelezen</span>") == 2
    assert "Bericht nummer 1." in page
    assert "Alles als gelezen markeren" in page


def test_the_list_is_paginated_by_25(client, mentor):
    make_notifications(mentor, 27, subject="Melding")
    client.force_login(mentor)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX, {"page": 2}).content.decode()

    assert "Melding 27<" in first and "Melding 3<" in first and "Melding 2<" not in first
    assert "Melding 2<" in second and "Melding 1<" in second
    assert "Pagina 2 van 2" in second


def test_an_empty_list_says_so(client, student):
    client.force_login(student)

    page = client.get(INBOX).content.decode()

    assert "Je hebt geen meldingen." in page
    assert "Alles als gelezen markeren" not in page


def test_the_list_costs_the_same_queries_with_3_or_30_notifications(client, supervisor):
    client.force_login(supervisor)
    make_notifications(supervisor, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)

    make_notifications(supervisor, 27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(INBOX).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)
    assert "25 ongelezen" not in page and "30 ongelezen meldingen" in page


def test_an_english_reader_sees_the_list_in_english(english, mentor):
    make_notifications(mentor, 1)
    english.force_login(mentor)

    page = english.get(INBOX).content.decode()

    assert "<h1>Notifications</h1>" in page
    assert "Mark all as read" in page and "1 unread notification<" in page
    assert "Meldingen" not in page


# Marking read


def test_mark_read_without_javascript_goes_back_to_the_list(client, supervisor):
    first, second = make_notifications(supervisor, 2)
    client.force_login(supervisor)

    response = client.post(
        reverse("notifications:mark-read"), {"notification": first.pk, "page": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}#notification-{first.pk}"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert "1 ongelezen melding<" in client.get(INBOX).content.decode()


def test_mark_read_with_htmx_swaps_the_item_and_the_count(client, supervisor):
    first, _second = make_notifications(supervisor, 2)
    client.force_login(supervisor)

    fragment = client.post(
        reverse("notifications:mark-read"), {"notification": first.pk}, **HTMX
    ).content.decode()

    assert fragment.lstrip().startswith(f'<li id="notification-{first.pk}" class="notification">')
    assert "Ongelezen" not in fragment.split("</li>")[0]
    assert "Als gelezen markeren" not in fragment
    assert 'data-hx-swap-oob="true"' in fragment and "1 ongelezen melding<" in fragment
    assert "<html" not in fragment


def test_another_users_notification_cannot_be_marked_or_opened(client, mentor):
    [theirs] = make_notifications(UserFactory.create(role=Role.MENTOR), 1)
    client.force_login(mentor)

    for name in ("notifications:mark-read", "notifications:open"):
        response = client.post(reverse(name), {"notification": theirs.pk})
        assert response.status_code == 404

    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("posted", [{}, {"notification": "abc"}, {"notification": "9" * 30}])
def test_mark_read_without_a_notification_says_what_is_missing(client, mentor, posted):
    [mine] = make_notifications(mentor, 1)
    client.force_login(mentor)

    response = client.post(reverse("notifications:mark-read"), posted, follow=True)

    assert "Kies een melding uit de lijst." in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_read_marks_only_the_users_own(client, coordinator):
    mine = make_notifications(coordinator, 3)
    [theirs] = make_notifications(UserFactory.create(role=Role.COORDINATOR), 1)
    client.force_login(coordinator)

    response = client.post(reverse("notifications:mark-all-read"), follow=True)

    assert "3 meldingen als gelezen gemarkeerd." in response.content.decode()
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_with_htmx_swaps_the_list_and_the_count(client, student):
    make_notifications(student, 2)
    client.force_login(student)

    fragment = client.post(reverse("notifications:mark-all-read"), **HTMX).content.decode()

    assert fragment.lstrip().startswith('<section class="card" id="notification-list"')
    assert "Ongelezen</span>" not in fragment
    assert 'id="notification-bell"' in fragment and "ongelezen" not in fragment
    assert not Notification.objects.filter(read_at=None).exists()


# Opening


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, supervisor):
    [notification] = make_notifications(supervisor, 1)
    client.force_login(supervisor)

    response = client.post(reverse("notifications:open"), {"notification": notification.pk})

    assert response.status_code == 302 and response["Location"] == "/students/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_never_leaves_wegwijzer(client, supervisor, url):
    [notification] = make_notifications(supervisor, 1)
    Notification.objects.filter(pk=notification.pk).update(url=url)
    client.force_login(supervisor)

    response = client.post(reverse("notifications:open"), {"notification": notification.pk})

    assert response["Location"] == f"{INBOX}#notification-{notification.pk}"


def test_the_list_links_the_coordinator_to_the_outbox_and_warns_of_failures(
    client, coordinator, supervisor
):
    from wegwijzer.notifications.models import OutboxMessage, Status

    client.force_login(supervisor)
    assert reverse("notifications:outbox") not in client.get(INBOX).content.decode()

    client.force_login(coordinator)
    assert "Sommige e-mails konden niet" not in client.get(INBOX).content.decode()
    OutboxMessage.objects.create(
        to_email="a@example.org", kind=Kind.TO_CHECK, language="nl", subject="s", body="b",
        status=Status.FAILED,
    )  # fmt: skip
    page = client.get(INBOX).content.decode()
    assert "Sommige e-mails konden niet worden verstuurd." in page
    assert reverse("notifications:outbox") in page
