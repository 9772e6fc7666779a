"""Issue 9, item 5: nothing private is readable under /media/.

Replays what was open: a document in a login-restricted collection read at
/media/documents/<original name>; renders of unpublished or restricted pages and 视频号
publish kits downloadable from their /media/ addresses. Images stay public, as in Wagtail.
"""

import re

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from content.factories import BulletinPageFactory, build_site_tree
from publishing.deliveries.models import Delivery
from publishing.render.services import render_page
from tests.publishing.render.helpers import make_bulletin

from .test_secrets import publish

pytestmark = pytest.mark.django_db

RANDOM_SEGMENT = re.compile(r"/[A-Za-z0-9_-]{22}/")


def body(response) -> bytes:
    """The whole body; reading a streamed one to its end is what closes its file (as a WSGI
    server would; calling close() by hand would also close the test's database connection)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def status(client, url) -> int:
    response = client.get(url)
    body(response)
    return response.status_code


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    staff_only = root.add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN)
    document = get_document_model().objects.create(
        title="内部年报", collection=staff_only, file=ContentFile(b"%PDF-1.4 internal figures", name="annual-report.pdf"),
    )
    return document


def test_a_document_in_a_restricted_collection_is_not_under_media(client, private_document):
    assert client.get("/media/documents/annual-report.pdf").status_code == 404
    assert client.get(f"/media/{private_document.file.name}").status_code == 404


def test_documents_go_through_wagtails_view_which_checks_privacy(client, private_document, django_user_model):
    anonymous = client.get(private_document.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert private_document.url.startswith("/documents/")

    client.force_login(django_user_model.objects.create_user("staff", password="Qz7-long-enough-pw"))
    allowed = client.get(private_document.url)
    assert allowed.status_code == 200 and body(allowed) == b"%PDF-1.4 internal figures"


def test_a_public_document_is_still_served_by_its_view(client, db):
    document = get_document_model().objects.create(
        title="宣传册", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"),
    )
    response = client.get(document.url)
    assert response.status_code == 200 and body(response) == b"%PDF-1.4 leaflet"


def test_private_files_are_stored_under_names_nobody_can_guess(db):
    Document = get_document_model()
    first = Document.objects.create(title="a", file=ContentFile(b"1", name="same-name.pdf"))
    second = Document.objects.create(title="b", file=ContentFile(b"2", name="same-name.pdf"))
    for document in (first, second):
        assert document.file.name.startswith("documents/") and document.file.name.endswith("/same-name.pdf")
        assert RANDOM_SEGMENT.search(document.file.name), document.file.name
        assert document.filename == "same-name.pdf"  # Wagtail still shows and serves the original name
    assert first.file.name.rsplit("/", 2)[1] != second.file.name.rsplit("/", 2)[1]


def test_images_stay_public_as_in_wagtail(client, db):
    from tests.publishing.channels.fixtures import jpeg_bytes

    image = get_image_model().objects.create(title="封面", file=ContentFile(jpeg_bytes(200, 100), name="cover.jpg"))
    rendition = image.get_rendition("width-100")
    assert status(client, f"/media/{image.file.name}") == 200
    assert status(client, rendition.url) == 200
    assert not RANDOM_SEGMENT.search(image.file.name)


@pytest.mark.parametrize("case", ["unpublished", "restricted", "restricted ancestor"])
def test_renders_of_pages_that_are_not_public_cannot_be_downloaded(client, db, case):
    tree = build_site_tree()
    bulletin = make_bulletin(tree["antifraud"])
    poster = render_page(page=bulletin, format="poster")
    files = [poster.file.name, *(record.file.name for record in poster.files.all())]
    download = reverse("render_download", args=[bulletin.pk, "poster"])
    response = client.get(download)
    assert response.status_code in (200, 302)  # public and live: readers get it (tests/publishing/test_views.py)
    body(response)

    if case == "unpublished":
        bulletin.unpublish()
    elif case == "restricted":
        PageViewRestriction.objects.create(page=bulletin, restriction_type=PageViewRestriction.PASSWORD, password="pw")
    else:
        PageViewRestriction.objects.create(page=tree["antifraud"], restriction_type=PageViewRestriction.LOGIN)

    assert client.get(download).status_code == 404
    for name in files:
        assert client.get(f"/media/{name}").status_code == 404, name
        assert RANDOM_SEGMENT.search(name), name


def test_render_files_are_never_under_media_even_for_public_pages(client, db):
    tree = build_site_tree()
    bulletin = make_bulletin(tree["antifraud"])
    poster = render_page(page=bulletin, format="poster")
    assert client.get(f"/media/{poster.file.name}").status_code == 404


def test_a_publish_kit_is_only_for_staff_with_the_permission(
    site_pages, channel_settings, fake_renders, task_queue, django_capture_on_commit_callbacks, client,
    django_user_model,
):
    for name in ("app", "wechat", "douyin"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    publish(site_pages["bulletin"], django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = Delivery.objects.get(page_id=site_pages["bulletin"].pk, channel="wechat_channels")
    kit_path = delivery.external_ids["kit_path"]
    kit_url = reverse("deliveries:kit", args=[delivery.pk])

    assert client.get(f"/media/{kit_path}").status_code == 404
    assert RANDOM_SEGMENT.search(kit_path), kit_path
    assert client.get(kit_url).status_code == 302  # to the admin's login

    editor = django_user_model.objects.create_user("editor", password="Qz7-long-enough-pw")
    editor.groups.add(Group.objects.get(name="内容编辑"))
    client.force_login(editor)
    assert client.get(kit_url).status_code in (302, 403)

    marketing = django_user_model.objects.create_user("marketing", password="Qz7-long-enough-pw")
    marketing.groups.add(Group.objects.get(name="市场运营"))
    client.force_login(marketing)
    response = client.get(kit_url)
    assert response.status_code == 200 and body(response).startswith(b"PK")


@pytest.mark.parametrize("case", ["unpublished", "restricted"])
def test_the_apps_poster_slices_are_served_only_while_the_page_is_public(client, db, case):
    """The feed lists a long-image bulletin's slices for the app: their addresses are the page's,
    not storage's, and stop answering when the page is unpublished or restricted."""
    import json

    from tests.publishing.outreach.test_feed import store_poster

    tree = build_site_tree()
    bulletin = BulletinPageFactory(parent=tree["antifraud"], issue_number=7)
    revision = bulletin.save_revision()
    revision.publish()
    store_poster(bulletin, revision=revision, slices=2)
    items = json.loads(client.get("/api/feed/").content)["items"]
    slices = next(item for item in items if item["_jinrong"]["page_type"] == "bulletin")["_jinrong"]["poster_slices"]
    urls = [entry["url"].split("://", 1)[1].split("/", 1)[1] for entry in slices]
    assert len(urls) == 2 and all(url.startswith(f"renders/{bulletin.pk}/poster/") for url in urls)
    for entry, url in zip(slices, urls, strict=True):
        response = client.get("/" + url)
        assert response.status_code == 200 and len(body(response)) == entry["size_in_bytes"]
    stored = [record.file.name for record in bulletin.render_results.get().files.all()]
    assert all(status(client, f"/media/{name}") == 404 for name in stored)

    if case == "unpublished":
        bulletin.unpublish()
    else:
        PageViewRestriction.objects.create(page=tree["antifraud"], restriction_type=PageViewRestriction.LOGIN)
    assert all(status(client, "/" + url) == 404 for url in urls)


def test_a_slice_of_an_old_version_is_not_served(client, db):
    from tests.publishing.outreach.test_feed import store_poster

    tree = build_site_tree()
    bulletin = BulletinPageFactory(parent=tree["antifraud"], issue_number=7)
    revision = bulletin.save_revision()
    revision.publish()
    old_slice = store_poster(bulletin, revision=revision, slices=1).files.get()
    url = reverse("render_slice", kwargs={"page_id": bulletin.pk, "digest": old_slice.sha256, "name": "slice-01.jpg"})
    assert status(client, url) == 200
    bulletin.refresh_from_db()
    bulletin.tip_of_week = "新的提醒"
    bulletin.save_revision().publish()
    assert status(client, url) == 404
