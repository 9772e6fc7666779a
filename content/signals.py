"""Signal receivers of the content app (thin: they call services).

A new bulletin opened in the admin's create form comes filled in with next week's draft
(content/bulletins.py). The page cache (core/pagecache.py) stores whole reader pages; these receivers purge it
whenever something a reader page shows may have changed: a page published, unpublished,
moved, deleted or created live; a hotline, a fraud type, the brand setting, a site or a
page's privacy changed; an image replaced or deleted.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import init_new_page, page_published, page_unpublished, post_page_move

from core.pagecache import page_cache_purge

from .bulletins import bulletin_fill_new
from .models import BrandSettings, BulletinPage, FraudType, Hotline

LAZY_IMAGE_FIELDS = {"file_size", "file_hash"}


@receiver(init_new_page, dispatch_uid="content.bulletins.fill_new")
def fill_new_bulletin(sender, page, parent, **kwargs):
    """新建防诈周报: number, dates, hotlines, alerts and tip of next week, for marketing to finish."""
    if isinstance(page, BulletinPage):
        bulletin_fill_new(page)


@receiver(page_published, dispatch_uid="content.page_cache.published")
def purge_on_publish(sender, instance, **kwargs):
    page_cache_purge(reason=f"page {instance.pk} published")


@receiver(page_unpublished, dispatch_uid="content.page_cache.unpublished")
def purge_on_unpublish(sender, instance, **kwargs):
    page_cache_purge(reason=f"page {instance.pk} unpublished")


@receiver(post_page_move, dispatch_uid="content.page_cache.moved")
def purge_on_move(sender, instance, **kwargs):
    page_cache_purge(reason=f"page {instance.pk} moved")


@receiver(post_delete, sender=Page, dispatch_uid="content.page_cache.page_deleted")
def purge_on_page_delete(sender, instance, **kwargs):
    page_cache_purge(reason=f"page {instance.pk} deleted")


@receiver(post_save, dispatch_uid="content.page_cache.page_created_live")
def purge_on_page_created_live(sender, instance, created, raw=False, **kwargs):
    """A page created already live (by a script or seed_demo, not through publishing)."""
    if created and not raw and isinstance(instance, Page) and instance.live:
        page_cache_purge(reason=f"page {instance.pk} created live")


def purge_on_shared_content_change(sender, instance, raw=False, **kwargs):
    """Hotlines, fraud types, the brand, sites and page privacy show on (or gate) many pages."""
    if not raw:
        page_cache_purge(reason=f"{sender._meta.label} {instance.pk} changed")


@receiver(post_save, sender=BrandSettings, dispatch_uid="content.page_cache.brand_saved")
def purge_on_brand_change(sender, instance, created, raw=False, **kwargs):
    """The first page a site renders creates its brand setting with the defaults it shows: no change."""
    if not created:
        purge_on_shared_content_change(sender, instance, raw=raw)


post_delete.connect(
    purge_on_shared_content_change, sender=BrandSettings, dispatch_uid="content.page_cache.brand_deleted"
)

for shared_model in (FraudType, Hotline, Site, PageViewRestriction):
    for signal in (post_save, post_delete):
        signal.connect(
            purge_on_shared_content_change,
            sender=shared_model,
            dispatch_uid=f"content.page_cache.{shared_model._meta.label_lower}.{signal is post_save}",
        )


@receiver(post_save, sender=get_image_model(), dispatch_uid="content.page_cache.image_saved")
def purge_on_image_change(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An edited image (new file, focal point) gets new renditions; a new upload changes no page.

    Wagtail fills in a missing file size or hash lazily, even while a page renders; those
    saves change nothing a reader sees.
    """
    if update_fields is not None and set(update_fields) <= LAZY_IMAGE_FIELDS:
        return
    if not created and not raw:
        page_cache_purge(reason=f"image {instance.pk} changed")


post_delete.connect(
    purge_on_shared_content_change, sender=get_image_model(), dispatch_uid="content.page_cache.image_deleted"
)
