"""Publishing a page queues its renders once the transaction commits."""

import pytest

from publishing.models import RenderResult
from publishing.signals import DEFAULT_RENDER_ON_PUBLISH, formats_on_publish
from tests.publishing.render.helpers import make_case_study


def test_default_formats_per_page_type(site_tree, settings):
    del settings.RENDER_ON_PUBLISH  # the defaults, as production has them
    case = make_case_study(site_tree["antifraud"])
    assert formats_on_publish(case) == ("poster", "pdf")
    assert DEFAULT_RENDER_ON_PUBLISH["bulletinpage"] == ("poster", "video")
    assert formats_on_publish(site_tree["antifraud"]) == ()


def test_publish_renders_after_commit(site_tree, settings, django_capture_on_commit_callbacks):
    settings.RENDER_ON_PUBLISH = {"casestudypage": ("pdf",)}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = make_case_study(site_tree["antifraud"])
    assert len(callbacks) >= 1
    result = RenderResult.objects.get(page=case)
    assert result.format == "pdf" and result.status == RenderResult.STATUS_SUCCEEDED
    case.refresh_from_db()
    assert result.revision_id == case.live_revision_id


def test_nothing_is_queued_when_switched_off(site_tree, settings, django_capture_on_commit_callbacks):
    settings.RENDER_ON_PUBLISH = False
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case_study(site_tree["antifraud"])
    assert not RenderResult.objects.filter(page=case).exists()


@pytest.mark.parametrize("configured", [{}, {"articlepage": ("poster",)}])
def test_unlisted_page_types_are_not_rendered(site_tree, settings, configured):
    settings.RENDER_ON_PUBLISH = configured
    assert formats_on_publish(make_case_study(site_tree["antifraud"])) == ()
