"""Screenshots: images only, size-limited, metadata stripped, private, served to agents only."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from content.desk.errors import ScreenshotRejected
from content.desk.models import Attachment, DeskRequest
from content.desk.screenshots import private_storage, screenshot_clean

pytestmark = pytest.mark.django_db


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretPhone"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS latitude
    exif[0x0112] = 6  # rotated 90°: the clean copy must be upright
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def test_metadata_is_stripped_and_orientation_applied():
    clean = screenshot_clean(SimpleUploadedFile("a.jpg", jpeg_with_exif(), content_type="image/jpeg"))
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif()
        assert "comment" not in image.info and "exif" not in image.info
        assert image.size == (20, 40)
    assert b"SecretPhone" not in clean.data and b"secret comment" not in clean.data


def test_png_with_transparency_stays_png():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=None)
    clean = screenshot_clean(SimpleUploadedFile("a.png", out.getvalue()))
    assert clean.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.png", b"%PDF-1.4 not an image", "不是可以识别的图片"),
        ("evil.jpg", b"<script>alert(1)</script>", "不是可以识别的图片"),
        ("cut.jpg", jpeg_with_exif()[:200], "不是可以识别的图片"),
    ],
)
def test_non_images_are_refused(name, data, message):
    with pytest.raises(ScreenshotRejected, match=message):
        screenshot_clean(SimpleUploadedFile(name, data))


def test_size_limit(settings):
    settings.DESK_SCREENSHOT_MAX_BYTES = 1000
    with pytest.raises(ScreenshotRejected, match="超过"):
        screenshot_clean(SimpleUploadedFile("big.jpg", b"x" * 2000))


def test_upload_through_the_api_is_private_and_served_only_to_agents(client, agent, settings, tmp_path, empty_cache):
    settings.DESK_PRIVATE_ROOT = tmp_path / "private"
    upload = SimpleUploadedFile("a.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = client.post("/api/desk/requests/", {"kind": "fraud_report", "text": "这是骗子的聊天截图", "screenshots": [upload]})
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert private_storage().exists(attachment.name)
    assert not str(settings.DESK_PRIVATE_ROOT).startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/admin/desk/attachment/{attachment.pk}/").status_code == 302
    client.force_login(agent)
    served = client.get(f"/admin/desk/attachment/{attachment.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"SecretPhone" not in b"".join(served.streaming_content)
    assert DeskRequest.objects.get().events.filter(action="revealed").exists()


def test_bad_screenshot_refuses_the_whole_submission(client, empty_cache):
    upload = SimpleUploadedFile("a.jpg", b"not an image")
    response = client.post("/api/desk/requests/", {"kind": "complaint", "text": "看截图", "screenshots": [upload]})
    assert response.status_code == 400
    assert "不是可以识别的图片" in json.dumps(response.json(), ensure_ascii=False)
    assert not DeskRequest.objects.exists()


def test_too_many_screenshots(client, settings, empty_cache):
    settings.DESK_SCREENSHOT_MAX_COUNT = 1
    uploads = [SimpleUploadedFile(f"{i}.jpg", jpeg_with_exif()) for i in range(2)]
    response = client.post("/api/desk/requests/", {"kind": "complaint", "text": "看截图", "screenshots": uploads})
    assert response.status_code == 400 and "最多上传 1 张" in response.json()["errors"]["screenshots"][0]
