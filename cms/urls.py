"""URL configuration: the admin, the app's feed and API, search, and Wagtail's page serving."""

import re

from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import lockouts
from cms.media import media_serve
from content import views as content_views
from content.api import api_urls
from content.desk import urls as desk_urls
from content.search import ask_views
from content.search import views as search_views
from publishing import views as publishing_views
from publishing.outreach.callback_views import wechat_callback
from publishing.stats import views as stats_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's shared-password forms for pages and documents, behind the lockout (cms/lockouts.py);
    # same addresses and names as Wagtail's, matched first.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        lockouts.page_password, name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        lockouts.document_password, name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/feed/", content_views.feed, name="content_feed"),
    path("api/v3/", api_urls()),
    path("api/desk/", include((desk_urls.api_urlpatterns, "desk_api"))),
    path("xiaobao/", include(desk_urls)),
    path("api/stats/events/", stats_views.app_events, name="stats_app_events"),
    path("wechat/callback/", wechat_callback, name="wechat_callback"),
    path("search/", search_views.search_page, name="content_search"),
    path("api/search/", search_views.search_api, name="content_search_api"),
    path("ask/", ask_views.ask_page, name="content_ask"),
    path("api/ask/", ask_views.ask_api, name="content_ask_api"),
    path("renders/<int:page_id>/<str:format>/", publishing_views.render_download, name="render_download"),
    path(
        "renders/<int:page_id>/poster/<str:digest>/<str:name>",
        publishing_views.render_slice, name="render_slice",
    ),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            media_serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
