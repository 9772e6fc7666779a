"""The signal the delivery engine sends, for the layers above to act on (tell people, count things).

`delivery_failed` is sent once when a delivery fails for good (a permanent error, or a
transient one that ran out of retries), after the failure is saved and committed: `sender`
is the Delivery class and `delivery` the failed delivery. Deliveries know nothing of who
should hear about it; the project does (cms/notifications.py).
"""

from django.dispatch import Signal

delivery_failed = Signal()
