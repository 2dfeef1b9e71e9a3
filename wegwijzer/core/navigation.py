"""The main navigation of each role, in one place.

Each entry is (label, URL name). Features add their pages here as they arrive.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NavigationEntry = tuple[Promise, str]

NAVIGATION: dict[str, list[NavigationEntry]] = {
    "coordinator": [
        (_("Overview"), "home"),
        # Group stays are reached from the students list: one more entry would wrap the
        # coordinator's bar on a laptop screen.
        (_("Students"), "students:list"),
        (_("Host companies"), "hosts:list"),
        (_("Programmes"), "programmes:list"),
        (_("Who is where"), "whereabouts:list"),
        (_("Travel advice"), "travel:list"),
        (_("Roll calls"), "care:roll-calls"),
        (_("Incidents"), "care:incidents"),
        (_("Erasmus+"), "funding:overview"),
        (_("Accounts"), "users:list"),
    ],
    "supervisor": [
        (_("My students"), "home"),
        (_("Host companies"), "hosts:list"),
        (_("Who is where"), "whereabouts:list"),
        (_("Group stays"), "groups:list"),
    ],
    "mentor": [(_("My mentees"), "home")],
    "student": [(_("My journey"), "home")],
}
