"""A local WeChat official account API that behaves as the documentation says and checks what it is sent.

Endpoints (all POST, under /cgi-bin/): stable_token, media/uploadimg,
material/add_material, draft/add, draft/batchget, freepublish/submit, freepublish/get,
freepublish/batchget, freepublish/delete. Errors come as HTTP 200 with {"errcode", "errmsg"}, as on WeChat.

What it checks: the token on every call (missing 41001, malformed 40014, unknown or
replaced 40001, expired 42001); stable_token's grant_type, appid and secret, and
force_refresh's 30-second spacing; uploadimg's field name, JPG/PNG by content, size under
1 MB; add_material's type and size (image 10 MB, thumb JPG 64 KB); draft/add's field
lengths (title 32, author 16, digest 128, content under 20,000 characters and 1 MB),
thumb_media_id, and that every <img> in the content was uploaded through uploadimg;
publishing only existing drafts; 群发 and previews (wechat_mass.py); 数据统计 (wechat_stats.py). A publish job answers "publishing" (1) to the first
`publish_after_polls` polls, then `publish_final_status` (0: published, with the URL).
"""

import hashlib
import io
import itertools
import re
import secrets
import time

from PIL import Image

from .base import SandboxApp, SandboxRequest, SandboxResponse
from .wechat_mass import MassSendMixin
from .wechat_stats import StatsMixin

TOKEN_PREFIX = "SBX_"  # noqa: S105 - the fake platform's own test credentials
TOKEN_SECONDS = 7200
FORCE_REFRESH_SPACING = 30
IMAGE_MAX_BYTES = 1024 * 1024
MATERIAL_MAX_BYTES = 10 * 1024 * 1024
THUMB_MAX_BYTES = 64 * 1024
ERRMSG = {
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40004: "invalid media type",
    40005: "invalid file type",
    40007: "invalid media_id",
    40009: "invalid image size",
    40013: "invalid appid",
    40014: "invalid access_token",
    40125: "invalid appsecret",
    41001: "access_token missing",
    41005: "media data missing",
    42001: "access_token expired",
    44003: "empty news data",
    45001: "media size out of limit",
    45002: "content size out of limit",
    45003: "title size out of limit",
    45004: "description size out of limit",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit, must slower, retry next minute",
    45110: "author size out of limit",
    45166: "invalid content",
    47001: "data format error",
    53503: "该草稿未通过发布检查",
    -1: "system error",
}
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]*)\"", re.I)


def image_kind(data: bytes) -> str | None:
    """'jpeg', 'png', 'gif' or 'bmp' from the file's first bytes, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"BM"):
        return "bmp"
    return None


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a JPG or PNG, (0, 0) when it cannot be read (a corrupt file)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return 0, 0


def content_images(content: str) -> list[str]:
    """The src of every <img> in an article's content, in reading order."""
    return _IMG_SRC.findall(content or "")


