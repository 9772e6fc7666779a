"""The end of a 群发 as WeChat reports it: recorded, and the delivery finished without waiting.

WeChat posts MASSSENDJOBFINISH to the callback URL when a mass send ends. The event carries
the only count of followers reached that WeChat gives (the 数据统计 API reports reads, not
deliveries), so it is kept (`MassSendReport`). The delivery is still finished the one way it
always is, by reading `message/mass/get` (channels/wechat/mass.py): the event only asks for
that read now instead of at the next scheduled poll, so a lost or forged event changes no
delivery's status. WeChat repeats an event it got no answer to; recording it twice is harmless.
"""

import logging

from django.db import transaction

from publishing.channels.wechat.callback import MassFinished
from publishing.deliveries.models import AttemptKind, Delivery, DeliveryStatus
from publishing.deliveries.services import delivery_enqueue

from .models import MassSendReport

logger = logging.getLogger(__name__)


def mass_report_record(*, event: MassFinished) -> MassSendReport:
    """Keep WeChat's counts of the mass send `event.msg_id` and poll its delivery now, if it is still sending."""
    known = MassSendReport.objects.filter(msg_id=event.msg_id, status=event.status).exists()
    report, _created = MassSendReport.objects.update_or_create(
        msg_id=event.msg_id,
        defaults={"status": event.status, "total": event.total, "filtered": event.filtered,
                  "sent": event.sent, "errors": event.errors},
    )
    if known:  # WeChat repeating an event it got no answer to in time
        return report
    delivery = (Delivery.objects.filter(channel="wechat", status=DeliveryStatus.SENDING,
                                        external_ids__msg_id=event.msg_id).order_by("-pk").first())
    if delivery is not None:
        transaction.on_commit(lambda: delivery_enqueue(delivery=delivery, kind=AttemptKind.POLL))
    logger.info("Mass send %s finished: %s%s", event.msg_id, event.status,
                f"; polling delivery {delivery.pk}" if delivery else "")
    return report


def mass_report_for(delivery: Delivery) -> MassSendReport | None:
    """The report of the delivery's mass send, when WeChat has sent one."""
    msg_id = (delivery.external_ids or {}).get("msg_id")
    return MassSendReport.objects.filter(msg_id=str(msg_id)).first() if msg_id else None
