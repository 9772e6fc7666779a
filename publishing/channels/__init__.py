"""Channels: small clients of the platforms a published page is pushed to (app, WeChat, Douyin, 视频号).

Each channel is a `base.Channel` registered under its name (`app`, `wechat`, `douyin`,
`wechat_channels`); `base.get_channel(name)` returns it. A channel knows nothing of the
database: the delivery machinery (publishing/deliveries/) hands it a `base.DeliveryJob`
whose `progress` records every external id the moment it exists.
"""
