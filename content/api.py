"""What the Wagtail API v3 (mounted at /api/v3/) shows of the content pages.

Wagtail 8's API v3 builds one read schema per page type from the type's
`api_fields`, the same list the DRF-based API v2 uses. Plain model fields need
nothing more; the fields here turn relations into something the app can show
without a second request: a cover rendition, the column, fraud types by name.

The page models import this module, so it must not import `content.models` or
`wagtail.api.v3.api` at module level (the latter builds its schemas from the page
models as soon as it is imported). `api_urls()` gives the URL patterns to mount.

Every endpoint checks `offset` and `limit` before Wagtail sees them: a huge offset reached
the database as an integer it cannot hold (a 500), and a negative one was a 422; both are
now a 400 that says what is allowed.
"""

import functools
import re
from typing import Any

from django.conf import settings
from django.http import JsonResponse
from django.urls import URLPattern

from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from rest_framework.fields import Field
from typing_extensions import TypedDict

# Share cards and list covers are 900x383 (see ReaderPage.cover_image's help text).
COVER_RENDITION = "fill-900x383"


class FraudTypeDict(TypedDict):
    id: int
    name: str
    slug: str


class ColumnDict(TypedDict):
    id: int
    key: str
    title: str
    slug: str


def _fraud_type_dict(fraud_type) -> FraudTypeDict:
    return FraudTypeDict(id=fraud_type.pk, name=fraud_type.name, slug=fraud_type.slug)


class FraudTypeField(Field):
    """One fraud type (a foreign key) as {"id", "name", "slug"}, e.g. 刷单返利."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> FraudTypeDict:
        return _fraud_type_dict(value)


class FraudTypeListField(Field):
    """Several fraud types (a many-to-many field) as a list of {"id", "name", "slug"}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance) -> list[Any]:
        return list(getattr(instance, self.source).all())

    def to_representation(self, value) -> list[FraudTypeDict]:
        return [_fraud_type_dict(fraud_type) for fraud_type in value]


class ColumnField(Field):
    """The column a page lives in, as {"id", "key", "title", "slug"}; key is credit, loans, aml or antifraud."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> ColumnDict:
        return ColumnDict(id=value.pk, key=value.column_key, title=value.title, slug=value.slug)


class CaseStudyMeta(TypedDict):
    type: str


class CaseStudyRefDict(TypedDict):
    id: int
    title: str
    meta: CaseStudyMeta


class ReaderCaseStudyField(Field):
    """A referenced case study as {"id", "title", "meta"}, or null unless it is live and public
    (a draft or a private case is not shown, not even its id; see `case_study_for_readers`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        from .selectors import case_study_for_readers

        return case_study_for_readers(getattr(instance, f"{self.source}_id", None))

    def to_representation(self, value) -> CaseStudyRefDict:
        return CaseStudyRefDict(id=value.pk, title=value.title, meta=CaseStudyMeta(type="content.CaseStudyPage"))


def cover_api_field() -> APIField:
    """The cover image as a rendition: {"url", "full_url", "width", "height", "alt"}."""
    return APIField("cover", serializer=ImageRenditionField(COVER_RENDITION, source="cover_image"))


# Far more than there are pages; small enough for every database's integer.
MAX_OFFSET = 1_000_000_000
_WHOLE = re.compile(r"[0-9]{1,19}")


def paging_problem(query) -> str | None:
    """Why the `offset` or `limit` of an API query (a QueryDict) cannot be used, or None when they can.

    >>> paging_problem(QueryDict("offset=-1"))  # doctest: +SKIP
    'offset 须为 0 到 1000000000 之间的整数（offset must be a whole number from 0 to 1000000000）。'
    """
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_OFFSET
    for name, low, high in (("offset", 0, MAX_OFFSET), ("limit", 1, limit_max)):
        for value in query.getlist(name):
            if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
                return f"{name} 须为 {low} 到 {high} 之间的整数（{name} must be a whole number from {low} to {high}）。"
    return None


def _paging_checked(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        problem = paging_problem(request.GET)
        if problem is not None:
            body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": problem}
            return JsonResponse(body, status=400, content_type="application/problem+json",
                                json_dumps_params={"ensure_ascii": False})
        return view(request, *args, **kwargs)

    return checked


def api_urls():
    """The URL patterns of the API v3, with the page types' schemas built from their `api_fields`,
    each endpoint answering a bad `offset` or `limit` with a 400 (see `paging_problem`).

    >>> path("api/v3/", api_urls())  # in cms/urls.py, before Wagtail's catch-all
    """
    from wagtail.api.v3.urls import api

    patterns, app_name, namespace = api.urls
    checked = [
        URLPattern(pattern.pattern, _paging_checked(pattern.callback), pattern.default_args, pattern.name)
        if isinstance(pattern, URLPattern) else pattern
        for pattern in patterns
    ]
    return checked, app_name, namespace
