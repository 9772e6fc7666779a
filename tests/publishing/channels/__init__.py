"""Tests of publishing/channels: each client against a local sandbox of its platform."""
