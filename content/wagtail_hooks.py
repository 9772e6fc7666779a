"""Admin registrations for the content app: snippet viewsets."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FraudType, Hotline


class FraudTypeViewSet(SnippetViewSet):
    model = FraudType
    icon = "warning"
    menu_label = _("诈骗类型")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class HotlineViewSet(SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    menu_label = _("热线")
    list_display = ["name", "number", "service_hours", "is_company_line"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (FraudTypeViewSet, HotlineViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("资料库")
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)
