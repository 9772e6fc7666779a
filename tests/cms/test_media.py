"""Tests for cms/media.py: the public files (images) served from MEDIA_ROOT."""

from pathlib import Path

from django.conf import settings

import pytest


@pytest.fixture
def media_file():
    folder = Path(settings.MEDIA_ROOT) / "images"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "poster.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n-poster-")
    yield path
    path.unlink()


@pytest.mark.django_db
def test_a_media_file_is_served_with_a_day_of_caching(client, media_file):
    response = client.get("/media/images/poster.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n-poster-"
    assert response["Content-Type"] == "image/png"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_missing_file_is_404(client, media_file):
    assert client.get("/media/images/missing.png").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/media/../cms/settings/base.py", "/media/%2e%2e/manage.py"])
def test_paths_outside_media_root_are_refused(client, media_file, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


@pytest.mark.django_db
def test_only_safe_methods(client, media_file):
    assert client.post("/media/images/poster.png").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["documents", "renders/12/poster", "deliveries/kits", "test-media"])
def test_files_outside_the_public_image_folders_are_404(client, folder):
    path = Path(settings.MEDIA_ROOT) / folder / "file.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n-private-")
    try:
        assert client.get(f"/media/{folder}/file.png").status_code == 404
        assert client.get(f"/media/images/../{folder}/file.png").status_code == 404
    finally:
        path.unlink()
