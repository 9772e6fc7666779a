"""Tests of the project package: settings, databases, cache, admin branding."""
