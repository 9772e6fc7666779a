"""A small httpx client of the WeChat official account API: stable_token, images, drafts, publishing.

Every call is a POST under `/cgi-bin/` with `access_token` in the query string. WeChat
answers errors as HTTP 200 with `{"errcode": N, "errmsg": "..."}`; `wechat_error` turns
each into a transient or permanent `ChannelError` with a Chinese message. A token the
platform refuses (40001, 40014, 42001) is dropped from the shared cache, fetched again
once, and the call repeated; a second refusal is permanent (the credentials are wrong).

>>> client = WechatClient.from_settings()                     # doctest: +SKIP
>>> client.upload_image(filename="a.jpg", content=b"...", content_type="image/jpeg")  # doctest: +SKIP
'http://mmbiz.qpic.cn/mmbiz_jpg/…/0'
"""

import json
import logging

from django.conf import settings

import httpx

from ..base import (
    ChannelError,
    PermanentChannelError,
    TransientChannelError,
    http_client,
    http_status_error,
    transport_error,
)
from ..tokens import forget_token, shared_token

logger = logging.getLogger(__name__)

SERVICE = "微信公众平台"
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
TRANSIENT_ERRCODES = frozenset({-1, 45011})
ERROR_MESSAGES = {
    -1: "微信系统繁忙。",
    45011: "调用微信接口太频繁（每分钟限额）。",
    45009: "公众号今天的接口调用次数已用完（45009）。请明天在投递详情中点「重试」，或在公众平台“接口权限”中清零额度。",
    40001: "公众号 access_token 无效。",
    40014: "公众号 access_token 不合法。",
    42001: "公众号 access_token 已过期。",
    40013: "公众号 AppID 不正确，请运维检查 WECHAT_APP_ID。",
    40125: "公众号 AppSecret 不正确，请运维检查 WECHAT_APP_SECRET。",
    40164: "本服务器的 IP 不在公众号的 IP 白名单中，请在公众平台“基本配置”中添加。",
    48001: "公众号没有调用该接口的权限（需要认证的服务号或订阅号）。",
    40004: "图片类型不被微信接受：只能上传 JPG 或 PNG。",
    40005: "文件类型不被微信接受：正文图片只能是 JPG 或 PNG。",
    40006: "文件大小不被微信接受。",
    40009: "图片太大：微信要求正文图片小于 1 MB。",
    45001: "文件太大，超过了微信的上限（正文图片 1 MB，封面 10 MB）。",
    40007: "微信找不到该素材（media_id 无效），可能已被删除。",
    44003: "文章内容为空。",
    45002: "正文超过微信的上限（20,000 字或 1 MB）。请删减正文后重新发布。",
    45003: "标题超过微信的上限（32 个字）。请缩短标题后重新发布。",
    45004: "摘要超过微信的上限（128 个字）。请缩短摘要后重新发布。",
    45110: "作者名超过微信的上限（16 个字）。",
    45166: "正文含有微信不接受的内容（例如非微信域名的图片）。",
    47001: "发送给微信的数据格式有误。",
    53503: "该草稿未通过微信的发布检查（53503），请检查内容是否合规后修改再发布。",
    53504: "该草稿需要在公众平台官网中处理后才能发布（53504）。",
    53505: "该草稿需要在公众平台中手动保存后才能发布（53505）。",
}


class TokenRefused(ChannelError):
    """WeChat refused the access token (40001, 40014, 42001); the client refreshes it once."""

    kind = "token"


def wechat_error(errcode: int, errmsg: str) -> ChannelError:
    """Classify a WeChat `errcode` into a transient, token or permanent error with a Chinese message."""
    message = ERROR_MESSAGES.get(errcode, f"微信返回错误 {errcode}：{errmsg}")
    detail = f"errcode={errcode} errmsg={errmsg}"
    if errcode in TOKEN_ERRCODES:
        return TokenRefused(message, code=errcode, detail=detail)
    if errcode in TRANSIENT_ERRCODES:
        return TransientChannelError(message, code=errcode, detail=detail)
    return PermanentChannelError(message, code=errcode, detail=detail)


