"""Issue 9, item 6: text that looks like an internal image marker saves, previews and delivers as written.

Replays the 500: a summary or body containing `jrcs-image:foo` made the WeChat article
builder look for an uploaded image called `foo` (KeyError) when the page was saved (the
WeChat length check) and previewed.
"""

from django.contrib.auth.models import User
from django.urls import reverse

import pytest

from content.models import ArticlePage
from publishing.channels.wechat.content import article_build

pytestmark = pytest.mark.django_db

TEXT = "扫码即送 jrcs-image:foo 和 jrcs-image:image-1 都是普通文字"


@pytest.fixture
def admin(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "Qz7-long-enough-pw"))
    return client


def test_an_editor_saves_and_previews_text_that_looks_like_a_marker(admin, site_pages, settings):
    settings.RENDER_ON_PUBLISH = False
    article = site_pages["article"]
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    form = admin.get(edit_url).context["form"]
    data = {name: form[name].value() for name in ("title", "slug", "author")}
    data.update({"summary": TEXT, "body-count": "0", "fraud_types": []})

    response = admin.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:500]
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().summary == TEXT
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert admin.post(preview_url, data).json()["is_valid"]
    for mode, _label in article.preview_modes:
        assert admin.get(preview_url, {"mode": mode}).status_code == 200
        view_draft = reverse("wagtailadmin_pages:view_draft", args=(article.pk,))
        assert admin.get(view_draft, {"mode": mode}).status_code == 200


def test_the_wechat_article_carries_the_text_unchanged(site_pages):
    article = site_pages["article"]
    article.summary = TEXT
    built = article_build(page=article, page_url="https://h5.example.com/a/")
    urls = {image.key: f"http://mmbiz.qpic.cn/{image.key}/0" for image in built.images}
    assert built.images and built.limit_problems() == {}
    final = built.content_with(urls)
    assert TEXT in final and built.digest == TEXT
    for image in built.images:
        assert urls[image.key] in final


def test_the_delivered_article_carries_the_text_unchanged(site_pages, channel_settings, wechat_sandbox, app_sandbox,
                                                          fake_renders, task_queue, django_capture_on_commit_callbacks):
    article = site_pages["article"]
    article.summary = TEXT
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    task_queue.run()

    (draft,) = wechat_sandbox.drafts.values()
    assert TEXT in draft["articles"][0]["content"] and draft["articles"][0]["digest"] == TEXT
