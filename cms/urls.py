"""URL configuration: the admin, the app's feed and API, search, and Wagtail's page serving."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from content.api import api_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/feed/", content_views.feed, name="content_feed"),
    path("api/v3/", api_urls()),
    path("search/", content_views.search, name="content_search"),
]

if settings.DEBUG or settings.MEDIA_URL.startswith("/"):
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
