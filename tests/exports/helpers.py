import csv
import io

from django.utils import translation
from openpyxl import load_workbook

from wegwijzer.audit.models import AuditEntry
from wegwijzer.audit.phrases import render


def csv_rows(response) -> list[dict[str, str]]:
    """The rows of a streamed CSV download, by heading."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[tuple]:
    """The rows of an XLSX download, the headings first."""
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def export_note(label: str) -> str:
    """The note of the one audit entry of an export of the list `label`, in English."""
    entry = AuditEntry.objects.get(object_label=label)
    with translation.override("en"):
        return render(entry.texts["note"])
