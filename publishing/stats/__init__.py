"""Reading stats (阅读数据): per page, channel and day, collected from WeChat, Douyin, the app and the reader pages."""
