"""What each kind of import reads from a row, how it finds the record the row is about, and
what it would change there.

A kind lists its fields with the headings that name them in the usual exports (Eduarte,
Magister, Osiris, and English ones). `plan` reads every row against the database in a few
queries (the records the file names, the programmes, the mentors) and says per row: to be
created, to be updated (with the changed fields), unchanged, or refused with its reasons.
A cell left empty never blanks a field; nothing is ever deleted.
"""

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from wegwijzer.accounts.models import Role, User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.imports.models import ImportKind
from wegwijzer.imports.reading import Cell, as_date, as_text
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Guardian, Student, erased_number

# Fields that may come from several columns, each adding a value.
MANY_VALUES = frozenset({"guardian_email"})
# The database is asked about the records a file names in batches of this many keys.
BATCH = 900


def normalised(heading: str) -> str:
    """A heading without case, accents, spaces and punctuation: "E-mailadres " → "emailadres"."""
    plain = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    headings: tuple[str, ...] = ()
    max_length: int = 0


@dataclass
class PlannedRow:
    """One row of the file as the dry run shows it and the apply carries it out."""

    line: int
    key: str
    label: str = ""
    # {field: (before, after)} as text, for the page and the audit trail.
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    target: Any = None
    # What else the row adds: a student's new guardians' e-mail addresses.
    extra: list[str] = field(default_factory=list)


@dataclass
class Plan:
    created: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    refused: list[PlannedRow] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "refused": len(self.refused),
        }

    def digest_source(self) -> list[Any]:
        """What the dry run showed, to compare with a new plan before applying."""
        return [
            [(row.line, row.key, sorted(row.changes.items()), row.extra) for row in self.created],
            [(row.line, row.key, sorted(row.changes.items()), row.extra) for row in self.updated],
            [(row.line, row.key, row.reasons) for row in self.refused],
            self.unchanged,
        ]


Row = dict[str, Cell]


def _text(row: Row, name: str) -> str:
    return as_text(row.get(name))


class Kind:
    """The fields, key and lookups of one kind of import; subclasses fill them in."""

    kind: ImportKind
    fields: tuple[Field, ...]
    # The fields a new record cannot do without.
    required: tuple[str, ...]
    key_label: Promise
    # Whether a row without its key says so; a key of several fields names each one missing.
    says_key_missing = True

    def field_labels(self) -> dict[str, str]:
        return {item.name: str(item.label) for item in self.fields}

    def recognised(self, headings: Iterable[str]) -> dict[str, str]:
        """{normalised heading: field} for the headings this kind knows by name."""
        known = {synonym: item.name for item in self.fields for synonym in item.headings}
        return {name: known.get(name, "") for name in map(normalised, headings)}

    def plan(self, rows: list[tuple[int, Row]], *, lock: bool = False) -> Plan:
        plan = Plan()
        context = self.context(rows, lock=lock)
        # A key on two lines: a line repeated as it is counts once (the first); lines that
        # differ are all refused, naming the others: which is right is not for the import to
        # guess.
        lines_of: dict[str, list[tuple[int, Row]]] = defaultdict(list)
        for line, row in rows:
            if key := self.key_of(row).lower():
                lines_of[key].append((line, row))
        for line, row in rows:
            planned = self.plan_row(line, row, context)
            same_key = lines_of.get(planned.key.lower(), [])
            others = [other for other, _row in same_key if other != line]
            repeated = all(other_row == same_key[0][1] for _other, other_row in same_key)
            if planned.key and others and not (repeated and line == same_key[0][0]):
                shown = [same_key[0][0]] if repeated else others
                planned.reasons.append(
                    _("%(key)s is also on line %(line)s of the file.")
                    % {"key": planned.key, "line": ", ".join(map(str, shown))}
                )
            if planned.reasons:
                plan.refused.append(planned)
            elif planned.target is None:
                plan.created.append(planned)
            elif planned.changes or planned.extra:
                plan.updated.append(planned)
            else:
                plan.unchanged += 1
        return plan

    def plan_row(self, line: int, row: Row, context: dict[str, Any]) -> PlannedRow:
        key = self.key_of(row)
        planned = PlannedRow(line=line, key=key, label=self.label_of(row))
        if not key and self.says_key_missing:
            planned.reasons.append(_("The %(field)s is missing.") % {"field": self.key_label})
        values = self.values(row, context, planned.reasons)
        target = context["existing"].get(key.lower()) if key else None
        self.check_target(target, planned.reasons)
        if target is None:
            planned.reasons += [
                _("The %(field)s is missing.") % {"field": self.field_labels()[name]}
                for name in self.required
                if not _text(row, name)
            ]
        planned.target = target
        # Never blank a field the file leaves empty.
        planned.values = {name: value for name, value in values.items() if value not in (None, "")}
        planned.changes = {
            name: (_shown(getattr(target, name) if target else None), _shown(value))
            for name, value in planned.values.items()
            if target is None or getattr(target, name) != value
        }
        planned.extra = self.additions(row, target, context, planned.reasons)
        return planned

    def key_of(self, row: Row) -> str:
        raise NotImplementedError

    def label_of(self, row: Row) -> str:
        return ""

    def context(self, rows: list[tuple[int, Row]], *, lock: bool) -> dict[str, Any]:
        raise NotImplementedError

    def values(self, row: Row, context: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
        raise NotImplementedError

    def check_target(self, target: Any, reasons: list[str]) -> None:
        """A reason the existing record may not be changed by an import, if any."""

    def additions(
        self, row: Row, target: Any, context: dict[str, Any], reasons: list[str]
    ) -> list[str]:
        return []

    def texts(self, row: Row, reasons: list[str], names: Iterable[str]) -> dict[str, str]:
        """The text fields, refused when longer than the database keeps."""
        lengths = {item.name: item.max_length for item in self.fields}
        values = {}
        for name in names:
            text = _text(row, name)
            if lengths.get(name) and len(text) > lengths[name]:
                reasons.append(
                    _("The %(field)s is longer than %(length)s characters.")
                    % {"field": self.field_labels()[name], "length": lengths[name]}
                )
            values[name] = text
        return values


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, User):
        return value.username
    if isinstance(value, Programme):
        return f"{value.qualification_code} {value.name}"
    return str(value)


