"""AS2 (RFC 4130) crypto core: build and open messages, build and read MDNs.

No HTTP here: the web app's ``POST /as2/...`` endpoint and the sender with retries call these
functions. Layers: :mod:`cms` (sign, encrypt, compress in CMS), :mod:`mime` (byte-exact MIME),
:mod:`message` (a message both ways), :mod:`mdn` (receipts), :mod:`config` (identities, partners).
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

__all__ = [
    "As2Error",
    "As2Identity",
    "As2Partner",
    "InboundMessage",
    "MdnRequest",
    "MdnResult",
    "OutboundMdn",
    "OutboundMessage",
    "build_mdn",
    "build_message",
    "expiry_warnings",
    "load_cert",
    "mdn_request",
    "open_message",
    "read_mdn",
]
