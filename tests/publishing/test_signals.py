"""Publishing a page queues its renders once the transaction commits."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

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


def test_a_scheduled_revision_is_rendered_when_it_goes_live(site_tree, settings, django_capture_on_commit_callbacks):
    settings.RENDER_ON_PUBLISH = False
    case = make_case_study(site_tree["antifraud"])
    case.unpublish()
    settings.RENDER_ON_PUBLISH = {"casestudypage": ("pdf",)}
    go_live_at = timezone.now() + datetime.timedelta(days=1)
    case.go_live_at = go_live_at
    with django_capture_on_commit_callbacks(execute=True):
        revision = case.save_revision()
        revision.publish()
    assert not RenderResult.objects.filter(page=case).exists(), "scheduled: nothing rendered for readers yet"
    with time_machine.travel(go_live_at + datetime.timedelta(minutes=1), tick=True):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled", verbosity=0)
    result = RenderResult.objects.get(page=case)
    assert result.revision_id == revision.pk and result.status == RenderResult.STATUS_SUCCEEDED
