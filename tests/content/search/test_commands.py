"""Tests for `manage.py search_reindex`."""

from io import StringIO

from django.core.management import call_command

import pytest

from content.models import SearchDocument
from content.search.engine import search

pytestmark = pytest.mark.django_db


def test_reindex_restores_a_lost_index(library):
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "5 个页面" in out.getvalue()
    assert search(query="砍头息")[0].title == library["upfront"].title
