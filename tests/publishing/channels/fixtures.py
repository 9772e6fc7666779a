"""Fixtures shared by the channel and delivery tests: sandbox platforms, fake renders, pages, a task queue.

Import the fixtures into a conftest (`from tests.publishing.channels.fixtures import *`).
"""

import hashlib
import io
import os
import struct

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest
from PIL import Image

from content.factories import ArticlePageFactory, BulletinPageFactory, build_site_tree
from publishing.channels import assets
from publishing.channels.sandbox import (
    AppSandbox,
    DouyinSandbox,
    RobotsSandbox,
    SandboxServer,
    WechatSandbox,
)
from publishing.channels.tokens import token_cache

__all__ = [
    "all_sandboxes",
    "app_sandbox",
    "channel_settings",
    "douyin_sandbox",
    "fake_mp4",
    "fake_renders",
    "jpeg_bytes",
    "noise_jpeg",
    "robots_sandbox",
    "site_pages",
    "task_queue",
    "wechat_publish_mode",
    "wechat_sandbox",
]


def jpeg_bytes(width: int = 1080, height: int = 1400, colour: str = "#0B5CAD", quality: int = 80) -> bytes:
    """A plain JPEG of the given size."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def noise_jpeg(width: int, height: int, quality: int = 95) -> bytes:
    """A JPEG of random pixels: it does not compress, so its size is predictable (about 3 bytes a pixel)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def fake_mp4(*, seconds: float = 30.0, size: int = 200_000) -> bytes:
    """Bytes shaped like an MP4 (ftyp, moov/mvhd with the duration, mdat padding) of `size` bytes."""
    ftyp = struct.pack(">I4s4sI8s", 24, b"ftyp", b"isom", 512, b"isomiso2")
    timescale = 1000
    mvhd_body = struct.pack(">B3xIIII", 0, 0, 0, timescale, int(seconds * timescale)) + b"\x00" * 80
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    head = ftyp + moov
    padding = max(0, size - len(head) - 8)
    return head + struct.pack(">I4s", 8 + padding, b"mdat") + b"\x00" * padding


class FakeRenders:
    """Stands in for the render engine: stored slices, covers and a video, made once per test."""

    def __init__(self):
        self.slice_count = 3
        self.transcript = "防范电信网络诈骗周报\n本周预警：刷单返利又出新花样\n二维码：https://h5.example.com/\n"
        self.oversized_slice: int | None = None  # a slice position stored over 1 MB (random pixels)
        self._noise: dict[int, bytes] = {}
        self.video_seconds = 30.0
        self.video_size = 200_000
        self.video_width, self.video_height = 1080, 1920
        self.calls: list[tuple[int, str]] = []
        self.fail_with: str | None = None

    def slice_height(self, position: int) -> int:
        return 1000 if position == self.oversized_slice else 600

    def slice_bytes(self, position: int) -> bytes:
        """The JPEG of slice `position` (1-based): a colour of its own, or noise over 1 MB if so asked."""
        if position == self.oversized_slice:
            if position not in self._noise:
                self._noise[position] = noise_jpeg(1080, self.slice_height(position))
            return self._noise[position]
        return jpeg_bytes(1080, 600, colour=f"#{position * 40 % 256:02x}{position // 7 % 256:02x}AD")

    def _stored(self, kind: str, name: str, data: bytes, width: int | None, height: int | None, position: int = 0):
        stored = default_storage.save(f"test-renders/{name}", ContentFile(data))
        return assets.RenderedFile(
            kind=kind, name=stored, width=width, height=height, position=position, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )

    def __call__(self, *, page, kind: str):
        self.calls.append((page.pk, kind))
        if self.fail_with:
            raise assets.AssetUnavailable(self.fail_with)
        if kind == "poster":
            files = [self._stored("full", "poster.jpg", jpeg_bytes(1080, 600 * self.slice_count), 1080, 600 * self.slice_count)]
            files += [
                self._stored("slice", f"slice-{n:02d}.jpg", self.slice_bytes(n), 1080, self.slice_height(n), n)
                for n in range(1, self.slice_count + 1)
            ]
            cover = jpeg_bytes(900, 383)
            self.cover_size = len(cover)
            files.append(self._stored("cover_wide", "cover-wide.jpg", cover, 900, 383))
            files.append(self._stored("transcript", "transcript.txt", self.transcript.encode(), None, None))
            return files
        if kind == "video":
            return [
                self._stored("video", "video.mp4", fake_mp4(seconds=self.video_seconds, size=self.video_size),
                             self.video_width, self.video_height),
                self._stored("cover_tall", "cover-tall.jpg", jpeg_bytes(1080, 1920), 1080, 1920),
            ]
        raise assets.AssetUnavailable(f"unknown kind {kind}")


@pytest.fixture
def fake_renders(monkeypatch, settings):
    """The render engine replaced by FakeRenders (and no renders queued on publish)."""
    settings.RENDER_ON_PUBLISH = False
    renders = FakeRenders()
    monkeypatch.setattr(assets, "render_files", renders)
    return renders


def _serve(app):
    server = SandboxServer(app).start()
    return server


