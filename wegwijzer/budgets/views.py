from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.budgets import pdf, services
from wegwijzer.budgets.figures import figures_for
from wegwijzer.budgets.forms import EXTRA_ROWS, line_formsets
from wegwijzer.budgets.models import BudgetLine, Kind
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.mobilities.models import Mobility


def _lines(mobility: Mobility) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(budget__mobility=mobility)


@require_GET
def budget_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The budget: costs against income, per month and in total, with a warning when
    the costs exceed the income."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_see_budget(request.user, mobility))
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "figures": figures_for(mobility, list(_lines(mobility))),
        "can_edit": access.can_edit_budget(request.user, mobility),
    }
    response = render(request, "budgets/budget_detail.html", context)
    add_never_cache_headers(response)
    return response


def budget_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The lines of the budget, costs and income, with blank rows to add more."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_edit_budget(request.user, mobility))
    more = request.POST.get("more") if request.method == "POST" else None
    if more in (Kind.COST, Kind.INCOME):
        # "Add rows": the same form again with more empty rows of that kind, nothing saved.
        data = request.POST.copy()
        total = f"{more}-TOTAL_FORMS"
        data[total] = str(int(data.get(total) or 0) + EXTRA_ROWS)
        formsets = line_formsets(_lines(mobility), data)
        return _edit_page(request, mobility, formsets, errors=[], has_errors=False)
    formsets = line_formsets(_lines(mobility), request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and all(formset.is_valid() for formset in formsets):
        try:
            services.save_lines(mobility, by=request.user, formsets=formsets)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The budget is saved."))
            return redirect("budgets:detail", public_id=mobility.public_id)
    has_errors = bool(errors) or any(formset.total_error_count() for formset in formsets)
    return _edit_page(request, mobility, formsets, errors=errors, has_errors=has_errors)


def _edit_page(
    request: AuthenticatedHttpRequest,
    mobility: Mobility,
    formsets: list[Any],
    *,
    errors: list[str],
    has_errors: bool,
) -> HttpResponse:
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "formsets": formsets,
        "errors": errors,
        "has_errors": has_errors,
    }
    response = render(request, "budgets/budget_form.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
def budget_pdf(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The budget as a PDF in the reader's language; each download is in the audit trail."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_see_budget(request.user, mobility))
    content = pdf.render_budget(mobility, figures_for(mobility, list(_lines(mobility))))
    services.record_pdf_download(mobility, by=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(mobility)}"'
    add_never_cache_headers(response)
    return response
