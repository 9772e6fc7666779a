"""Tests of publishing/deliveries: the delivery life cycle, admin views and commands."""
