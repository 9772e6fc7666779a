"""The WeChat official account (公众号): API client, article HTML for WeChat, and the channel."""
