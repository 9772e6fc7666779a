"""One way in for both the web form and the app's API: validate, check the screenshots, submit.

`submission_take(data=..., files=..., channel=...)` returns either the receipt or the errors
per field, so the two views only differ in how they read the request and write the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ScreenshotRejected
from .forms import DeskRequestForm
from .screenshots import CleanImage, max_count, screenshot_clean
from .services import Receipt, request_submit


@dataclass
class Intake:
    form: DeskRequestForm
    receipt: Receipt | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def submission_take(*, data, files: list, channel: str) -> Intake:
    """Validate `data` and the uploaded `files` (screenshots); submit when everything is right."""
    form = DeskRequestForm(data)
    intake = Intake(form=form)
    valid = form.is_valid()
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    images: list[CleanImage] = []
    if len(files) > max_count():
        errors.setdefault("screenshots", []).append(f"最多上传 {max_count()} 张截图。")
    else:
        for upload in files:
            try:
                images.append(screenshot_clean(upload))
            except ScreenshotRejected as error:
                errors.setdefault("screenshots", []).append(str(error))
    intake.errors = errors
    if not valid or errors:
        return intake
    data = form.cleaned_data
    intake.receipt = request_submit(
        kind=data["kind"],
        text=data["text"],
        name=data["name"],
        phone=data["phone"],
        consent=bool(data["consent"]),
        page_id=data.get("page"),
        channel=channel,
        screenshots=images,
    )
    return intake
