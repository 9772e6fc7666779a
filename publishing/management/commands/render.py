"""`manage.py render`: render pages to HTML, posters, PDFs or videos and write the files out."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.page_lookup import page_for_command
from publishing.render.errors import RenderError
from publishing.render.services import FORMATS, render_job_prepare, render_page


class Command(BaseCommand):
    help = (
        "Render a page (by id or URL path) as html, poster, pdf or video, store the result and "
        "write its files to --out, printing one JSON object per file. With --all, render every "
        "live article, case study and bulletin, with a progress bar. An unchanged page and theme "
        "is taken from the render cache instead of being rendered again."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", nargs="?", help="page id, URL path (/antifraud/bulletin-12/) or the admin's path (/home/antifraud/bulletin-12/)")
        parser.add_argument("--format", default="poster", choices=["html", *FORMATS])
        parser.add_argument("--theme", default="", help="theme folder name under themes/posters/ (default: the page's)")
        parser.add_argument("--out", default="var/renders", help="folder to write the files to")
        parser.add_argument("--all", action="store_true", help="render every live content page")
        parser.add_argument("--force", action="store_true", help="render again even when cached")

    def handle(self, *args, **options):
        if bool(options["page"]) == bool(options["all"]):
            raise CommandError("Give one page (id or URL path) or --all.")
        out = self._writable_folder(Path(options["out"]))
        pages = self._all_pages() if options["all"] else [page_for_command(options["page"])]
        failures = 0
        for number, page in enumerate(pages, start=1):
            try:
                self._render_one(page, options, out)
            except RenderError as error:
                failures += 1
                if not options["all"]:
                    raise CommandError(f"{page.title}: {error.message}") from error
                self.stdout.write(json.dumps({"page": page.pk, "error": error.message}, ensure_ascii=False))
            if options["all"]:
                self._progress(number, len(pages))
        if failures:
            raise CommandError(f"{failures} of {len(pages)} renders failed.")
        self.stdout.write(self.style.SUCCESS(f"Rendered {len(pages)} page(s) as {options['format']} into {out}."))

    def _writable_folder(self, out: Path) -> Path:
        """`out`, created if need be; CommandError (before any render) when files cannot be written there."""
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"无法创建输出文件夹 {out}：{error.strerror or error}。请用 --out 指定一个可写的文件夹。") from None
        if not out.is_dir() or not os.access(out, os.W_OK | os.X_OK):
            raise CommandError(f"输出文件夹 {out} 不可写入。请用 --out 指定一个可写的文件夹。")
        return out

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror or error}。请用 --out 指定一个可写的文件夹。") from None

    def _render_one(self, page, options, out: Path) -> None:
        fmt, theme = options["format"], options["theme"] or None
        started = time.perf_counter()
        if fmt == "html":
            job = render_job_prepare(page=page, format="poster", theme=theme)
            path = out / f"{page.slug}-{job.theme.key}.html"
            self._write(path, job.document.html.encode("utf-8"))
            self._emit(path, "html", path.stat().st_size, None, None, time.perf_counter() - started, page, job.theme.key)
            return
        result = render_page(page=page, format=fmt, theme=theme, force=options["force"])
        seconds = time.perf_counter() - started
        records = [(result.file, result.width, result.height), *((f.file, f.width, f.height) for f in result.files.all())]
        for field_file, width, height in records:
            path = out / f"{page.slug}-{result.theme}-{Path(field_file.name).name}"
            with field_file.open("rb") as source:
                self._write(path, source.read())
            self._emit(path, fmt, path.stat().st_size, width, height, seconds, page, result.theme)

    def _emit(self, path, fmt, size, width, height, seconds, page, theme) -> None:
        record = {"path": str(path), "format": fmt, "bytes": size, "width": width, "height": height,
                  "seconds": round(seconds, 3), "page": page.pk, "theme": theme}
        self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = round(width * done / total)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
        self.stderr.flush()

    def _all_pages(self) -> list:
        from content.models import ArticlePage, BulletinPage, CaseStudyPage

        pages = []
        for model in (BulletinPage, CaseStudyPage, ArticlePage):
            pages.extend(model.objects.live().order_by("pk"))
        return pages
