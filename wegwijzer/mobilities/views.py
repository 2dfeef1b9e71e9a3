from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest


def mobility_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    return render(request, "mobilities/mobility_detail.html", {"mobility": mobility})
