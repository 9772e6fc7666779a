"""The client's IP address of a request, read as the reverse proxies in front say (TRUSTED_PROXY_COUNT).

With no trusted proxy it is REMOTE_ADDR. Behind n proxies that each append the address they
received the request from to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`), it is
the n-th entry from the right: the one the outermost proxy wrote. Everything left of it is
whatever the client chose to send and is never believed; a header with fewer entries than
proxies, or an entry that is not an IP address, falls back to REMOTE_ADDR. Written by hand
because the rule is these few lines and both its users (the lockouts, the desk's rate limit)
must read the one setting the same way.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address (see the module docs); "" when the request has none."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote
