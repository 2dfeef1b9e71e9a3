import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from tests.factories import StudentFactory
from wegwijzer.students.models import Student

pytestmark = pytest.mark.django_db


def raw_column(student, column):
    table = Student._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [student.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("medical_notes", "Diabetes type 1, insulin twice a day"),
        ("passport_number", "NX7K2P9Q4"),
        ("insurance_number", "POL-55-ZQ-0001"),
    ],
)
def test_sensitive_field_is_stored_encrypted_and_read_back_as_text(field, value):
    student = StudentFactory.create(**{field: value})

    stored = raw_column(student, field)

    assert value not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert getattr(Student.objects.get(pk=student.pk), field) == value


def test_empty_sensitive_field_stays_empty_in_the_database():
    student = StudentFactory.create(medical_notes="")

    assert raw_column(student, "medical_notes") == ""
    assert Student.objects.get(pk=student.pk).medical_notes == ""


def test_a_new_key_in_front_still_reads_values_of_the_old_key(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    student = StudentFactory.create(passport_number="NX7K2P9Q4")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]

    assert Student.objects.get(pk=student.pk).passport_number == "NX7K2P9Q4"


def test_a_wrong_key_is_an_error_not_a_token_shown_as_text(settings):
    student = StudentFactory.create(passport_number="NX7K2P9Q4")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(InvalidToken):
        Student.objects.get(pk=student.pk)


def test_reencrypt_fields_moves_values_to_the_first_key(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    student = StudentFactory.create(passport_number="NX7K2P9Q4", medical_notes="")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    call_command("reencrypt_fields", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Student.objects.get(pk=student.pk).passport_number == "NX7K2P9Q4"
    assert raw_column(student, "medical_notes") == ""
