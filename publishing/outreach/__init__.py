"""How the WeChat article reaches readers: 图文 or 长图 per page type, 发布 or 群发, phone previews."""
