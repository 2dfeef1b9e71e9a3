from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from wegwijzer.privacy.erasure import erase_student
from wegwijzer.privacy.retention import expired_students


class Command(BaseCommand):
    help = (
        "Erase (anonymise) the students whose last stay abroad ended more than "
        "RETENTION_YEARS ago. The daily task does this too; --dry-run only lists them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the students, change nothing."
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        students = list(expired_students())
        years = settings.RETENTION_YEARS
        if dry_run:
            self.stdout.write(f"{len(students)} students past the retention of {years} years:")
            for student in students:
                last_ended = getattr(student, "last_ended", None)  # annotated by the query
                ended = last_ended.isoformat() if last_ended else "no stay abroad"
                self.stdout.write(f"{student.student_number}\t{ended}")
            return
        for student in students:
            erase_student(student, by=None)
        self.stdout.write(f"Erased {len(students)} students past the retention of {years} years.")
