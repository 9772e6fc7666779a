"""Exceptions of deliveries: what an editor asked that cannot be done, and what stops a worker."""


class DeliveryActionError(Exception):
    """An action an editor asked for that cannot be done now; the message (Chinese) says why."""


class DeliveryCancelled(Exception):
    """The delivery was cancelled while a worker was on it."""


class LeaseLost(Exception):
    """Another worker took this delivery over (our lease ran out)."""


class PageNotPublic(Exception):
    """The delivery's page is restricted, unpublished or deleted; the message (Chinese) says which."""
