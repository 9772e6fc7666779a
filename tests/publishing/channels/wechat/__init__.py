"""Tests of publishing/channels/wechat."""
