"""The app's feed lists a long-image page's poster slices from the stored render of its live revision."""

import json

from django.core.files.base import ContentFile

import pytest

from content.factories import BulletinPageFactory, build_site_tree
from publishing.models import RenderFile, RenderResult

from ..channels.fixtures import jpeg_bytes

pytestmark = pytest.mark.django_db


def store_poster(page, *, revision, slices: int) -> RenderResult:
    result = RenderResult(page=page, revision=revision, theme="alert-red", format="poster",
                          input_hash=f"{page.pk}-{revision.pk}-{slices}", bytes=10, width=1080, height=600 * slices)
    result.file.save("poster.jpg", ContentFile(jpeg_bytes(10, 10)), save=False)
    result.save()
    for position in range(slices, 0, -1):  # stored out of order on purpose
        data = jpeg_bytes(1080, 600, colour=f"#{position * 30:02x}0000")
        record = RenderFile(result=result, kind="slice", position=position, bytes=len(data), width=1080, height=600,
                            sha256=f"{position:064d}")
        record.file.save(f"slice-{position:02d}.jpg", ContentFile(data), save=False)
        record.save()
    return result


def feed_items(client) -> dict:
    response = client.get("/api/feed/")
    assert response.status_code == 200
    return {item["_jinrong"]["page_type"]: item for item in json.loads(response.content)["items"]}


def test_a_bulletin_feed_item_lists_the_live_posters_slices(client, settings):
    settings.RENDER_ON_PUBLISH = False
    tree = build_site_tree()
    bulletin = BulletinPageFactory(parent=tree["antifraud"], issue_number=7)
    old = bulletin.save_revision()
    old.publish()
    store_poster(bulletin, revision=old, slices=2)
    assert [s["position"] for s in feed_items(client)["bulletin"]["_jinrong"]["poster_slices"]] == [1, 2]

    bulletin.refresh_from_db()
    live = bulletin.save_revision()
    live.publish()
    # The new live revision has no poster yet: no slices rather than the old ones.
    assert "poster_slices" not in feed_items(client)["bulletin"]["_jinrong"]

    store_poster(bulletin, revision=live, slices=3)
    slices = feed_items(client)["bulletin"]["_jinrong"]["poster_slices"]
    assert [s["position"] for s in slices] == [1, 2, 3]
    assert all(s["url"].startswith("http://testserver/") and s["width"] == 1080 and s["height"] == 600 for s in slices)
    assert [s["url"].rsplit("/", 1)[-1][:8] for s in slices] == ["slice-01", "slice-02", "slice-03"]


def test_the_etag_changes_when_the_live_posters_render_finishes(client, settings):
    settings.RENDER_ON_PUBLISH = False
    tree = build_site_tree()
    bulletin = BulletinPageFactory(parent=tree["antifraud"], issue_number=8)
    revision = bulletin.save_revision()
    revision.publish()
    first = client.get("/api/feed/")
    etag = first["ETag"]
    assert "poster_slices" not in json.loads(first.content)["items"][0]["_jinrong"]
    assert client.get("/api/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    store_poster(bulletin, revision=revision, slices=2)  # the render finished after the publish
    again = client.get("/api/feed/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert len(json.loads(again.content)["items"][0]["_jinrong"]["poster_slices"]) == 2
    assert client.get("/api/feed/", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
