"""The drafts that phone previews leave in the account's draft box, deleted once they are not needed.

WeChat previews only a draft (`message/mass/preview` takes a draft's media_id), so every
preview adds one to the 草稿箱 the editors also use. The preview a reader has on the phone
may still be opened for a while, so a draft is not deleted at once: it goes when the same
page is previewed again (the newer preview replaces it) or when it is older than
`KEEP_FOR` (the hourly job). A deletion WeChat refuses is tried again the next hour; a draft
already gone (40007) is forgotten.
"""

import datetime
import logging

from django.utils import timezone

from publishing.channels.base import WECHAT, ChannelError, get_channel

from .models import PreviewDraft

logger = logging.getLogger(__name__)

KEEP_FOR = datetime.timedelta(hours=24)
GONE = "40007"


def preview_draft_record(*, page_id: int, media_id: str) -> None:
    """Remember the draft a preview of the page was made from."""
    PreviewDraft.objects.get_or_create(media_id=media_id, defaults={"page_id": page_id})


def _delete(client, drafts) -> int:
    deleted = 0
    for draft in drafts:
        try:
            client.draft_delete(media_id=draft.media_id)
        except ChannelError as error:
            if error.code != GONE:
                logger.warning("Could not delete preview draft %s of page %s: %s", draft.pk, draft.page_id, error.code)
                continue
        draft.delete()
        deleted += 1
    return deleted


def preview_drafts_replace(*, client, page_id: int, keep: str) -> int:
    """Delete the page's earlier preview drafts, keeping `keep` (the one just previewed); returns how many went."""
    return _delete(client, PreviewDraft.objects.filter(page_id=page_id).exclude(media_id=keep))


def preview_drafts_clean(*, now: datetime.datetime | None = None) -> int:
    """Delete the preview drafts older than KEEP_FOR; returns how many went (0 when WeChat is not configured)."""
    old = list(PreviewDraft.objects.filter(created_at__lt=(now or timezone.now()) - KEEP_FOR))
    channel = get_channel(WECHAT)
    if not old or not channel.is_configured():
        return 0
    client = channel.client()
    try:
        return _delete(client, old)
    finally:
        client.close()
