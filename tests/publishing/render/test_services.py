"""The render service: stored results, the content-hash cache and failures that keep good renders."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest
from PIL import Image as PILImage

from content.factories import ImageFactory
from publishing.models import RenderResult
from publishing.render import services
from publishing.render.errors import ImageRenderError, ImageTooLargeError, ThemeTemplateMissingError
from publishing.render.selectors import render_result_latest
from publishing.render.services import render_page

from .helpers import make_case_study


@pytest.fixture
def case(tree, no_render_on_publish):
    return make_case_study(tree["antifraud"])


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    real = services.render_output

    def counting(**kwargs):
        calls.append(kwargs["format"])
        return real(**kwargs)

    monkeypatch.setattr(services, "render_output", counting)
    return calls


def test_render_is_stored_with_size_and_hash(case):
    result = render_page(page=case, format="pdf")
    assert result.status == RenderResult.STATUS_SUCCEEDED
    case.refresh_from_db()
    assert result.theme == "alert-red" and result.revision_id == case.live_revision_id
    assert default_storage.exists(result.file.name)
    assert result.file.name.startswith(f"renders/{case.pk}/pdf/alert-red/")
    assert result.bytes == default_storage.size(result.file.name)
    assert len(result.sha256) == 64 and len(result.input_hash) == 64
    assert (result.width, result.height) == (595, 842)


def test_unchanged_page_and_theme_is_never_rendered_twice(case, count_renders):
    first = render_page(page=case, format="pdf")
    second = render_page(page=case, format="pdf")
    assert first.pk == second.pk
    assert count_renders == ["pdf"]
    assert RenderResult.objects.filter(page=case).count() == 1


def test_changed_content_or_theme_renders_again(case, count_renders):
    first = render_page(page=case, format="pdf")
    other_theme = render_page(page=case, format="pdf", theme="calm-blue")
    case.region = "江苏南京"
    case.save_revision().publish()
    changed = render_page(page=case, format="pdf")
    assert len({first.pk, other_theme.pk, changed.pk}) == 3
    assert count_renders == ["pdf", "pdf", "pdf"]
    assert render_result_latest(page=case, format="pdf", theme="alert-red").pk == changed.pk


def test_force_replaces_the_stored_render(case, count_renders):
    first = render_page(page=case, format="pdf")
    again = render_page(page=case, format="pdf", force=True)
    assert again.pk != first.pk and again.input_hash == first.input_hash
    assert not RenderResult.objects.filter(pk=first.pk).exists()
    assert default_storage.exists(again.file.name)


def test_poster_result_keeps_slices_covers_thumbnail_and_transcript(case):
    result = render_page(page=case, format="poster")
    kinds = sorted({record.kind for record in result.files.all()})
    assert kinds == ["cover_square", "cover_wide", "slice", "thumbnail", "transcript"]
    assert result.width == 1080 and result.height > 3000
    assert case.title in result.transcript
    for record in result.files.all():
        assert default_storage.exists(record.file.name) and record.bytes == default_storage.size(record.file.name)


def add_image_block(page, image):
    page.body = [("image", {"image": image, "caption": "诈骗短信截图", "alt": ""})]
    page.save_revision().publish()


def test_broken_image_fails_and_keeps_the_earlier_render(case):
    good = render_page(page=case, format="pdf")
    image = ImageFactory()
    add_image_block(case, image)
    with default_storage.open(image.file.name, "wb") as handle:
        handle.write(b"this is not an image at all")
    with pytest.raises(ImageRenderError) as caught:
        render_page(page=case, format="pdf")
    assert image.title in caught.value.message and "无法读取" in caught.value.message
    failed = RenderResult.objects.get(page=case, status=RenderResult.STATUS_FAILED)
    assert failed.error == caught.value.message
    assert render_result_latest(page=case, format="pdf").pk == good.pk
    assert default_storage.exists(good.file.name)


def test_image_over_the_pixel_limit_fails_clearly(case, monkeypatch):
    add_image_block(case, ImageFactory())
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 100_000)
    with pytest.raises(ImageTooLargeError) as caught:
        render_page(page=case, format="poster")
    assert "900×383" in caught.value.message and "超过允许的上限" in caught.value.message
    assert RenderResult.objects.filter(page=case, status=RenderResult.STATUS_FAILED).count() == 1
    assert not RenderResult.objects.filter(page=case, status=RenderResult.STATUS_SUCCEEDED).exists()


def test_theme_missing_a_template_fails_clearly(case, settings, tmp_path):
    import shutil

    from themes.catalogue import themes_dir

    shutil.copytree(themes_dir(), tmp_path / "posters")
    (tmp_path / "posters" / "alert-red" / "pdf.html").unlink()
    settings.POSTER_THEMES_DIR = tmp_path / "posters"
    with pytest.raises(ThemeTemplateMissingError) as caught:
        render_page(page=case, format="pdf")
    assert "警示红" in caught.value.message and "pdf.html" in caught.value.message
    assert RenderResult.objects.get(page=case).status == RenderResult.STATUS_FAILED


def test_a_file_gone_from_storage_is_rendered_again(case, count_renders):
    first = render_page(page=case, format="pdf")
    default_storage.delete(first.file.name)
    second = render_page(page=case, format="pdf")
    assert count_renders == ["pdf", "pdf"]
    assert default_storage.exists(second.file.name)


def test_stored_files_are_content_addressed(case):
    result = render_page(page=case, format="pdf")
    assert result.input_hash[:20] in result.file.name
    default_storage.save("renders/unrelated.txt", ContentFile(b"x"))
    assert render_page(page=case, format="pdf").pk == result.pk


def test_images_load_from_storage_into_the_render(case):
    image = ImageFactory()
    add_image_block(case, image)
    result = render_page(page=case, format="pdf")
    assert result.status == RenderResult.STATUS_SUCCEEDED and result.warnings == []
    # The image (a solid blue 900x383 picture) made the PDF carry an image stream.
    with default_storage.open(result.file.name, "rb") as handle:
        assert b"/Subtype /Image" in handle.read()
