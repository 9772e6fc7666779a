"""The content model: pages, StreamField blocks, snippets, site settings and demo content."""
