"""The feed keeps each built item per process until the page cache's generation moves on (content/feed.py)."""

import gc
import json

from django.db import connection

import pytest

from content.models import FraudType
from tests.content.test_feed import content, get_feed  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.usefixtures("empty_cache"),
]


@pytest.fixture(autouse=True)
def collect_rendition_files():
    yield
    gc.collect()


def items_by_type(response) -> dict:
    return {item["_jinrong"]["page_type"]: item for item in json.loads(response.content)["items"]}


@pytest.mark.django_db
def test_a_second_request_builds_no_item_again(client, content):  # noqa: F811
    first = get_feed(client)
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        second = get_feed(client)
    assert second.status_code == 200
    # The same answer, hooks' additions included (they go to copies, never into the kept items).
    assert json.loads(second.content) == json.loads(first.content)
    assert json.loads(get_feed(client).content) == json.loads(first.content)
    built = [sql for sql in statements if "content_articlepage" in sql]
    assert statements, "the feed's rows and hooks were read"
    assert built == [], "the article was loaded again although its live revision was kept"


@pytest.mark.django_db
def test_a_renamed_fraud_type_shows_at_once(client, content):  # noqa: F811
    article = items_by_type(get_feed(client))["article"]
    fraud_type = FraudType.objects.get(slug="fake-credit-repair")
    assert fraud_type.name in article["tags"]

    fraud_type.name = "虚假征信（改名）"
    fraud_type.save()
    assert "虚假征信（改名）" in items_by_type(get_feed(client))["article"]["tags"]


@pytest.mark.django_db
def test_a_publish_shows_at_once(client, content):  # noqa: F811
    get_feed(client)
    page = content["article"]
    page.title = "个人信用报告怎么查（新版）"
    page.save_revision().publish()
    assert items_by_type(get_feed(client))["article"]["title"] == "个人信用报告怎么查（新版）"
