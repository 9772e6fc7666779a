"""`{% load download_tags %}`: the reader pages' links to a page's long-image poster and PDF."""

from django import template

from ..downloads import page_downloads as downloads_of

register = template.Library()


@register.inclusion_tag("includes/downloads.html", takes_context=True)
def page_downloads(context, page, title: str = "长图与打印版"):
    """`{% page_downloads page %}`: links to the page's long-image poster and PDF (see publishing.downloads).

    None in a preview: the links give the live version, not the draft being previewed.
    """
    request = context.get("request")
    if getattr(request, "is_preview", False):
        return {"downloads": [], "title": title}
    return {"downloads": downloads_of(page), "title": title}