class WechatClient:
    """One official account's API, reached at `base_url` (WECHAT_API_BASE)."""

    def __init__(self, *, app_id: str, secret: str, base_url: str, http: httpx.Client | None = None):
        self.app_id = app_id
        self.secret = secret
        self.base_url = base_url.rstrip("/")
        self.http = http or http_client(base_url=self.base_url)

    @classmethod
    def from_settings(cls) -> "WechatClient":
        return cls(
            app_id=settings.WECHAT_APP_ID,
            secret=settings.WECHAT_APP_SECRET,
            base_url=getattr(settings, "WECHAT_API_BASE", "https://api.weixin.qq.com"),
        )

    def close(self) -> None:
        self.http.close()

    # Tokens

    @property
    def token_key(self) -> str:
        return f"wechat-stable-token-{self.app_id}"

    def access_token(self, *, rejected: str | None = None) -> str:
        """The account's access token, shared by every worker through the token cache."""
        return shared_token(key=self.token_key, fetch=self._fetch_token, rejected=rejected)

    def _fetch_token(self, rejected: str | None) -> tuple[str, int]:
        data = self._post_json("stable_token", {
            "grant_type": "client_credential", "appid": self.app_id, "secret": self.secret,
            "force_refresh": False,
        })
        if rejected and data["access_token"] == rejected:
            # The platform still considers the refused token current: force a new one (20 a day).
            logger.warning("stable_token returned the refused token again; forcing a refresh")
            data = self._post_json("stable_token", {
                "grant_type": "client_credential", "appid": self.app_id, "secret": self.secret,
                "force_refresh": True,
            })
        return data["access_token"], int(data.get("expires_in", 7200))

    # Transport

    def _post(self, path: str, *, params: dict | None = None, **kwargs) -> dict:
        try:
            url = path if path.startswith("/") else f"/cgi-bin/{path}"  # 数据统计 lives under /datacube/
            response = self.http.post(url, params=params, **kwargs)
        except httpx.HTTPError as error:
            raise transport_error(error, service=SERVICE) from error
        if response.status_code >= 300:
            raise http_status_error(response, service=SERVICE)
        try:
            data = response.json()
        except ValueError as error:
            raise TransientChannelError(
                f"{SERVICE}返回了无法解析的内容。", code="bad_json", detail=response.text[:300]
            ) from error
        errcode = data.get("errcode", 0) if isinstance(data, dict) else 0
        if errcode:
            error = wechat_error(int(errcode), str(data.get("errmsg", "")))
            error.data = data  # some errors carry data (45065: the msg_id of the first mass send)
            raise error
        return data

    def _post_json(self, path: str, payload: dict, *, params: dict | None = None) -> dict:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._post(path, params=params, content=body, headers={"Content-Type": "application/json; charset=utf-8"})

    def call(self, path: str, *, payload: dict | None = None, files: dict | None = None, params: dict | None = None) -> dict:
        """POST to /cgi-bin/`path` with the shared token; refresh the token once if WeChat refuses it."""
        token = self.access_token()
        try:
            return self._call_with(token, path, payload=payload, files=files, params=params)
        except TokenRefused as refused:
            logger.info("WeChat refused the access token (%s); fetching a new one", refused.code)
            forget_token(key=self.token_key, token=token)
            token = self.access_token(rejected=token)
            try:
                return self._call_with(token, path, payload=payload, files=files, params=params)
            except TokenRefused as again:
                raise PermanentChannelError(
                    "刷新 access_token 后微信仍然拒绝，请运维检查 WECHAT_APP_ID、WECHAT_APP_SECRET 和 IP 白名单。",
                    code=again.code, detail=again.detail,
                ) from again

    def _call_with(self, token: str, path: str, *, payload, files, params) -> dict:
        query = {"access_token": token, **(params or {})}
        if files is not None:
            return self._post(path, params=query, files=files)
        return self._post_json(path, payload or {}, params=query)

    # The API

    def upload_image(self, *, filename: str, content: bytes, content_type: str) -> str:
        """Upload an in-article image (JPG/PNG under 1 MB); returns the URL to use in the content."""
        data = self.call("media/uploadimg", files={"media": (filename, content, content_type)})
        return data["url"]

    def add_material(self, *, filename: str, content: bytes, content_type: str, kind: str = "image") -> dict:
        """Add a permanent image (cover) material; returns {"media_id", "url"}."""
        return self.call(
            "material/add_material", params={"type": kind}, files={"media": (filename, content, content_type)}
        )

    def draft_add(self, *, article: dict) -> str:
        """Create a draft holding one article; returns the draft's media_id."""
        return self.call("draft/add", payload={"articles": [article]})["media_id"]

    def draft_delete(self, *, media_id: str) -> None:
        """Delete a draft from the account's draft box."""
        self.call("draft/delete", payload={"media_id": media_id})

    def draft_batchget(self, *, offset: int = 0, count: int = 20) -> dict:
        """One page of the draft box (without content), newest first."""
        return self.call("draft/batchget", payload={"offset": offset, "count": count, "no_content": 1})

    def publish_batchget(self, *, offset: int = 0, count: int = 20) -> dict:
        """One page of the successfully published articles (without content), newest first."""
        return self.call("freepublish/batchget", payload={"offset": offset, "count": count, "no_content": 1})

    def publish_submit(self, *, media_id: str) -> str:
        """Submit a draft for publishing; returns the publish_id (accepted, not yet published)."""
        return self.publish_submit_ids(media_id=media_id)[0]

    def publish_submit_ids(self, *, media_id: str) -> tuple[str, str]:
        """Submit a draft for publishing; returns (publish_id, msg_data_id), the latter keying its 数据统计."""
        data = self.call("freepublish/submit", payload={"media_id": media_id})
        return str(data["publish_id"]), str(data.get("msg_data_id") or "")

    def publish_get(self, *, publish_id: str) -> dict:
        """The publish job's status: publish_status 0 published, 1 publishing, 2–6 failed or removed."""
        return self.call("freepublish/get", payload={"publish_id": publish_id})

    def publish_delete(self, *, article_id: str, index: int = 0) -> None:
        """Delete a published article (index 0: the whole article)."""
        self.call("freepublish/delete", payload={"article_id": article_id, "index": index})

    def datacube(self, name: str, *, begin_date, end_date) -> dict:
        """One 数据统计 call (`/datacube/<name>`, e.g. getarticletotaldetail) for the days given (one day per call)."""
        token = self.access_token()
        try:
            return self._post_json(f"/datacube/{name}", {"begin_date": str(begin_date), "end_date": str(end_date)},
                                   params={"access_token": token})
        except TokenRefused:
            forget_token(key=self.token_key, token=token)
            return self._post_json(f"/datacube/{name}", {"begin_date": str(begin_date), "end_date": str(end_date)},
                                   params={"access_token": self.access_token(rejected=token)})

    def mass_sendall(self, *, media_id: str, clientmsgid: str) -> dict:
        """群发 the draft `media_id` to every follower; returns {"msg_id", "msg_data_id"}.

        `clientmsgid` makes the call idempotent for 24 hours: a repeat is refused with 45065
        (carrying the first msg_id) or, within a minute, 45066.
        """
        return self.call("message/mass/sendall", payload={
            "filter": {"is_to_all": True}, "mpnews": {"media_id": media_id}, "msgtype": "mpnews",
            "send_ignore_reprint": 0, "clientmsgid": clientmsgid,
        })

    def mass_get(self, *, msg_id: str) -> dict:
        """A mass send's state: msg_status SENDING, SEND_SUCCESS, SEND_FAIL or DELETE."""
        return self.call("message/mass/get", payload={"msg_id": msg_id})

    def mass_delete(self, *, msg_id: str, article_idx: int = 0) -> None:
        """Withdraw a mass send (article_idx 0: every article of it)."""
        self.call("message/mass/delete", payload={"msg_id": msg_id, "article_idx": article_idx})

    def mass_preview(self, *, media_id: str, wxname: str) -> dict:
        """Send the draft `media_id` to one WeChat ID (a follower) as a phone preview."""
        return self.call("message/mass/preview", payload={
            "towxname": wxname, "mpnews": {"media_id": media_id}, "msgtype": "mpnews",
        })
