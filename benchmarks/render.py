"""How fast posters, re-renders and videos are, against the plain way of making a poster.

Run from the project root (after `manage.py seed_demo`, or it builds a bulletin of its own)::

    .venv/bin/python benchmarks/render.py [--runs 7] [--skip-fonttools] [--skip-video]

All of it happens inside a transaction that is rolled back and with files in a temporary
MEDIA_ROOT, so the database and media/ are left as they were. On the demo bulletin it prints:

- the plain way (WeasyPrint `write_pdf()` with the system CJK font, pypdfium2 at 1080 px,
  PNG save) with WeasyPrint's HarfBuzz subsetting, and with the fontTools subsetting it falls
  back to when libharfbuzz-subset is missing (the 6.5 s of the issue), medians of N runs;
- the engine's poster end to end (layout to every output in memory: full image, slices,
  covers, thumbnail, transcript), and the same through `render_page` with storage, medians;
- a re-render of the unchanged page and theme (the content-hash cache), median of 50;
- the video's render time against its own duration;
- the process's peak RSS after the poster renders (before the video);
- what the render limits cost (publishing/render/limits.py): the poster in a child forked
  for it against the same poster in this thread (RENDER_LIMITS off), interleaved medians.

Renders run in a child process under their limits; the CPU figures count the children's
time too (`os.times()`), the limits' line compares wall-clock times.
"""

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="render-bench-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

settings.RENDER_ON_PUBLISH = False

from publishing.render.document import document_build  # noqa: E402
from publishing.render.poster import render_poster  # noqa: E402
from publishing.render.services import render_page  # noqa: E402
from publishing.render.themes import theme_for_page  # noqa: E402
from publishing.render.video import render_video  # noqa: E402


