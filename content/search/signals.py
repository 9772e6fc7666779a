"""Signal receivers that keep the search index in step with what readers may see (thin: they call services).

A page saved (published, unpublished, its draft saved), deleted, moved, or a view restriction
added or removed on it or an ancestor: the affected pages are re-stored at once, inside the
same transaction, so the next search in any worker sees the change.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from .documents import KINDS, search_document_update, search_subtree_update


def _is_reader_page(page) -> bool:
    return page._meta.model_name in KINDS


@receiver(post_save, dispatch_uid="content.search.page_saved")
def index_saved_page(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if _is_reader_page(instance):
        search_document_update(page_id=instance.pk)
    elif instance._meta.model_name in ("columnpage", "homepage") and not kwargs.get("created"):
        # A column's slug or privacy decides its pages' addresses and visibility.
        search_subtree_update(page=instance, only_if_changed=True)


@receiver(post_delete, dispatch_uid="content.search.page_deleted")
def index_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        search_document_update(page_id=instance.pk)


@receiver(post_page_move, dispatch_uid="content.search.page_moved")
def index_moved_page(sender, instance, **kwargs):
    search_subtree_update(page=instance)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="content.search.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="content.search.restriction_deleted")
def index_restricted_pages(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        search_subtree_update(page=page)
