"""When a failed submit certainly published nothing, and when it might have."""

import pytest

from publishing.channels.base import PermanentChannelError, TransientChannelError
from publishing.channels.wechat.channel import submit_was_refused


@pytest.mark.parametrize(
    ("error", "refused"),
    [
        (PermanentChannelError("该草稿未通过发布检查", code=53503), True),
        (TransientChannelError("系统繁忙", code=-1), True),
        (PermanentChannelError("拒绝了请求（HTTP 403）", code="http_403"), True),
        (TransientChannelError("无法连接微信", code="ConnectError"), True),
        (TransientChannelError("微信响应超时", code="ReadTimeout"), False),
        (TransientChannelError("暂时不可用（HTTP 502）", code="http_502"), False),
    ],
)
def test_only_an_answer_or_no_connection_at_all_rules_out_a_publish(error, refused):
    assert submit_was_refused(error) is refused