def median_seconds(function, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of `runs` calls after one warm-up call.

    On a shared machine the wall clock includes waiting for a core; the CPU time (this
    process, all threads) is what the work itself costs.
    """
    return interleaved_medians({"one": function}, runs)["one"]


def interleaved_medians(functions: dict, runs: int) -> dict[str, tuple[float, float]]:
    """`median_seconds` of several functions, run in turn (a, b, a, b, ...) after a warm-up each.

    Taking turns means that a slow spell of a shared machine slows each of them alike, so
    their ratio holds even when the absolute figures drift.
    """
    for function in functions.values():
        function()
    walls: dict[str, list[float]] = {name: [] for name in functions}
    cpus: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started, cpu = time.perf_counter(), cpu_seconds()
            function()
            walls[name].append(time.perf_counter() - started)
            cpus[name].append(cpu_seconds() - cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in functions}


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (a render's limited child)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def plain_html(html: str, height: float) -> str:
    """The same document with the system font instead of the subset fonts, on a page as tall
    as the poster (the plain way has no height fitting, so it is given the answer), without
    the cover pages (the plain way makes none, so it does not lay them out either)."""
    html = re.sub(r"@font-face \{[^}]*\}\n?", "", html)
    html = re.sub(r'<section class="cover [^"]*">.*?</section>\n?', "", html, flags=re.S)
    html = html.replace("@page { size: 750px 45000px;", f"@page {{ size: 750px {height}px;")
    return html.replace('"Poster Sans"', '"Noto Sans CJK SC"').replace('"Poster Serif"', '"Noto Serif CJK SC"')


def plain_poster(html: str) -> bytes:
    """The plain way: lay out, write_pdf(), rasterise the first page at 1080 px, save a PNG."""
    import pypdfium2 as pdfium
    import weasyprint

    pdf = weasyprint.HTML(string=html).write_pdf()
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    image = page.render(scale=1080 / page.get_size()[0]).to_pil()
    out = io.BytesIO()
    image.save(out, "PNG")
    page.close()
    document.close()
    return out.getvalue()


def peak_rss_of_one_poster(page_id: int) -> float:
    """Peak RSS in MB of a fresh process that loads Django and renders one poster in memory.

    Read from the child's own VmHWM: its `ru_maxrss` would start at this process's size,
    which Linux carries across fork and exec.
    """
    import subprocess

    code = (
        "import os, re, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cms.settings.dev'); "
        "django.setup(); from wagtail.models import Page; "
        "from publishing.render.services import render_job_prepare; from publishing.render.poster import render_poster; "
        f"job = render_job_prepare(page=Page.objects.get(pk={page_id}), format='poster'); render_poster(job.document); "
        "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def limits_overhead(document, runs: int) -> tuple[float, float]:
    """Median wall seconds of `document`'s poster under the render limits and in this thread."""

    def in_thread():
        settings.RENDER_LIMITS = False
        try:
            render_poster(document)
        finally:
            settings.RENDER_LIMITS = True

    figures = interleaved_medians({"limited": lambda: render_poster(document), "in_thread": in_thread}, runs)
    return figures["limited"][0], figures["in_thread"][0]


def demo_bulletin():
    from content.models import BulletinPage

    page = BulletinPage.objects.live().order_by("-issue_number").first()
    if page is not None:
        return page, "demo bulletin"
    from content.factories import build_site_tree

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from tests.publishing.render.helpers import make_bulletin

    return make_bulletin(build_site_tree()["antifraud"]), "generated bulletin (no demo content)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-fonttools", action="store_true", help="skip the fontTools baseline (three runs of about 12 s)")
    parser.add_argument("--skip-video", action="store_true")
    options = parser.parse_args()

    with transaction.atomic():
        page, source = demo_bulletin()
        theme = theme_for_page(page)
        document = document_build(page=page, theme=theme)
        from publishing.render.layout import poster_layout

        html = plain_html(document.html, poster_layout(document).height)
        print(f"page: {page.title} ({source}), theme {theme.key}")

        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall clock waits for a core)")
        output = render_poster(document)
        full = output.files_of("full")[0]
        figures = interleaved_medians(
            {"plain": lambda: plain_poster(html), "engine": lambda: render_poster(document)}, options.runs
        )
        (plain, plain_cpu), (ours, ours_cpu) = figures["plain"], figures["engine"]
        print(f"plain way, HarfBuzz subsetting (this machine):   median {plain:.3f} s wall, {plain_cpu:.3f} s CPU")
        fonttools = None
        if not options.skip_fonttools:
            import weasyprint.pdf.fonts

            saved = weasyprint.pdf.fonts.harfbuzz_subset
            weasyprint.pdf.fonts.harfbuzz_subset = None
            import logging

            logging.getLogger("weasyprint").setLevel(logging.ERROR)
            fonttools, fonttools_cpu = median_seconds(lambda: plain_poster(html), 2)
            weasyprint.pdf.fonts.harfbuzz_subset = saved
            print(f"plain way, fontTools subsetting (the issue's):  median {fonttools:.3f} s wall, {fonttools_cpu:.3f} s CPU")

        print(f"engine poster, all outputs in memory:           median {ours:.3f} s wall, {ours_cpu:.3f} s CPU; "
              f"{full.width}x{full.height}, {len(output.files_of('slice'))} slices, {len(output.files)} files")
        stored, stored_cpu = median_seconds(lambda: render_page(page=page, format="poster", force=True), options.runs)
        print(f"engine poster via render_page, with storage:    median {stored:.3f} s wall, {stored_cpu:.3f} s CPU")
        print(f"  ratio plain (HarfBuzz) / engine:  {plain / ours:.1f}x wall, {plain_cpu / ours_cpu:.1f}x CPU")
        if fonttools:
            print(f"  ratio plain (fontTools) / engine: {fonttools / ours:.1f}x wall, {fonttools_cpu / ours_cpu:.1f}x CPU")

        cached, cached_cpu = median_seconds(lambda: render_page(page=page, format="poster"), 50)
        print(f"re-render of the unchanged page and theme:      median {cached * 1000:.1f} ms wall, "
              f"{cached_cpu * 1000:.1f} ms CPU")
        limited, in_thread = limits_overhead(document, options.runs)
        print(f"render limits: poster in a limited child        median {limited:.3f} s wall against {in_thread:.3f} s "
              f"in this thread: {(limited - in_thread) * 1000:+.0f} ms ({(limited / in_thread - 1) * 100:+.0f}%)")
        if source == "demo bulletin":
            print(f"peak RSS of one poster render (own process):    {peak_rss_of_one_poster(page.pk):.0f} MB")

        if not options.skip_video:
            started, cpu = time.perf_counter(), cpu_seconds()
            video = render_video(document)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            import av

            container = av.open(io.BytesIO(video.primary.data))
            stream = container.streams.video[0]
            duration = float(stream.duration * stream.time_base)
            container.close()
            print(f"video: {duration:.1f} s long, rendered in {seconds:.1f} s wall ({cpu:.1f} s CPU): "
                  f"{duration / seconds:.2f}x real time, {video.primary.size / 1e6:.1f} MB")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
