"""Issue 9, item 10: bad input gets an answer, not a traceback.

Replays what gave a 500 or a traceback: `deliveries --limit -1` and `--page 1e23`,
`render --out` to a place nobody can write, `prepare_bulletin --today` far from today, an
upload that starts like a JPEG and then is garbage (Wagtail's image upload and multiple
upload), and `/api/v3/pages/?offset=<huge>` (or a huge or negative limit).
"""

import datetime
import io

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image

from content.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("argv", [
    ["--limit", "-1"], ["--limit", "0"], ["--limit", "1e23"], ["--limit", "99999999999999999999999"],
    ["--page", "1e23"], ["--page", "100000000000000000000000"], ["--page", "-3"], ["--page", "abc"],
])
def test_deliveries_refuses_bad_numbers_in_chinese(argv):
    with pytest.raises(CommandError, match="须为"):
        call_command("deliveries", *argv)


@pytest.mark.parametrize("options", [{"limit": -1}, {"page": 10**23}, {"limit": 10**23}])
def test_deliveries_refuses_bad_numbers_passed_as_options(options):
    with pytest.raises(CommandError, match="须为"):
        call_command("deliveries", **options)


def test_deliveries_still_lists_with_good_numbers(site_tree):
    out = io.StringIO()
    call_command("deliveries", "--limit", "5", "--page", "1", stdout=out)
    assert "共 0 条" in out.getvalue()


def test_render_out_to_an_unwritable_place_is_refused_before_rendering(site_tree, tmp_path, settings):
    settings.RENDER_ON_PUBLISH = False
    page = ArticlePageFactory(parent=site_tree["credit"])
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for out in (a_file, a_file / "under", "/proc/renders", "/dev/null/renders"):
        with pytest.raises(CommandError, match="--out"):
            call_command("render", str(page.pk), "--format", "html", "--out", str(out))


@pytest.mark.parametrize("today", ["0001-01-01", "1900-01-01", "9999-12-31", "3000-06-01", "not-a-date", "2026-13-45"])
def test_prepare_bulletin_refuses_a_today_far_away_or_malformed(site_tree, today):
    with pytest.raises(CommandError, match="--today"):
        call_command("prepare_bulletin", "--today", today)


def test_prepare_bulletin_refuses_a_far_date_passed_as_an_option(site_tree):
    with pytest.raises(CommandError, match="--today"):
        call_command("prepare_bulletin", today=datetime.date(1, 1, 1))


def garbage_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#0B5CAD").save(buffer, "JPEG")
    return buffer.getvalue()[:200] + b"\x00garbage" * 500


@pytest.fixture
def admin(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "Qz7-long-enough-pw"))
    return client


def test_image_upload_of_a_broken_jpeg_is_a_form_error(admin, site_tree):
    upload = SimpleUploadedFile("broken.jpg", garbage_jpeg(), content_type="image/jpeg")
    response = admin.post(reverse("wagtailimages:add"), {"title": "坏图", "file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_image_model().objects.filter(title="坏图").exists()


def test_multiple_upload_of_a_broken_jpeg_is_a_form_error(admin, site_tree):
    upload = SimpleUploadedFile("broken.jpg", garbage_jpeg(), content_type="image/jpeg")
    response = admin.post(reverse("wagtailimages:add_multiple"), {"files[]": upload},
                          headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert not get_image_model().objects.exists()


def test_a_good_image_still_uploads(admin, site_tree):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#0B5CAD").save(buffer, "JPEG")
    upload = SimpleUploadedFile("good.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = admin.post(reverse("wagtailimages:add"), {"title": "好图", "file": upload})
    assert response.status_code == 302
    assert get_image_model().objects.get(title="好图").width == 64


@pytest.mark.parametrize("query", [
    "offset=100000000000000000000", "offset=9223372036854775808", "offset=-1", "limit=100000000000000000000",
    "limit=-5", "limit=0", "offset=abc", "limit=1e9",
])
def test_the_api_answers_bad_paging_with_a_400(client, site_tree, query):
    response = client.get(f"/api/v3/pages/?{query}")
    assert response.status_code == 400, (query, response.status_code)


def test_the_api_still_pages(client, site_tree):
    response = client.get("/api/v3/pages/?offset=1&limit=2")
    assert response.status_code == 200 and len(response.json()["items"]) <= 2
