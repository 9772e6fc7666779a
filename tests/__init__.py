"""The test suite; it mirrors the packages it tests (tests/content for content/, …)."""
