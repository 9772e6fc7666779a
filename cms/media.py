"""Serving the public files of MEDIA_ROOT (images) when no web server or object storage does it."""

import posixpath

from django.http import Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from core.storage import is_public_media

MEDIA_MAX_AGE = 24 * 3600


@require_safe
@cache_control(public=True, max_age=MEDIA_MAX_AGE)
def media_serve(request, path, document_root):
    """Send one image under `document_root`; 404 for anything missing, outside it or private.

    Only Wagtail's original images and renditions (settings.PUBLIC_MEDIA_PREFIXES) are
    public files. Documents, renders and publish kits live in the same folder but are
    only ever sent by the views that check who may have them: Wagtail's document view,
    `/renders/` and the admin. Behind nginx or with object storage, set SERVE_MEDIA=false
    and let those serve the same prefixes only (README, "Privacy, secrets and limits").
    """
    path = posixpath.normpath(path).lstrip("/")
    if not is_public_media(path):
        raise Http404("没有这个文件")
    return serve(request, path, document_root=document_root)
