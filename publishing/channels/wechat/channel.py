"""The WeChat official account channel: images, cover, draft, publish, then poll until WeChat says.

`send` walks the steps and records each result the moment WeChat returns it:

1. every in-article image through `media/uploadimg` → `image_urls[key]`
2. the cover through `material/add_material` → `thumb_media_id`
3. `draft/add` → `draft_media_id`
4. `freepublish/submit` → `publish_id`, or, in 群发 mode, `message/mass/sendall` → `msg_id`
   (see mass.py: the mode, de-duplication and the quota)

A restarted delivery skips whatever is recorded, so it never uploads, drafts or submits
twice. Should a worker die during `draft/add` itself (the draft may exist but its id was
never saved), the restart looks for the draft by its 阅读原文 URL, which carries the
delivery's key, before creating one. Should it die during `freepublish/submit` (or the
answer be lost), the restart looks for the article in `freepublish/batchget` by the same
URL, and submits again only once WeChat would have finished the first job without it
appearing there (`WECHAT_SUBMIT_SETTLE_SECONDS`). After submitting, `poll` (a deferred task, run by
the delivery machinery) reads `freepublish/get` until the status is final.
"""

import logging
import time

from django.conf import settings

from ..assets import (
    WECHAT_COVER_MAX_BYTES,
    WECHAT_IMAGE_MAX_BYTES,
    AssetUnavailable,
    cover_source,
    image_fit,
    poster_parts,
)
from ..base import (
    POLL_LATER,
    PUBLISHED,
    RETRACTED,
    WECHAT,
    Channel,
    ChannelError,
    DeliveryJob,
    Outcome,
    PermanentChannelError,
    TransientChannelError,
    register_channel,
)
from .client import WechatClient
from .content import WechatArticle, article_build
from .mass import MASS, mass_poll, mass_reset_for_retry, mass_retract, mass_send, send_mode

logger = logging.getLogger(__name__)

DRAFT_LOOKUP_PAGES = 3
PUBLISHED_LOOKUP_PAGES = 3


def submit_was_refused(error: ChannelError) -> bool:
    """Whether a failed submit certainly submitted nothing: WeChat answered with an errcode or
    a 4xx, or the connection was never made. A timeout or a 5xx leaves it unknown."""
    code = str(error.code)
    return code.lstrip("-").isdigit() or code.startswith("http_4") or code == "ConnectError"


def submit_settle_seconds() -> float:
    """How long after an interrupted submit WeChat would surely have finished that publish job
    (settings.WECHAT_SUBMIT_SETTLE_SECONDS, ten minutes by default)."""
    return float(settings.WECHAT_SUBMIT_SETTLE_SECONDS)
PUBLISH_STATUS_MESSAGES = {
    2: "原创声明未通过，文章未发布（publish_status=2）。",
    3: "微信发布失败（常规失败，publish_status=3）。可在投递详情中点「重试」重新提交。",
    4: "文章未通过微信平台审核（publish_status=4），请修改内容后重新发布页面。",
    5: "文章发布成功后已被删除（publish_status=5）。",
    6: "文章发布成功后被系统封禁（publish_status=6）。",
}


def source_url(job: DeliveryJob) -> str:
    """The 阅读原文 link: the H5 page, tagged with the channel and this delivery's key."""
    separator = "&" if "?" in job.page_url else "?"
    return f"{job.page_url}{separator}from=wechat&delivery={job.short_key}"


def article_for(job: DeliveryJob) -> WechatArticle:
    """The WeChat article for the job's page, as 公众号设置 says for its type: text, the
    long poster's slices, or both. Without its poster (the render failed), the page goes as text."""
    from publishing.outreach.models import FORMAT_BOTH
    from publishing.outreach.selectors import article_format_for, wants_poster

    slices, transcript = [], ""
    if wants_poster(job.page):
        try:
            slices, transcript = poster_parts(page=job.page)
        except AssetUnavailable as error:
            if error.transient:
                raise TransientChannelError(error.message, code="asset") from error
            logger.warning("Page %s goes to WeChat as text: %s", job.page.pk, error.message)
    with_text = article_format_for(job.page) == FORMAT_BOTH
    return article_build(page=job.page, page_url=source_url(job), slices=slices, transcript=transcript,
                         with_text=with_text)