class WechatSandbox(MassSendMixin, StatsMixin, SandboxApp):
    name = "wechat"

    def __init__(self, *, app_id: str = "wx-sandbox-appid", secret: str = "sandbox-secret"):  # noqa: S107 - the fake platform's own test credentials
        super().__init__()
        self.app_id = app_id
        self.secret = secret
        self.publish_after_polls = 1
        self.publish_final_status = 0
        self.routes = {
            "/cgi-bin/stable_token": self.stable_token,
            "/cgi-bin/media/uploadimg": self.uploadimg,
            "/cgi-bin/material/add_material": self.add_material,
            "/cgi-bin/draft/add": self.draft_add,
            "/cgi-bin/draft/batchget": self.draft_batchget,
            "/cgi-bin/draft/delete": self.draft_delete,
            "/cgi-bin/freepublish/submit": self.publish_submit,
            "/cgi-bin/freepublish/get": self.publish_get,
            "/cgi-bin/freepublish/delete": self.publish_delete,
            "/cgi-bin/freepublish/batchget": self.publish_batchget,
        }
        self._ids = itertools.count(2247483001)
        self._reset_data()
        self._mass_init()
        self._stats_init()

    def _reset_data(self) -> None:
        self.token: str | None = None
        self.token_expires_at = 0.0
        self.retired_tokens: dict[str, int] = {}
        self.last_force_refresh = 0.0
        self.token_fetches = 0
        self.images: dict[str, dict] = {}
        self.materials: dict[str, dict] = {}
        self.drafts: dict[str, dict] = {}
        self.publishes: dict[str, dict] = {}
        self.articles: dict[str, dict] = {}

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self._reset_data()
            self._mass_reset()
            self.publish_after_polls = 1
            self.publish_final_status = 0

    def state(self) -> dict:
        with self.lock:
            return {
                **super().state(),
                "token_fetches": self.token_fetches,
                "images": len(self.images),
                "materials": len(self.materials),
                "drafts": {key: {"titles": [a["title"] for a in d["articles"]],
                                 "images": [[self.images[src] for src in content_images(a["content"])]
                                            for a in d["articles"]]}
                           for key, d in self.drafts.items()},
                "publishes": {key: {k: v for k, v in p.items() if k != "articles"} for key, p in self.publishes.items()},
                "articles": self.articles,
                "mass_sends": {key: {k: v for k, v in m.items() if k != "articles"} for key, m in self.mass_sends.items()},
                "previews": list(self.previews),
            }

    def error_response(self, code: int, message: str = "") -> SandboxResponse:
        return SandboxResponse(200, {"errcode": code, "errmsg": ERRMSG.get(code, message)})

    # Tokens

    def _issue_token(self) -> None:
        if self.token:
            self.retired_tokens[self.token] = 40001
        self.token = TOKEN_PREFIX + secrets.token_urlsafe(24)
        self.token_expires_at = time.time() + TOKEN_SECONDS

    def expire_token(self) -> None:
        with self.lock:
            if self.token:
                self.retired_tokens[self.token] = 42001
                self.token = None

    def _check_token(self, request: SandboxRequest) -> SandboxResponse | None:
        token = request.query.get("access_token")
        if not token:
            return self.error_response(41001)
        if not token.startswith(TOKEN_PREFIX):
            return self.error_response(40014)
        if token in self.retired_tokens:
            return self.error_response(self.retired_tokens[token])
        if token != self.token:
            return self.error_response(40001)
        if time.time() >= self.token_expires_at:
            return self.error_response(42001)
        return None

    def stable_token(self, request: SandboxRequest) -> SandboxResponse:
        data = request.json()
        if not isinstance(data, dict):
            return self.error_response(47001)
        if data.get("grant_type") != "client_credential":
            return self.error_response(40002)
        if data.get("appid") != self.app_id:
            return self.error_response(40013)
        if data.get("secret") != self.secret:
            return self.error_response(40125)
        force = data.get("force_refresh", False)
        if not isinstance(force, bool):
            return self.error_response(47001)
        self.token_fetches += 1
        now = time.time()
        if force and now - self.last_force_refresh >= FORCE_REFRESH_SPACING:
            self.last_force_refresh = now
            self._issue_token()
        elif self.token is None or now >= self.token_expires_at:
            self._issue_token()
        return SandboxResponse(200, {"access_token": self.token, "expires_in": int(self.token_expires_at - now)})

    # Images

    def _media_part(self, request: SandboxRequest):
        return request.multipart().get("media")

    def uploadimg(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        part = self._media_part(request)
        if part is None or not part.data:
            return self.error_response(41005)
        extension = (part.filename or "").rsplit(".", 1)[-1].lower()
        kind = image_kind(part.data)
        if kind not in ("jpeg", "png") or extension not in ("jpg", "jpeg", "png"):
            return self.error_response(40005)
        if len(part.data) >= IMAGE_MAX_BYTES:
            return self.error_response(40009)
        width, height = image_size(part.data)
        if not width:
            return self.error_response(40005)
        digest = hashlib.sha1(part.data, usedforsecurity=False).hexdigest()
        url = f"http://mmbiz.qpic.cn/sz_mmbiz_{'jpg' if kind == 'jpeg' else 'png'}/{digest}/0"
        self.images[url] = {"size": len(part.data), "kind": kind, "filename": part.filename, "sha1": digest,
                            "width": width, "height": height}
        return SandboxResponse(200, {"url": url})

    def add_material(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        material_type = request.query.get("type")
        if material_type not in ("image", "voice", "video", "thumb"):
            return self.error_response(40004)
        part = self._media_part(request)
        if part is None or not part.data:
            return self.error_response(41005)
        kind = image_kind(part.data)
        if material_type == "thumb":
            if kind != "jpeg":
                return self.error_response(40005)
            if len(part.data) > THUMB_MAX_BYTES:
                return self.error_response(45001)
        elif material_type == "image":
            if kind is None:
                return self.error_response(40005)
            if len(part.data) > MATERIAL_MAX_BYTES:
                return self.error_response(45001)
        media_id = "SBX_MEDIA_" + secrets.token_urlsafe(18)
        url = f"http://mmbiz.qpic.cn/sz_mmbiz_{kind or 'file'}/{media_id[-12:]}/0"
        self.materials[media_id] = {"type": material_type, "size": len(part.data), "url": url}
        return SandboxResponse(200, {"media_id": media_id, "url": url})

    # Drafts

    def _article_problem(self, article: dict) -> int | None:
        if not isinstance(article, dict):
            return 47001
        title = article.get("title")
        content = article.get("content")
        if not title or not content:
            return 44003
        if len(title) > 32:
            return 45003
        if len(article.get("author") or "") > 16:
            return 45110
        if len(article.get("digest") or "") > 128:
            return 45004
        if len(content) >= 20000 or len(content.encode("utf-8")) >= 1024 * 1024:
            return 45002
        if article.get("thumb_media_id") not in self.materials:
            return 40007
        if any(src not in self.images for src in _IMG_SRC.findall(content)):
            return 45166
        if re.search(r"<script\b", content, re.I):
            return 45166
        for flag in ("need_open_comment", "only_fans_can_comment"):
            if article.get(flag, 0) not in (0, 1):
                return 47001
        return None

    def draft_add(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json()
        articles = data.get("articles") if isinstance(data, dict) else None
        if not articles or not isinstance(articles, list):
            return self.error_response(44003)
        for article in articles:
            if code := self._article_problem(article):
                return self.error_response(code)
        media_id = "SBX_DRAFT_" + secrets.token_urlsafe(18)
        self.drafts[media_id] = {"articles": articles, "update_time": int(time.time()), "order": len(self.drafts)}
        return SandboxResponse(200, {"media_id": media_id})

    def draft_delete(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        media_id = (request.json() or {}).get("media_id")
        if media_id not in self.drafts:
            return self.error_response(40007)
        del self.drafts[media_id]
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok"})

    def _list_request(self, request: SandboxRequest) -> SandboxResponse | tuple[dict, int, int]:
        """The body, offset and count of a list call (draft or published), or WeChat's refusal."""
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        offset, count = int(data.get("offset", 0)), int(data.get("count", 20))
        if not 1 <= count <= 20 or offset < 0:
            return self.error_response(47001)
        return data, offset, count

    def draft_batchget(self, request: SandboxRequest) -> SandboxResponse:
        asked = self._list_request(request)
        if isinstance(asked, SandboxResponse):
            return asked
        data, offset, count = asked
        newest = sorted(self.drafts.items(), key=lambda item: -item[1]["order"])
        items = []
        for media_id, draft in newest[offset: offset + count]:
            news = [
                {k: v for k, v in article.items() if not (data.get("no_content") and k == "content")}
                for article in draft["articles"]
            ]
            items.append({"media_id": media_id, "content": {"news_item": news}, "update_time": draft["update_time"]})
        return SandboxResponse(200, {"total_count": len(self.drafts), "item_count": len(items), "item": items})

    # Publishing

    def publish_submit(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        media_id = data.get("media_id")
        if media_id not in self.drafts:
            return self.error_response(40007)
        publish_id = str(next(self._ids))
        self.publishes[publish_id] = {
            "media_id": media_id, "polls": 0, "status": 1, "article_id": None, "created": self.now(),
            "articles": self.drafts[media_id]["articles"],
        }
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok", "publish_id": publish_id, "msg_data_id": publish_id})

    def publish_get(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        publish = self.publishes.get(str(data.get("publish_id")))
        if publish is None:
            return self.error_response(40007)
        publish["polls"] += 1
        if publish["status"] == 1 and publish["polls"] > self.publish_after_polls:
            self._finish(str(data.get("publish_id")))
        answer = {"publish_id": str(data.get("publish_id")), "publish_status": publish["status"], "fail_idx": []}
        if publish["status"] == 0:
            article = self.articles[publish["article_id"]]
            answer.update(
                article_id=publish["article_id"],
                article_detail={"count": 1, "item": [{"idx": 1, "article_url": article["url"]}]},
            )
        elif publish["status"] in (2, 4):
            answer["fail_idx"] = [1]
        return SandboxResponse(200, answer)

    def _finish(self, publish_id: str) -> None:
        """WeChat is done with a publish job: it ends in `publish_final_status`."""
        publish = self.publishes[publish_id]
        publish["status"] = self.publish_final_status
        if publish["status"] == 0:
            article_id = "SBX_ARTICLE_" + secrets.token_urlsafe(12)
            publish["article_id"] = article_id
            self.articles[article_id] = {
                "publish_id": publish_id,
                "url": f"https://mp.weixin.qq.com/s/{article_id[-16:]}",
                "deleted": False,
                "title": publish["articles"][0]["title"],
                "update_time": int(time.time()),
                "order": len(self.articles),
            }

    def finish_pending_publishes(self) -> None:
        """Let WeChat finish every publish still in progress (time passing, for tests)."""
        for publish_id, publish in self.publishes.items():
            if publish["status"] == 1:
                self._finish(publish_id)

    def publish_batchget(self, request: SandboxRequest) -> SandboxResponse:
        """The successfully published articles, newest first (not deleted ones), as WeChat lists them."""
        asked = self._list_request(request)
        if isinstance(asked, SandboxResponse):
            return asked
        data, offset, count = asked
        live = sorted(((key, value) for key, value in self.articles.items() if not value["deleted"]),
                      key=lambda item: -item[1]["order"])
        items = []
        for article_id, article in live[offset: offset + count]:
            publish = self.publishes[article["publish_id"]]
            news = [
                {**{k: v for k, v in entry.items() if not (data.get("no_content") and k == "content")},
                 "url": article["url"], "is_deleted": False}
                for entry in publish["articles"]
            ]
            items.append({"article_id": article_id, "content": {"news_item": news}, "update_time": article["update_time"]})
        return SandboxResponse(200, {"total_count": len(live), "item_count": len(items), "item": items})

    def publish_delete(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        article = self.articles.get(data.get("article_id"))
        if article is None or article["deleted"]:
            return self.error_response(40007)
        if int(data.get("index", 0)) not in (0, 1):
            return self.error_response(47001)
        article["deleted"] = True
        self.publishes[article["publish_id"]]["status"] = 5
        return SandboxResponse(200, {"errcode": 0, "errmsg": "ok"})
