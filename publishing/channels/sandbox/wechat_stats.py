"""The WeChat sandbox's 数据统计 calls for published content: /datacube/getarticletotaldetail,
getarticleread, getarticleshare and getbizsummary.

As documented: one day per call (`begin_date` equal to `end_date`, else 61500), at most
yesterday (61501 otherwise), and a day's data exists only from 08:00 the next day, Beijing
time (an empty list before). Items are keyed by `msgid` = `<msg_data_id>_<index>` of the
articles mass-sent or published up to that day. A test sets a day's numbers with
`article_stats[(msgid, "YYYY-MM-DD")] = {"read_user": …}`; days it did not set are zero.
"""

import datetime

from .base import SandboxRequest, SandboxResponse

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
READY_HOUR = 8
FIELDS = ("read_user", "read_count", "share_user", "zaikan_user", "like_user", "comment_count")
STATS_ERRMSG = {61500: "date format error", 61501: "date range error"}


class StatsMixin:
    """Adds the datacube routes; needs the WeChat sandbox's tokens, mass sends, publishes and clock."""

    def _stats_init(self) -> None:
        self.article_stats: dict[tuple[str, str], dict] = {}
        for name in ("getarticletotaldetail", "getarticleread", "getarticleshare", "getbizsummary"):
            self.routes[f"/datacube/{name}"] = self.datacube

    def _sent_articles(self, day: datetime.date) -> list[tuple[str, str]]:
        """(msgid, title) of every article sent on or before `day`."""
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=BEIJING).timestamp()
        found = []
        for send in self.mass_sends.values():
            if send["status"] in ("SEND_SUCCESS", "DELETE") and send["created"] < end:
                found += [(f"{send['msg_data_id']}_{n}", a["title"]) for n, a in enumerate(send["articles"], start=1)]
        for publish_id, publish in self.publishes.items():
            if publish["status"] in (0, 5) and publish.get("created", 0) < end:
                found += [(f"{publish_id}_{n}", a["title"]) for n, a in enumerate(publish["articles"], start=1)]
        return found

    def datacube(self, request: SandboxRequest) -> SandboxResponse:
        if problem := self._check_token(request):
            return problem
        data = request.json() or {}
        try:
            begin = datetime.date.fromisoformat(str(data.get("begin_date")))
            end = datetime.date.fromisoformat(str(data.get("end_date")))
        except ValueError:
            return SandboxResponse(200, {"errcode": 61500, "errmsg": STATS_ERRMSG[61500]})
        now = datetime.datetime.fromtimestamp(self.now(), tz=BEIJING)
        if begin != end:
            return SandboxResponse(200, {"errcode": 61500, "errmsg": STATS_ERRMSG[61500]})
        if begin >= now.date():
            return SandboxResponse(200, {"errcode": 61501, "errmsg": STATS_ERRMSG[61501]})
        if begin == now.date() - datetime.timedelta(days=1) and now.hour < READY_HOUR:
            return SandboxResponse(200, {"list": []})
        day = begin.isoformat()
        if request.path.endswith("getbizsummary"):
            total = sum(self.article_stats.get((msgid, day), {}).get("read_user", 0)
                        for msgid, _title in self._sent_articles(begin))
            return SandboxResponse(200, {"list": [{"ref_date": day, "read_user": total}]})
        items = []
        for msgid, title in self._sent_articles(begin):
            numbers = self.article_stats.get((msgid, day), {})
            items.append({"ref_date": day, "msgid": msgid, "title": title,
                          **{name: int(numbers.get(name, 0)) for name in FIELDS}})
        return SandboxResponse(200, {"list": items})
