"""Background render tasks: a task renders and reports; a failure is reported, not raised."""

import pytest

from publishing.models import RenderResult
from publishing.tasks import render_page_task
from tests.publishing.render.helpers import make_case_study


@pytest.fixture
def case(site_tree, settings):
    settings.RENDER_ON_PUBLISH = False
    return make_case_study(site_tree["antifraud"])


def test_task_renders_and_returns_the_result(case):
    outcome = render_page_task.enqueue(page_id=case.pk, format="pdf").return_value
    assert outcome["status"] == "succeeded"
    result = RenderResult.objects.get(pk=outcome["result_id"])
    assert result.page_id == case.pk and result.file.name == outcome["file"]


def test_task_reports_a_failed_render(case):
    outcome = render_page_task.enqueue(page_id=case.pk, format="pdf", theme="no-such-theme").return_value
    assert outcome["status"] == "failed"
    assert "no-such-theme" in outcome["error"]


def test_task_for_a_deleted_page_is_skipped(db):
    assert render_page_task.enqueue(page_id=987654, format="poster").return_value["status"] == "skipped"
