"""Tests of the content app: page models, blocks, snippets, search, feed."""
