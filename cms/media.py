"""Serving uploaded and rendered files from MEDIA_ROOT when no web server or object storage does it."""

from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

MEDIA_MAX_AGE = 24 * 3600


@require_safe
@cache_control(public=True, max_age=MEDIA_MAX_AGE)
def media_serve(request, path, document_root):
    """Send one file under `document_root`; 404 for anything missing or outside it.

    On one machine with files under media/ this is what serves the images readers see.
    Behind nginx or with object storage, set SERVE_MEDIA=false and let those serve them.
    """
    return serve(request, path, document_root=document_root)
