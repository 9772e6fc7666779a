"""The brand setting and the columns refuse a colour that would make reader pages unreadable (WCAG 2.1 AA)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Site

import pytest

from content.models import BrandSettings

pytestmark = pytest.mark.django_db

PALE_BLUE = "#4A90E2"  # 3.2:1 on white: a common "brand blue" that fails for text


def brand_form(**changes) -> dict:
    data = {
        "name": "金融常识", "slogan": "懂金融，防诈骗", "logo": "", "primary_colour": "#0B5CAD", "accent_colour": "#C8102E",
        "company_name": "示例金融科技有限公司", "hotline_number": "400-820-0000", "service_hours": "每天 9:00–21:00",
        "footer_text": "本平台内容仅用于金融知识普及。",
    }
    return data | changes


def test_the_admin_refuses_a_pale_brand_colour_in_chinese_and_keeps_the_saved_one(client, admin_user):
    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    BrandSettings.objects.get_or_create(site=site)  # saved before, with the default colours
    url = reverse("wagtailsettings:edit", args=["content", "brandsettings", site.pk])

    response = client.post(url, brand_form(primary_colour=PALE_BLUE, accent_colour="#FF8A8A"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("这个颜色与白色和浅色底的对比度只有") == 2
    assert "无障碍标准 WCAG 2.1 AA" in html
    saved = BrandSettings.objects.get(site=site)
    assert (saved.primary_colour, saved.accent_colour) == ("#0B5CAD", "#C8102E")

    client.post(url, brand_form(primary_colour="#0F766E"))
    assert BrandSettings.objects.get(site=site).primary_colour == "#0F766E"


def test_a_column_colour_is_checked_too(site_tree):
    column = site_tree["credit"]
    column.colour = "#F5A623"
    with pytest.raises(ValidationError) as error:
        column.full_clean()
    assert "对比度" in error.value.message_dict["colour"][0]
    column.colour = "#6D28D9"
    column.full_clean()
