"""Tests of core/: the page cache, the per-process memo, the Site lookup and the other small utilities."""
