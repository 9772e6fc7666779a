"""core/public_urls.py: one public address for every absolute link, and the start-up check of it."""

from wagtail.models import Site

import pytest

from core.public_urls import public_base_url, public_base_url_problem, public_url


def test_links_start_with_the_configured_address(settings):
    settings.PUBLIC_BASE_URL = "https://zhishi.example.com/"
    assert public_base_url() == "https://zhishi.example.com"
    assert public_url("/antifraud/bulletin-2/") == "https://zhishi.example.com/antifraud/bulletin-2/"
    assert public_url("api/feed/") == "https://zhishi.example.com/api/feed/"
    assert public_url("") == "https://zhishi.example.com/"
    assert public_url("https://cdn.example.com/a.jpg") == "https://cdn.example.com/a.jpg"
    assert public_url("//cdn.example.com/a.jpg") == "https://cdn.example.com/a.jpg"


@pytest.mark.django_db
def test_without_it_the_default_sites_root_stands_in(settings):
    settings.PUBLIC_BASE_URL = ""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8123
    site.save()
    assert public_url("/xindai/") == "http://127.0.0.1:8123/xindai/"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "未设置"),
        ("zhishi.example.com", "不是有效的网址"),
        ("ftp://zhishi.example.com", "不是有效的网址"),
        ("http://zhishi.example.com", "必须以 https:// 开头"),
        ("https://zhishi.example.com/h5/", "不能带路径"),
        ("https://zhishi.example.com/?a=1", "不能带路径"),
        ("https://127.0.0.1:8000", "指向本机"),
        ("https://localhost", "指向本机"),
        ("https://zhishi.example.com:99999", "端口无效"),
    ],
)
def test_what_production_refuses_is_said_in_chinese(value, words):
    problem = public_base_url_problem(value)
    assert problem and words in problem and "PUBLIC_BASE_URL" in problem


@pytest.mark.parametrize("value", ["https://zhishi.example.com", "https://zhishi.example.com/", "https://h5.example.cn:8443"])
def test_a_real_https_address_passes(value):
    assert public_base_url_problem(value) is None