def _email(text: str, label: str, reasons: list[str]) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        reasons.append(
            _("The %(field)s “%(value)s” is not an e-mail address.")
            % {"field": label, "value": text}
        )
    return text.lower()


def _existing(
    model: type[models.Model] | models.QuerySet[Any],
    lookup: str,
    keys: list[str],
    lock: bool,
    related: tuple[str, ...] = (),
) -> list[Any]:
    """The records whose `lookup` is one of the keys, asked in batches, with the related
    records a comparison reads (not a query per row)."""
    records = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    found: list[Any] = []
    for start in range(0, len(keys), BATCH):
        rows = records.filter(**{f"{lookup}__in": keys[start : start + BATCH]})
        if related:
            rows = rows.select_related(*related)
        # Only the records themselves are locked: a nullable related one (the mentor) may
        # not be locked through an outer join on PostgreSQL.
        found += rows.select_for_update(of=("self",)) if lock else rows
    return found


def _year(text: str, reasons: list[str]) -> int | None:
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= 4:
        return int(text)
    reasons.append(_("The year “%(value)s” is not 1, 2, 3 or 4.") % {"value": text})
    return None


def _birth_date(cell: Cell, reasons: list[str]) -> datetime.date | None:
    if as_text(cell) == "":
        return None
    born = as_date(cell)
    if born is None or not 1900 < born.year <= datetime.date.today().year:
        reasons.append(_("The date of birth “%(value)s” is not a date.") % {"value": as_text(cell)})
        return None
    return born


def _split_emails(text: str) -> list[str]:
    return [part for part in re.split(r"[;,\s]+", text) if part]


GUARDIAN_WORDS = r"ouder|verzorger|voogd|guardian|parent"