@register_channel
class WechatChannel(Channel):
    name = WECHAT
    label = "微信公众号"
    setting_names = ("WECHAT_APP_ID", "WECHAT_APP_SECRET")
    retracts_by_api = True

    def client(self) -> WechatClient:
        return WechatClient.from_settings()

    def send(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        progress = job.progress
        mode = send_mode(job)
        if progress.get("publish_id") or progress.get("msg_id"):
            return Outcome(POLL_LATER, poll_after=0, message="已提交，正在查询结果。")
        client = self.client()
        try:
            payload, media_id = self.draft_prepare(client, job)
            if mode == MASS:
                return mass_send(client=client, progress=progress, media_id=media_id, delivery_key=job.key)
            return self._submit(client, payload, media_id, progress)
        finally:
            client.close()

    def draft_prepare(self, client: WechatClient, job: DeliveryJob) -> tuple[dict, str]:
        """Upload the article's images and cover and make its draft, skipping what `job.progress`
        holds; returns (the draft/add article, the draft's media_id). The phone preview uses it too."""
        progress = job.progress
        article = article_for(job)
        problems = article.limit_problems()
        if problems:
            raise PermanentChannelError("；".join(problems.values()), code="validation")
        urls = self._upload_images(client, article, progress)
        problems = article.limit_problems(urls=urls)
        if problems:
            raise PermanentChannelError("；".join(problems.values()), code="validation")
        thumb_media_id = self._upload_cover(client, job)
        payload = article.as_payload(urls=urls, thumb_media_id=thumb_media_id)
        return payload, self._add_draft(client, payload, progress)

    def _submit(self, client: WechatClient, payload: dict, media_id: str, progress) -> Outcome:
        if progress.get("in_flight") == "publish_submit":
            found = self._settle_interrupted_submit(client, payload["content_source_url"], progress)
            if found is not None:
                return found
        progress.record("submit_started", submit_started_at=time.time())
        progress.begin("publish_submit")
        try:
            publish_id, msg_data_id = client.publish_submit_ids(media_id=media_id)
        except ChannelError as error:
            if submit_was_refused(error):
                # WeChat answered (or was never reached): nothing was submitted.
                progress.record("submit_refused", submit_error=error.code)
            raise
        progress.record("publish_submitted", publish_id=publish_id, msg_data_id=msg_data_id or None)
        # The first poll waits DELIVERY_POLL["first_seconds"]; each later one twice as long.
        return Outcome(POLL_LATER, message="已提交微信发布，等待微信处理。")

    def _upload_images(self, client: WechatClient, article: WechatArticle, progress) -> dict[str, str]:
        urls = dict(progress.get("image_urls") or {})
        for source in article.images:
            if source.key in urls:
                continue
            try:
                data, filename, content_type = source.load()
                data, filename, content_type = image_fit(data, max_bytes=WECHAT_IMAGE_MAX_BYTES, filename=filename)
            except AssetUnavailable as error:
                raise PermanentChannelError(error.message, code="image") from error
            urls[source.key] = client.upload_image(filename=filename, content=data, content_type=content_type)
            progress.record("image_uploaded", image_urls=urls)
        return urls

    def _upload_cover(self, client: WechatClient, job: DeliveryJob) -> str:
        progress = job.progress
        if progress.get("thumb_media_id"):
            return progress.get("thumb_media_id")
        try:
            source = cover_source(page=job.page)
            data, filename, content_type = source.load()
            data, filename, content_type = image_fit(data, max_bytes=WECHAT_COVER_MAX_BYTES, filename=filename)
        except AssetUnavailable as error:
            raise PermanentChannelError(error.message, code="cover") from error
        result = client.add_material(filename=filename, content=data, content_type=content_type, kind="image")
        progress.record("cover_uploaded", thumb_media_id=result["media_id"], cover_url=result.get("url", ""))
        return result["media_id"]

    def _add_draft(self, client: WechatClient, payload: dict, progress) -> str:
        media_id = progress.get("draft_media_id")
        if media_id:
            return media_id
        if progress.get("in_flight") == "draft_add":
            media_id = self._find_draft(client, payload["content_source_url"])
            if media_id:
                logger.info("Found the draft %s created before the worker stopped", media_id)
                progress.record("draft_added", draft_media_id=media_id, draft_found_on_resume=True)
                return media_id
        progress.begin("draft_add")
        media_id = client.draft_add(article=payload)
        progress.record("draft_added", draft_media_id=media_id)
        return media_id

    def _settle_interrupted_submit(self, client: WechatClient, url: str, progress) -> Outcome | None:
        """After a submit whose answer never came: the article if WeChat published it, else
        wait (a transient error) until WeChat would have finished, then None to submit again.

        WeChat cannot look a publish job up without its publish_id, and a job still running is
        not in the published list yet, so a second submit right away could publish twice.
        """
        for page in range(PUBLISHED_LOOKUP_PAGES):
            batch = client.publish_batchget(offset=page * 20, count=20)
            for item in batch.get("item", []):
                for news in item.get("content", {}).get("news_item", []):
                    if news.get("content_source_url") == url:
                        article_url = news.get("url", "")
                        logger.info("Found article %s published before the submit was cut off", item["article_id"])
                        progress.record("published", article_id=item["article_id"], article_url=article_url,
                                        publish_status=0, published_found_on_resume=True)
                        return Outcome(PUBLISHED, url=article_url, message="微信已发布（上次提交的回复丢失，已在已发布列表中找到）。")
            if len(batch.get("item", [])) < 20:
                break
        started = float(progress.get("submit_started_at") or 0)
        if time.time() - started < submit_settle_seconds():
            raise TransientChannelError(
                "上次提交发布时连接中断，正在等微信处理完再确认是否已发布，以免重复发布。", code="submit_unconfirmed"
            )
        logger.info("The interrupted submit published nothing in %.0f s; submitting again", time.time() - started)
        return None

    def _find_draft(self, client: WechatClient, url: str) -> str | None:
        for page in range(DRAFT_LOOKUP_PAGES):
            batch = client.draft_batchget(offset=page * 20, count=20)
            for item in batch.get("item", []):
                for news in item.get("content", {}).get("news_item", []):
                    if news.get("content_source_url") == url:
                        return item["media_id"]
            if len(batch.get("item", [])) < 20:
                break
        return None

    def poll(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        progress = job.progress
        if progress.get("msg_id"):
            client = self.client()
            try:
                return mass_poll(client=client, progress=progress)
            finally:
                client.close()
        publish_id = progress.get("publish_id")
        if not publish_id:
            raise PermanentChannelError("没有发布任务可查询（缺少 publish_id），请点「重试」重新提交。", code="no_publish_id")
        client = self.client()
        try:
            data = client.publish_get(publish_id=publish_id)
        finally:
            client.close()
        status = int(data.get("publish_status", -1))
        if status == 0:
            items = (data.get("article_detail") or {}).get("item") or []
            url = items[0].get("article_url", "") if items else ""
            progress.record("published", article_id=data.get("article_id", ""), article_url=url, publish_status=0)
            return Outcome(PUBLISHED, url=url, message="微信已发布。")
        if status == 1:
            return Outcome(POLL_LATER, message="微信正在发布…")
        progress.record("publish_failed", publish_status=status, fail_idx=data.get("fail_idx", []))
        message = PUBLISH_STATUS_MESSAGES.get(status, f"微信返回了未知的发布状态 {status}。")
        raise PermanentChannelError(message, code=f"publish_status_{status}", detail=str(data)[:300])

    def retract(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        if job.progress.get("msg_id"):
            client = self.client()
            try:
                return mass_retract(client=client, progress=job.progress)
            finally:
                client.close()
        article_id = job.progress.get("article_id")
        if not article_id:
            return Outcome(RETRACTED, message="公众号文章尚未发布，无需删除。")
        client = self.client()
        try:
            client.publish_delete(article_id=article_id, index=0)
        finally:
            client.close()
        job.progress.record("deleted", deleted_article_id=article_id)
        return Outcome(RETRACTED, message="已通过 freepublish/delete 删除公众号文章。")

    def reset_for_retry(self, progress, *, last_error_code: str = "") -> None:
        values = mass_reset_for_retry(progress, last_error_code=last_error_code)
        if progress.get("publish_status") in (2, 3, 4):
            # That publish job is over and failed: submit the draft again.
            values.update(publish_id=None, publish_status=None)
        if last_error_code == "40007":
            # The draft is gone on WeChat's side: make a new one.
            values.update(draft_media_id=None, publish_id=None, publish_status=None)
        if values:
            progress.record("reset_for_retry", **values)

    def post_exists(self, external_ids: dict) -> bool:
        return bool(external_ids.get("publish_id") or external_ids.get("msg_id")
                    or external_ids.get("in_flight") == "mass_send")
