"""AS2 (RFC 4130) crypto core: build and open messages, build and read MDNs.

Layers: :mod:`cms` (sign, encrypt, compress in CMS), :mod:`mime` (byte-exact MIME),
:mod:`message` (a message both ways), :mod:`mdn` (receipts), :mod:`config` (identities, partners).
Over HTTP: :mod:`profiles` (partner profiles -> routes), :mod:`receiver` (receive, store, MDN),
:mod:`mdn_store` (receipts kept for resends, async MDN retries), :mod:`sender` (send, MDN
tracking, outbox, overdue) and :mod:`http` (the FastAPI router; imported on its own so the core
does not need FastAPI).
"""

from gateway.transports.as2.config import As2Identity, As2Partner, expiry_warnings, load_cert
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.mdn import MdnResult, OutboundMdn, build_mdn, read_mdn
from gateway.transports.as2.message import (
    InboundMessage,
    MdnRequest,
    OutboundMessage,
    build_message,
    mdn_request,
    open_message,
)
from gateway.transports.as2.profiles import As2Directory, As2Route, route_from_entry
from gateway.transports.as2.receiver import As2Receiver, As2Response, deliver_async_mdn, redeliver_due_mdns
from gateway.transports.as2.sender import As2Sender, As2SendError, SendResult

__all__ = [
    "As2Directory",
    "As2Error",
    "As2Identity",
    "As2Partner",
    "As2Receiver",
    "As2Response",
    "As2Route",
    "As2SendError",
    "As2Sender",
    "InboundMessage",
    "MdnRequest",
    "MdnResult",
    "OutboundMdn",
    "OutboundMessage",
    "SendResult",
    "build_mdn",
    "build_message",
    "deliver_async_mdn",
    "expiry_warnings",
    "load_cert",
    "mdn_request",
    "open_message",
    "read_mdn",
    "redeliver_due_mdns",
    "route_from_entry",
]
