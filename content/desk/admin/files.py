"""Screenshots, served only to agents from private storage, never cached by the browser."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from ..models import Attachment, Event
from ..screenshots import private_storage


class AttachmentView(View):
    def get(self, request, pk):
        if not request.user.has_perm("desk.view_deskrequest"):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment.objects.select_related("request"), pk=pk)
        storage = private_storage()
        if attachment.request.erased_at is not None or not storage.exists(attachment.name):
            raise Http404("截图不存在")
        Event.objects.create(request=attachment.request, actor=request.user, action=Event.Action.REVEALED, detail={"field": "screenshot", "attachment": attachment.pk})
        response = FileResponse(storage.open(attachment.name, "rb"), content_type=attachment.content_type)
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        return response
