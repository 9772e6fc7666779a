"""Deliveries of pages that are not public: refused before they go out, retracted once they have.

A page under a view restriction (its own or an ancestor's: password, login, groups) or no
longer live must not reach a public channel. Three guards keep it off:

- publishing and `manage.py distribute` create no delivery for it (services);
- a worker checks again right before it renders and right before it sends
  (`runner.delivery_run`), so a delivery queued earlier, retried by an editor or
  resumed by `deliveries --resume` after the page became private is cancelled, not sent;
- when a restriction is saved on a page or a section above it, or a page is moved under
  one, everything of that section already out is retracted where the channel can (WeChat
  `freepublish/delete`, the app's `page.retracted` event) and marked for a person where it
  cannot (视频号, Douyin), and what has not gone out is cancelled
  (`deliveries_retract_restricted`).
"""

import logging

from wagtail.models import Page

from publishing.privacy import page_is_restricted

from .models import Delivery, DeliveryStatus
from .services import deliveries_retract_for_page

logger = logging.getLogger(__name__)

RESTRICTED_REASON = "页面已设置访问限制"


def deliveries_retract_restricted(*, page_id: int) -> list[Delivery]:
    """Retract or cancel the deliveries of `page_id` and the pages under it, if it is now restricted.

    Returns the deliveries touched (none when the page is public after all, e.g. the
    restriction was removed again before this ran).
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page_is_restricted(page):
        return []
    section = Page.objects.filter(path__startswith=page.path, depth__gte=page.depth)
    page_ids = (
        Delivery.objects.filter(page__in=section)
        .exclude(status__in=(DeliveryStatus.FAILED, DeliveryStatus.CANCELLED))
        .order_by()
        .values_list("page_id", flat=True)
        .distinct()
    )
    touched = []
    for restricted in Page.objects.filter(pk__in=list(page_ids)):
        touched += deliveries_retract_for_page(page=restricted, reason=RESTRICTED_REASON)
    if touched:
        logger.info("Page %s became restricted: %d deliveries retracted or cancelled", page_id, len(touched))
    return touched
