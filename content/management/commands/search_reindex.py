"""`manage.py search_reindex`: re-analyse every page into the search index (after editing the dictionaries)."""

from django.core.management.base import BaseCommand

from content.search.documents import search_index_rebuild


class Command(BaseCommand):
    help = (
        "重建站内搜索和智能问答的索引：重新分析每个已发布的公开页面。"
        "修改 content/search/data/ 下的词典、同义词或停用词后运行；平时发布、撤回和移动页面会自动更新索引。"
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建：{count} 个页面可被搜索。"))
