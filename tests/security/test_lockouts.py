"""Issue 9, item 9 (lockouts): password guessing is stopped after 10 failures in 15 minutes.

The attack as it was: 60 wrong admin logins, 40 wrong page passwords, then the right one
worked. Now the username at that address (logins) or the address at that restriction
(page and document passwords) is locked for 15 minutes, with a Chinese message.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
import time_machine

from content.factories import ArticlePageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

RIGHT = "Qz7-long-enough-pw"
LOCKED = "次数过多，已暂时锁定"


def admin_login(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password},
        REMOTE_ADDR=address, **extra,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.com", RIGHT)


def test_sixty_wrong_admin_logins_then_the_right_one_is_refused(client, admin):
    answers = [admin_login(client, "chief", f"guess-{n}") for n in range(60)]

    assert all(answer.status_code == 200 for answer in answers[:9])
    assert all(answer.status_code == 429 for answer in answers[9:])
    assert LOCKED in answers[-1].content.decode()
    right = admin_login(client, "chief", RIGHT)
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert not logged_in(client)


def test_the_lockout_is_per_username_and_address_and_ends_after_fifteen_minutes(client, admin):
    start = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(10):
            admin_login(client, "chief", f"guess-{n}")
        assert admin_login(client, "chief", RIGHT).status_code == 429

        # The same user from another address (the office, not the attacker) still gets in.
        assert admin_login(client, "chief", RIGHT, address="198.51.100.20").status_code == 302
        client.logout()

        clock.move_to(start + datetime.timedelta(minutes=16))
        assert admin_login(client, "chief", RIGHT).status_code == 302
        assert logged_in(client)


def test_nine_failures_then_the_right_password_resets_the_count(client, admin):
    for n in range(9):
        admin_login(client, "chief", f"guess-{n}")
    assert admin_login(client, "chief", RIGHT).status_code == 302
    client.logout()
    for n in range(9):
        assert admin_login(client, "chief", f"again-{n}").status_code == 200


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, admin, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # one nginx in front: only the last entry is its own
    for n in range(10):
        admin_login(client, "chief", f"guess-{n}", address="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 203.0.113.7")
    assert admin_login(client, "chief", RIGHT, address="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7").status_code == 429


def test_the_reader_sites_login_form_locks_out_too(client, admin):
    url = reverse("wagtailcore_login")
    for n in range(10):
        client.post(url, {"username": "chief", "password": f"guess-{n}"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(url, {"username": "chief", "password": RIGHT}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert not logged_in(client)


@pytest.fixture
def password_page(site_tree):
    page = ArticlePageFactory(parent=site_tree["credit"], title="内部培训材料", slug="neibu")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="page-pass-2026",
    )
    return page, restriction


def page_password(client, page, restriction, password, address="203.0.113.7"):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return client.post(url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def test_forty_wrong_page_passwords_then_the_right_one_is_refused(client, password_page):
    page, restriction = password_page
    answers = [page_password(client, page, restriction, f"guess-{n}") for n in range(40)]

    assert all(answer.status_code == 200 for answer in answers[:9])
    assert all(answer.status_code == 429 for answer in answers[9:])
    right = page_password(client, page, restriction, "page-pass-2026")
    assert right.status_code == 429
    html = right.content.decode()
    assert LOCKED in html and 'name="password"' in html
    assert html.count("errorlist") == 1  # the lockout, not "this field is required" as well
    assert "内部培训材料" not in client.get(page.url).content.decode()


def test_the_page_lockout_is_per_address_and_ends_after_fifteen_minutes(client, password_page):
    page, restriction = password_page
    start = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(10):
            page_password(client, page, restriction, f"guess-{n}")
        assert page_password(client, page, restriction, "page-pass-2026").status_code == 429

        other = client.__class__()
        assert page_password(other, page, restriction, "page-pass-2026", address="198.51.100.20").status_code == 302

        clock.move_to(start + datetime.timedelta(minutes=16))
        answer = page_password(client, page, restriction, "page-pass-2026")
        assert answer.status_code == 302
        assert client.get(page.url).status_code == 200


def test_the_right_page_password_still_works_and_resets_the_count(client, password_page):
    page, restriction = password_page
    for n in range(9):
        page_password(client, page, restriction, f"guess-{n}")
    assert page_password(client, page, restriction, "page-pass-2026").status_code == 302
    assert client.get(page.url).status_code == 200
    fresh = client.__class__()
    for n in range(9):
        assert page_password(fresh, page, restriction, f"again-{n}").status_code == 200


def test_document_passwords_lock_out_too(client, db):
    collection = Collection.get_first_root_node().add_child(name="合作机构资料")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="doc-pass-2026",
    )
    document = get_document_model().objects.create(
        title="合作协议", collection=collection, file=ContentFile(b"%PDF-1.4 contract", name="contract.pdf"),
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    for n in range(10):
        client.post(url, {"password": f"guess-{n}", "return_url": document.url}, REMOTE_ADDR="203.0.113.7")

    right = client.post(url, {"password": "doc-pass-2026", "return_url": document.url}, REMOTE_ADDR="203.0.113.7")

    assert right.status_code == 429 and LOCKED in right.content.decode()
    still_asked = client.get(document.url)
    assert b"%PDF-1.4 contract" not in still_asked.content and 'name="password"' in still_asked.content.decode()
