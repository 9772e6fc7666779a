"""The feed's query string checked: which column, from which cursor, how many items."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.db.models import Q

from ..models import ColumnPage
from ..models.pages import COLUMN_CHOICES

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


class FeedQueryError(Exception):
    """A feed request that cannot be answered as asked; `message` is shown to the app, `status` is the HTTP status."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnknownColumn(FeedQueryError):
    status = 404


class BadCursor(FeedQueryError):
    pass


class BadLimit(FeedQueryError):
    pass


@dataclass(frozen=True)
class FeedQuery:
    """One checked feed request: an optional column, where to start, and how many items."""

    column: ColumnPage | None = None
    cursor: tuple[datetime.datetime | None, int] | None = None
    limit: int = DEFAULT_LIMIT

    def params(self, *, cursor: str | None = None) -> dict:
        """The query-string parameters that ask for this feed again, starting at `cursor`."""
        params = {}
        if self.column is not None:
            params["column"] = self.column.column_key
        if cursor:
            params["cursor"] = cursor
        if self.limit != DEFAULT_LIMIT:
            params["limit"] = self.limit
        return params


def encode_cursor(published_at: datetime.datetime | None, pk: int) -> str:
    """Return the opaque, URL-safe cursor for the item published at `published_at` with primary key `pk`.

    >>> encode_cursor(datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC), 42)
    'MjAyNS0wMy0wMVQwMDowMDowMCswMDowMHw0Mg'
    """
    stamp = published_at.astimezone(datetime.UTC).isoformat() if published_at else ""
    return base64.urlsafe_b64encode(f"{stamp}|{pk}".encode()).decode("ascii").rstrip("=")


def decode_cursor(token: str) -> tuple[datetime.datetime | None, int]:
    """Return the (first_published_at, pk) pair a cursor encodes; raise BadCursor if it is not one of ours."""
    error = BadCursor("cursor 参数无效：请直接使用上一页返回的 next_url 翻页。")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        stamp, pk_text = raw.split("|")
        pk = int(pk_text)
        published_at = datetime.datetime.fromisoformat(stamp) if stamp else None
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise error from exc
    if pk < 1 or (published_at is not None and published_at.tzinfo is None):
        raise error
    if encode_cursor(published_at, pk) != token:
        raise error
    return published_at, pk


def feed_query_from_params(*, params) -> FeedQuery:
    """Check the feed's query string (`column`, `cursor`, `limit`) and return it as a FeedQuery.

    `column` is a column key (credit, loans, aml, antifraud) or the column page's slug;
    `limit` defaults to 20 and is capped at 50. Raises UnknownColumn, BadCursor or BadLimit
    with a message in Chinese.
    """
    column = None
    column_param = (params.get("column") or "").strip()
    if column_param:
        column = ColumnPage.objects.live().filter(Q(column_key=column_param) | Q(slug=column_param)).first()
        if column is None:
            keys = "、".join(key for key, _label in COLUMN_CHOICES)
            raise UnknownColumn(f"没有找到栏目“{column_param}”。可用的栏目：{keys}。")

    limit_param = (params.get("limit") or "").strip()
    limit = DEFAULT_LIMIT
    if limit_param:
        try:
            limit = int(limit_param)
        except ValueError:
            limit = 0
        if limit < 1:
            raise BadLimit(f"limit 参数应为 1 到 {MAX_LIMIT} 之间的整数。")
        limit = min(limit, MAX_LIMIT)

    cursor_param = (params.get("cursor") or "").strip()
    cursor = decode_cursor(cursor_param) if cursor_param else None
    return FeedQuery(column=column, cursor=cursor, limit=limit)
