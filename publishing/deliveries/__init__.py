"""Deliveries (投递): one push of one revision of one page to one channel, its attempts, and the admin views."""
