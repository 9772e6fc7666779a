"""Wagtail's search backend for the admin, taught Chinese: page searches go through our bigram tokens.

The database backend splits on spaces, so 征信修复 was one unknown word in the admin's page
search and the page choosers. Reader pages index a `search_tokens` field of ASCII bigrams
(tokens.py); this backend turns a query with Han characters on pages into the same tokens
(`admin_query_tokens`: every word of the query, all required) and runs a full-text search
on them instead of Wagtail's prefix autocomplete. Other models (images, documents, users,
snippets) search as before. Same on SQLite FTS5 and PostgreSQL: the tokens are ASCII.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "content.search.backend", …}}.
"""

from __future__ import annotations

import functools
import re

from django.db.models import QuerySet

from modelsearch.query import PlainText

from .tokens import admin_query_tokens

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _is_page_model(model) -> bool:
    from wagtail.models import Page

    return isinstance(model, type) and issubclass(model, Page)


@functools.cache
def _chinese_backend_class(base: type) -> type:
    class ChineseSearchBackend(base):
        """`base` (the database's own backend) with Chinese page queries tokenised first."""

        def _tokenised(self, query, model_or_queryset):
            model = model_or_queryset.model if isinstance(model_or_queryset, QuerySet) else model_or_queryset
            if isinstance(query, PlainText):  # the admin's page search parses the query first
                query = query.query_string
            if isinstance(query, str) and _HAN.search(query) and _is_page_model(model):
                return admin_query_tokens(query)
            return None

        def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
            tokens = self._tokenised(query, model_or_queryset)
            if tokens is not None:
                return super().search(tokens, model_or_queryset, operator="and", order_by_relevance=order_by_relevance)
            return super().search(query, model_or_queryset, fields=fields, operator=operator,
                                  order_by_relevance=order_by_relevance)

        def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
            tokens = self._tokenised(query, model_or_queryset)
            if tokens is not None:
                return super().search(tokens, model_or_queryset, operator="and", order_by_relevance=order_by_relevance)
            return super().autocomplete(query, model_or_queryset, fields=fields, operator=operator,
                                        order_by_relevance=order_by_relevance)

    ChineseSearchBackend.__name__ = f"Chinese{base.__name__}"
    return ChineseSearchBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks up this name)
    """The database backend Wagtail would pick for this database, with Chinese page queries tokenised."""
    from modelsearch.backends.database import SearchBackend as database_backend

    backend = database_backend(params)
    return _chinese_backend_class(type(backend))(params)