@pytest.fixture
def wechat_sandbox(settings, tmp_path):
    """A WeChat sandbox on 127.0.0.1, with the settings pointing at it; yields the sandbox app."""
    app = WechatSandbox()
    server = _serve(app)
    settings.WECHAT_API_BASE = server.url
    settings.WECHAT_APP_ID = app.app_id
    settings.WECHAT_APP_SECRET = app.secret
    settings.CHANNEL_LOCK_DIR = tmp_path / "locks"
    settings.CHANNEL_HTTP_TIMEOUT = 3
    token_cache().delete(f"wechat-stable-token-{app.app_id}")
    app.server = server
    yield app
    server.stop()
    token_cache().delete(f"wechat-stable-token-{app.app_id}")


@pytest.fixture
def douyin_sandbox(settings):
    """A Douyin sandbox on 127.0.0.1 with the DOUYIN_* settings pointing at it."""
    app = DouyinSandbox()
    server = _serve(app)
    settings.DOUYIN_API_BASE = server.url
    settings.DOUYIN_CLIENT_KEY = "sandbox-client-key"
    settings.DOUYIN_ACCESS_TOKEN = app.access_token
    settings.DOUYIN_OPEN_ID = app.open_id
    settings.CHANNEL_HTTP_TIMEOUT = 3
    app.server = server
    yield app
    server.stop()


@pytest.fixture
def app_sandbox(settings):
    """The app's webhook receiver on 127.0.0.1 with APP_WEBHOOK_URL and the secret set."""
    app = AppSandbox()
    server = _serve(app)
    settings.APP_WEBHOOK_URL = f"{server.url}/webhooks/jrcs"
    settings.APP_WEBHOOK_SECRET = app.secret
    settings.CHANNEL_HTTP_TIMEOUT = 3
    app.server = server
    yield app
    server.stop()


@pytest.fixture
def robots_sandbox(settings):
    """The 企业微信, 钉钉 and 飞书 robots on 127.0.0.1 with the NOTIFY_* settings pointing at them."""
    from publishing.channels.sandbox.robots import robots_environment

    app = RobotsSandbox()
    server = _serve(app)
    for line in robots_environment(server.url):
        name, value = line.split("=", 1)
        setattr(settings, name, value)
    app.server = server
    yield app
    server.stop()


@pytest.fixture
def all_sandboxes(app_sandbox, wechat_sandbox, douyin_sandbox):
    return {"app": app_sandbox, "wechat": wechat_sandbox, "douyin": douyin_sandbox}


@pytest.fixture
def site_pages(db):
    """The site tree with one article and one bulletin (not yet published through a revision)."""
    tree = build_site_tree()
    tree["article"] = ArticlePageFactory(
        parent=tree["credit"], title="征信报告怎么看", slug="zhengxin-baogao", body__3="image", body__4="callout",
    )
    tree["bulletin"] = BulletinPageFactory(parent=tree["antifraud"], issue_number=12)
    return tree


@pytest.fixture
def channel_settings(db):
    """The default site's 渠道设置 (every channel for bulletins, app and WeChat for the rest)."""
    from wagtail.models import Site

    from publishing.deliveries.models import ChannelSettings

    return ChannelSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def wechat_publish_mode(db):
    """公众号设置 with every page type sent by 发布 (freepublish), bulletins included (群发 by default)."""
    from wagtail.models import Site

    from publishing.outreach.models import WechatSettings

    settings = WechatSettings.for_site(Site.objects.get(is_default_site=True))
    settings.article_mode = settings.case_study_mode = settings.bulletin_mode = "publish"
    settings.save()
    return settings


DELIVERY_TASKS = "publishing.deliveries.tasks."


class TaskQueue:
    """Tasks queued on the dummy backend, run by hand: `run()` runs what is queued, deferred or not."""

    def __init__(self, capture):
        self.capture = capture
        self.ran: list = []

    @property
    def backend(self):
        from django_tasks import task_backends

        return task_backends["default"]

    def _run_foreign(self) -> None:
        # Wagtail's own tasks (search and reference index updates) run at once, out of the way.
        while True:
            foreign = [r for r in self.backend.results if not r.task.module_path.startswith(DELIVERY_TASKS)]
            if not foreign:
                return
            for result in foreign:
                self.backend.results.remove(result)
                with self.capture(execute=True):
                    result.task.call(*result.args, **result.kwargs)

    @property
    def queued(self) -> list:
        """The queued delivery tasks, oldest first."""
        self._run_foreign()
        return list(self.backend.results)

    def names(self) -> list[str]:
        return [result.task.name for result in self.queued]

    def run_next(self):
        self._run_foreign()
        result = self.backend.results.pop(0)
        with self.capture(execute=True):
            result.task.call(*result.args, **result.kwargs)
        self.ran.append(result)
        return result

    def run(self, *, limit: int = 200) -> list:
        """Run queued tasks (and those they queue) until none is left; returns the results that ran."""
        done = []
        while self.queued:
            if len(done) >= limit:
                raise AssertionError(f"more than {limit} tasks: {self.names()[:10]}")
            done.append(self.run_next())
        return done


@pytest.fixture
def task_queue(settings, django_capture_on_commit_callbacks):
    """Tasks go to the dummy backend and run only when the test says (deferred ones included)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queue = TaskQueue(django_capture_on_commit_callbacks)
    queue.backend.clear()
    yield queue
    queue.backend.clear()
