"""Error classes and the channel registry."""

import httpx
import pytest

from publishing.channels.base import (
    CHANNEL_NAMES,
    ChannelNotConfigured,
    PermanentChannelError,
    TransientChannelError,
    UnknownChannelError,
    all_channels,
    get_channel,
    http_status_error,
    transport_error,
)


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (429, True), (408, True), (400, False), (404, False)])
def test_http_status_classification(status, transient):
    error = http_status_error(httpx.Response(status, text="x"), service="平台")
    assert isinstance(error, TransientChannelError if transient else PermanentChannelError)
    assert f"HTTP {status}" in error.message


def test_transport_errors_are_transient():
    assert "超时" in transport_error(httpx.ReadTimeout("slow"), service="平台").message
    assert "无法连接" in transport_error(httpx.ConnectError("refused"), service="平台").message


def test_every_channel_is_registered_in_order():
    assert [channel.name for channel in all_channels()] == list(CHANNEL_NAMES)
    assert get_channel("wechat").label == "微信公众号"
    with pytest.raises(UnknownChannelError):
        get_channel("weibo")


def test_a_channel_without_credentials_names_what_is_missing(settings):
    settings.WECHAT_APP_ID = ""
    settings.WECHAT_APP_SECRET = "set"
    channel = get_channel("wechat")
    assert channel.missing_settings() == ["WECHAT_APP_ID"]
    with pytest.raises(ChannelNotConfigured) as caught:
        channel.require_configured()
    assert "未配置" in caught.value.message and "WECHAT_APP_ID" in caught.value.message
    assert get_channel("wechat_channels").is_configured()
