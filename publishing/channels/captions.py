"""Captions for short-video posts: the title, one line of summary and hashtags (Douyin, 视频号)."""

BASE_HASHTAGS = ("反诈", "防骗", "金融常识")
CAPTION_MAX_CHARS = 300


def video_hashtags(page) -> list[str]:
    """The hashtags for `page`: the fraud types it is about, then the platform's own."""
    names = []
    fraud_type = getattr(page, "fraud_type", None)
    if fraud_type is not None:
        names.append(fraud_type.name)
    if hasattr(page, "alerts"):
        names.extend(alert.fraud_type.name for alert in page.alerts.all() if alert.fraud_type_id)
    if hasattr(page, "fraud_types") and page.pk:
        names.extend(fraud_type.name for fraud_type in page.fraud_types.all())
    tags = []
    for name in [*names, *BASE_HASHTAGS]:
        # Hashtags end at punctuation and spaces on both platforms.
        tag = "".join(ch for ch in name if ch.isalnum())
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:6]


def video_caption(page, *, max_chars: int = CAPTION_MAX_CHARS) -> str:
    """Title, summary and hashtags, shortened (summary first) to `max_chars`.

    >>> video_caption(bulletin)  # doctest: +SKIP
    '防范电信网络诈骗周报 第12期\\n刷单返利又出新花样……\\n#刷单返利 #反诈 #防骗 #金融常识'
    """
    tags = " ".join(f"#{tag}" for tag in video_hashtags(page))
    title = page.title
    issue = getattr(page, "issue_label", "")
    if issue and issue not in title:
        title = f"{title} {issue}"
    summary = getattr(page, "summary", "") or ""
    room = max_chars - len(title) - len(tags) - 2
    if room <= 0:
        return f"{title}\n{tags}"[:max_chars]
    if len(summary) > room:
        summary = summary[: max(0, room - 1)] + "…"
    return "\n".join(part for part in (title, summary, tags) if part)
