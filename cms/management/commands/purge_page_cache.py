"""`manage.py purge_page_cache`: make every cached reader page stale at once."""

from django.core.management.base import BaseCommand

from core.pagecache import page_cache_generation, page_cache_purge


class Command(BaseCommand):
    help = (
        "Make every page in the whole-page cache stale (one generation bump; the next request for "
        "each page renders it again). Publishing already does this; use it after changing templates "
        "or static files without a publish."
    )

    def handle(self, *args, **options):
        before = page_cache_generation()
        page_cache_purge(reason="purge_page_cache command")
        self.stdout.write(self.style.SUCCESS(f"页面缓存已清空（代号 {before} → {page_cache_generation()}）。"))
