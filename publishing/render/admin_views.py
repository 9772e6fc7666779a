"""The admin's downloads of render files: any render of any page, for staff who may see that page.

Render files are private (core/storage.py, cms/media.py): readers get a live, public page's
current render through `/renders/`; editors and reviewers get every render, drafts and
restricted pages included, here, behind the admin's login and the page's permissions.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ..models import RenderFile, RenderResult


def user_may_see_page_files(user, page) -> bool:
    """Whether `user` may open `page` in the editor: with edit permission, or as the reviewer
    of its current workflow task."""
    if page.permissions_for_user(user).can_edit():
        return True
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        return bool(state.current_task_state.task.specific.user_can_access_editor(page, user))
    return False


@require_safe
def render_file(request, result_id: int, file_id: int | None = None):
    """Send a render's primary file, or one of its further files (slice, cover …), as an attachment."""
    result = get_object_or_404(RenderResult.objects.select_related("page"), pk=result_id)
    if not user_may_see_page_files(request.user, result.page.specific):
        raise PermissionDenied
    stored = result.file if file_id is None else get_object_or_404(RenderFile, pk=file_id, result=result).file
    if not stored:
        raise Http404("没有这个文件")
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404("文件已不在存储中") from error
    response = FileResponse(handle, filename=stored.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
