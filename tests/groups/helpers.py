import datetime

from tests.factories import StudentFactory
from wegwijzer.accounts.models import User
from wegwijzer.groups import services
from wegwijzer.groups.models import GroupStay

DEPARTURE = datetime.date.today() + datetime.timedelta(days=90)


def make_group(by: User, *, staff: tuple[User, ...] = (), **facts: object) -> GroupStay:
    values: dict[str, object] = {
        "name": "Uitwisseling Lyon VZ3A",
        "destination_country": "FR",
        "destination_city": "Lyon",
        "departure_date": DEPARTURE,
        "return_date": DEPARTURE + datetime.timedelta(days=7),
        "address_abroad": "Lycée du Parc, Lyon",
    }
    return services.create_group(by=by, staff=staff, **(values | facts))


def group_with_members(by: User, count: int) -> GroupStay:
    group = make_group(by)
    services.add_members(group, by=by, students=StudentFactory.create_batch(count))
    return group