class StudentKind(Kind):
    kind = ImportKind.STUDENTS
    key_label = gettext_lazy("student number")
    required = ("first_name", "last_name", "date_of_birth", "programme", "year")
    fields = (
        Field("student_number", gettext_lazy("student number"),
              ("studentnummer", "studentnr", "leerlingnummer", "leerlingnr", "studentid",
               "studentnumber", "deelnemernummer", "deelnemernr", "stamnummer"), 20),
        Field("first_name", gettext_lazy("first name"),
              ("roepnaam", "voornaam", "firstname", "givenname", "voornamen"), 100),
        Field("prefix", gettext_lazy("prefix (tussenvoegsel)"),
              ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix", "infix"), 30),
        Field("last_name", gettext_lazy("last name"),
              ("achternaam", "lastname", "surname", "familienaam", "geslachtsnaam"), 150),
        Field("date_of_birth", gettext_lazy("date of birth"),
              ("geboortedatum", "gebdatum", "dateofbirth", "birthdate", "geboren")),
        Field("email", gettext_lazy("e-mail"),
              ("email", "emailadres", "emailaddress", "emailstudent", "emailadresstudent",
               "emailschool", "schoolemail"), 254),
        Field("phone", gettext_lazy("phone"),
              ("telefoon", "telefoonnummer", "mobiel", "mobielnummer", "mobiel nummer",
               "telnr", "phone", "mobile", "telefoonmobiel"), 30),
        Field("programme", gettext_lazy("programme"),
              ("crebo", "crebocode", "opleiding", "opleidingscode", "programme", "program",
               "kwalificatie", "kwalificatiecode", "opleidingcode")),
        Field("year", gettext_lazy("year"), ("leerjaar", "jaar", "year", "studiejaar")),
        Field("class_name", gettext_lazy("class"),
              ("klas", "groep", "class", "klasgroep", "lesgroep", "stamgroep"), 30),
        Field("mentor", gettext_lazy("mentor"),
              ("mentor", "slb", "slber", "studieloopbaanbegeleider", "coach", "mentoremail")),
        Field("guardian_email", gettext_lazy("guardian's e-mail"),
              ("emailouder", "emailouders", "emailverzorger", "emailouderverzorger",
               "emailadresouder", "emailadresouderverzorger", "emailouder1", "emailouder2",
               "guardianemail", "parentemail", "emailverzorger1", "emailverzorger2")),
    )  # fmt: skip

    def recognised(self, headings: Iterable[str]) -> dict[str, str]:
        """Also "E-mailadres ouder/verzorger 2" and the like: a parent's e-mail address."""
        columns = super().recognised(headings)
        for name, field_name in columns.items():
            if not field_name and "mail" in name and re.search(GUARDIAN_WORDS, name):
                columns[name] = "guardian_email"
        return columns

    def key_of(self, row: Row) -> str:
        return _text(row, "student_number")

    def label_of(self, row: Row) -> str:
        return " ".join(
            text
            for text in (_text(row, name) for name in ("first_name", "prefix", "last_name"))
            if text
        )

    def context(self, rows: list[tuple[int, Row]], *, lock: bool) -> dict[str, Any]:
        numbers = sorted({self.key_of(row) for _line, row in rows} - {""})
        students = _existing(Student, "student_number", numbers, lock, ("programme", "mentor"))
        guardians: dict[int, set[str]] = defaultdict(set)
        ids = [student.pk for student in students]
        for start in range(0, len(ids), BATCH):
            known = Guardian.objects.filter(student__in=ids[start : start + BATCH])
            for student_id, email in known.values_list("student_id", "email"):
                guardians[student_id].add(email.lower())
        programmes = list(Programme.objects.all())
        by_name: dict[str, list[Programme]] = defaultdict(list)
        for programme in programmes:
            by_name[programme.name.lower()].append(programme)
        mentors: dict[str, User] = {}
        for mentor in User.objects.filter(role=Role.MENTOR, is_active=True):
            mentors[mentor.email.lower()] = mentor
            mentors[mentor.username.lower()] = mentor
        existing = {student.student_number.lower(): student for student in students}
        # A student whose data was erased keeps a keyed hash of the number: found, so that
        # check_target refuses the row instead of making the student again.
        markers = {erased_number(number): number.lower() for number in numbers}
        for student in _existing(Student, "student_number", sorted(markers), lock=False):
            existing.setdefault(markers[student.student_number], student)
        return {
            "existing": existing,
            "guardians": guardians,
            "by_code": {programme.qualification_code: programme for programme in programmes},
            "by_name": by_name,
            "mentors": mentors,
        }

    def values(self, row: Row, context: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
        texts = self.texts(
            row, reasons, ("student_number", "first_name", "prefix", "last_name", "phone",
                           "class_name")
        )  # fmt: skip
        if isinstance(row.get("phone"), (int, float)):
            # Excel kept "0612345678" as the number 612345678: the 0 cannot be guessed back.
            reasons.append(
                _("Excel stored the phone number as a number and dropped its leading 0: "
                  "make the column text in Excel and export again.")
            )  # fmt: skip
        last_name = texts.pop("last_name")
        prefix = texts.pop("prefix")
        if last_name and prefix:
            last_name = f"{prefix} {last_name}"
        return {
            **texts,
            "last_name": last_name,
            "date_of_birth": _birth_date(row.get("date_of_birth"), reasons),
            "email": _email(_text(row, "email"), str(gettext_lazy("e-mail")), reasons),
            "year": _year(_text(row, "year"), reasons),
            "programme": self._programme(_text(row, "programme"), context, reasons),
            "mentor": self._mentor(_text(row, "mentor"), context, reasons),
        }

    def _programme(self, text: str, context: dict[str, Any], reasons: list[str]) -> Any:
        if not text:
            return None
        code = text.split()[0]
        if programme := context["by_code"].get(code):
            return programme
        named = context["by_name"].get(text.lower(), [])
        if len(named) == 1:
            return named[0]
        reasons.append(_("The programme “%(value)s” is not known.") % {"value": text})
        return None

    def _mentor(self, text: str, context: dict[str, Any], reasons: list[str]) -> Any:
        if not text:
            return None
        if mentor := context["mentors"].get(text.lower()):
            return mentor
        reasons.append(_("The mentor “%(value)s” is not known.") % {"value": text})
        return None

    def check_target(self, target: Any, reasons: list[str]) -> None:
        if target is not None and target.erased_at is not None:
            reasons.append(_("This student's personal data was erased."))

    def additions(
        self, row: Row, target: Any, context: dict[str, Any], reasons: list[str]
    ) -> list[str]:
        known = context["guardians"].get(target.pk, set()) if target else set()
        label = str(gettext_lazy("guardian's e-mail"))
        emails = [
            _email(text, label, reasons) for text in _split_emails(_text(row, "guardian_email"))
        ]
        return sorted({email for email in emails if email and email not in known})


class HostKind(Kind):
    kind = ImportKind.HOSTS
    key_label = gettext_lazy("name, country and city")
    says_key_missing = False
    required = ("name", "country", "city")
    fields = (
        Field("name", gettext_lazy("name"),
              ("naam", "name", "bedrijf", "bedrijfsnaam", "organisatie", "company",
               "companyname", "leerbedrijf", "stagebedrijf"), 200),
        Field("country", gettext_lazy("country"), ("land", "country", "landcode", "countrycode")),
        Field("city", gettext_lazy("city"), ("plaats", "stad", "city", "woonplaats",
                                               "vestigingsplaats", "town"), 100),
        Field("sector", gettext_lazy("sector"), ("sector", "branche", "industry"), 100),
        Field("contact_name", gettext_lazy("contact person"),
              ("contactpersoon", "contact", "contactname", "contactperson",
               "praktijkopleider"), 150),
        Field("contact_email", gettext_lazy("contact e-mail"),
              ("email", "emailadres", "contactemail", "emailcontactpersoon"), 254),
        Field("contact_phone", gettext_lazy("contact phone"),
              ("telefoon", "telefoonnummer", "phone", "contactphone", "telefooncontactpersoon"),
              30),
    )  # fmt: skip

    def key_of(self, row: Row) -> str:
        name, city = _text(row, "name"), _text(row, "city")
        country = _country(_text(row, "country"))
        return f"{name}, {city}, {country}" if name and city and country else ""

    def label_of(self, row: Row) -> str:
        return _text(row, "name")

    def context(self, rows: list[tuple[int, Row]], *, lock: bool) -> dict[str, Any]:
        # Matched whatever the capitals: "Hotel sol" in the file is the school's "Hotel Sol".
        names = sorted({_text(row, "name").lower() for _line, row in rows} - {""})
        named = HostCompany.objects.annotate(lower_name=Lower("name"))
        hosts = _existing(named, "lower_name", names, lock)
        return {"existing": {f"{h.name}, {h.city}, {h.country.code}".lower(): h for h in hosts}}

    def values(self, row: Row, context: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
        values = self.texts(
            row, reasons, ("name", "city", "sector", "contact_name", "contact_phone")
        )
        country = _text(row, "country")
        values["country"] = _country(country)
        if country and not values["country"]:
            reasons.append(_("The country “%(value)s” is not known.") % {"value": country})
        label = str(gettext_lazy("contact e-mail"))
        values["contact_email"] = _email(_text(row, "contact_email"), label, reasons)
        return values

    def plan_row(self, line: int, row: Row, context: dict[str, Any]) -> PlannedRow:
        planned = super().plan_row(line, row, context)
        # A country is compared by its code: the field holds a Country object.
        target = planned.target
        if target is not None and target.country.code == planned.values.get("country"):
            planned.changes.pop("country", None)
        return planned


def _country(text: str) -> str:
    """An ISO code (NL, DE) or a country's name in English or Dutch, as its code."""
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    for language in ("en", "nl"):
        code = countries.by_name(text, language=language)
        if code:
            return str(code)
    return ""


class ProgrammeKind(Kind):
    kind = ImportKind.PROGRAMMES
    key_label = gettext_lazy("crebo code")
    required = ("name", "level")
    fields = (
        Field("qualification_code", gettext_lazy("crebo code"),
              ("crebo", "crebocode", "crebonummer", "kwalificatiecode", "opleidingscode",
               "qualificationcode", "code")),
        Field("name", gettext_lazy("name"), ("naam", "opleiding", "opleidingsnaam", "name",
                                             "kwalificatie", "programme"), 200),
        Field("level", gettext_lazy("level"), ("niveau", "level", "mboniveau")),
    )  # fmt: skip

    def key_of(self, row: Row) -> str:
        return _text(row, "qualification_code")

    def label_of(self, row: Row) -> str:
        return _text(row, "name")

    def context(self, rows: list[tuple[int, Row]], *, lock: bool) -> dict[str, Any]:
        codes = sorted({self.key_of(row) for _line, row in rows} - {""})
        found = _existing(Programme, "qualification_code", codes, lock)
        return {"existing": {programme.qualification_code: programme for programme in found}}

    def values(self, row: Row, context: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = self.texts(row, reasons, ("qualification_code", "name"))
        code = values["qualification_code"]
        if code and not re.fullmatch(r"\d{5}", code):
            reasons.append(_("The crebo code “%(value)s” is not five digits.") % {"value": code})
        level = _text(row, "level")
        values["level"] = int(level) if level in ("1", "2", "3", "4") else None
        if level and values["level"] is None:
            reasons.append(_("The level “%(value)s” is not 1, 2, 3 or 4.") % {"value": level})
        return values


class MentorKind(Kind):
    kind = ImportKind.MENTORS
    key_label = gettext_lazy("e-mail")
    required = ("first_name", "last_name")
    fields = (
        Field("email", gettext_lazy("e-mail"), ("email", "emailadres", "emailaddress",
                                                 "mail"), 254),
        Field("first_name", gettext_lazy("first name"), ("roepnaam", "voornaam",
                                                         "firstname"), 150),
        Field("last_name", gettext_lazy("last name"), ("achternaam", "naam", "lastname",
                                                       "surname"), 150),
        Field("phone", gettext_lazy("phone"), ("telefoon", "telefoonnummer", "mobiel",
                                               "phone"), 30),
    )  # fmt: skip

    def key_of(self, row: Row) -> str:
        return _text(row, "email").lower()

    def label_of(self, row: Row) -> str:
        return f"{_text(row, 'first_name')} {_text(row, 'last_name')}".strip()

    def context(self, rows: list[tuple[int, Row]], *, lock: bool) -> dict[str, Any]:
        emails = sorted({self.key_of(row) for _line, row in rows} - {""})
        # Whatever the capitals an account was typed with (Piet@School.nl): no second account.
        lowered = User.objects.annotate(
            lower_username=Lower("username"), lower_email=Lower("email")
        )
        users = _existing(lowered, "lower_username", emails, lock) + _existing(
            lowered, "lower_email", emails, lock
        )
        existing = {user.email.lower(): user for user in users}
        existing.update({user.username.lower(): user for user in users})
        return {"existing": existing}

    def values(self, row: Row, context: dict[str, Any], reasons: list[str]) -> dict[str, Any]:
        values = self.texts(row, reasons, ("first_name", "last_name", "phone"))
        values["email"] = _email(_text(row, "email"), str(gettext_lazy("e-mail")), reasons)
        return values

    def check_target(self, target: Any, reasons: list[str]) -> None:
        if target is not None and target.role != Role.MENTOR:
            reasons.append(
                _("An account with this e-mail address exists as %(role)s.")
                % {"role": target.get_role_display()}
            )


KINDS: dict[str, Kind] = {
    kind.kind: kind for kind in (StudentKind(), HostKind(), ProgrammeKind(), MentorKind())
}
