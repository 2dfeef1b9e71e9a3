from uuid import UUID

from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.documents.services import record_download


@require_GET
def document_download(request: AuthenticatedHttpRequest, public_id: UUID) -> FileResponse:
    """Hand out a document to someone who may see its mobility, always as a download."""
    document = access.document_for(request.user, public_id)
    try:
        stored = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    record_download(document, by=request.user)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Personal documents stay out of shared caches and the browser's back-forward cache.
    add_never_cache_headers(response)
    return response
