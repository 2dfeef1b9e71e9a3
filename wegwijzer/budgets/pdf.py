"""The budget as a PDF, for printing or sending on: one document in the reader's language.

Made the way the emergency card is (whereabouts/card.py): a template, a static stylesheet
and WeasyPrint, fetching nothing.
"""

from django.template.loader import render_to_string
from django.utils import translation

from wegwijzer.budgets.figures import Figures
from wegwijzer.mobilities.models import Mobility
from wegwijzer.whereabouts.card import write_pdf

STYLESHEET = "budgets/budget_pdf.css"


def filename(mobility: Mobility) -> str:
    """The download's name: the mobility's opaque id, no name or place."""
    return f"begroting-{mobility.public_id}.pdf"


def render_budget(mobility: Mobility, figures: Figures) -> bytes:
    html = render_to_string(
        "budgets/budget_pdf.html",
        {
            "mobility": mobility,
            "student": mobility.student,
            "figures": figures,
            "language": translation.get_language(),
        },
    )
    return write_pdf(html, stylesheet=STYLESHEET)
