"""The app's JSON Feed 1.1 (/api/feed/): live articles, case studies and bulletins, newest first.

The feed is read in three steps, each a selector the view calls in turn:

1. `feed_query_from_params` (query.py) checks the query string (`column`, `cursor`, `limit`);
2. `feed_etag` (selection.py) answers, with two small queries (the restricted paths, then
   one aggregate), whether anything the page shows has changed, so that a client holding
   the same ETag gets a 304 without the body ever being built;
3. `feed_document` (document.py) builds the page of items with a fixed number of queries
   whatever the page size, and reuses each item's rendered HTML (html.py) from the cache,
   keyed by the page's live revision, so that publishing shows up at once.

Higher layers add to each item through the `construct_feed_items` Wagtail hook
(content/extensions.py): publishing lists the page's long-image poster (and, for case
studies, its PDF) as JSON Feed `attachments`, stable addresses that redirect to the render
of the page as it is now (publishing/downloads.py), and a bulletin's poster slices in
`_jinrong.poster_slices`.

Pages are ordered by (first_published_at, pk), newest first; the cursor in
`next_url` encodes the last item's pair, so the next page starts right after it
even when new pages are published in between.
"""

from .document import JSON_FEED_VERSION, feed_document
from .query import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    BadCursor,
    BadLimit,
    FeedQuery,
    FeedQueryError,
    UnknownColumn,
    decode_cursor,
    encode_cursor,
    feed_query_from_params,
)
from .selection import feed_etag

CONTENT_TYPE = "application/feed+json; charset=utf-8"
CACHE_MAX_AGE = 60

__all__ = [
    "CACHE_MAX_AGE",
    "CONTENT_TYPE",
    "DEFAULT_LIMIT",
    "JSON_FEED_VERSION",
    "MAX_LIMIT",
    "BadCursor",
    "BadLimit",
    "FeedQuery",
    "FeedQueryError",
    "UnknownColumn",
    "decode_cursor",
    "encode_cursor",
    "feed_document",
    "feed_etag",
    "feed_query_from_params",
]
