"""Fuzzing AS2 message opening (MIME split, base64, CMS signed/enveloped/compressed) with broken messages.

A real message from bob to alice is built once per protection level (plain, signed, signed and
encrypted and compressed), then its body and Content-Type header are broken. Opening it must either
succeed or raise :class:`As2Error` (a TransportError, hence GatewayError) with an MDN modifier,
within the time and memory budget.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.transports.as2 import As2Error, build_message, open_message
from tests.proof.bounded import run_bounded
from tests.proof.mutations import Mutation, apply, mutations
from tests.transports.as2_fixtures import Party, partner_profile

PAYLOAD = (b"ISA*00*          *00*          *ZZ*BOB            *ZZ*ALICE          *240101*1200*U*00401*"
           b"000000001*0*P*>~GS*PO*BOB*ALICE*20240101*1200*1*X*004010~ST*850*0001~SE*2*0001~GE*1*1~IEA*1*000000001~")

PROTECTION = {"plain": {"sign": False, "encrypt": False, "compress": False},
              "signed": {"sign": True, "encrypt": False, "compress": False},
              "full": {"sign": True, "encrypt": True, "compress": True}}


@pytest.mark.parametrize("level", sorted(PROTECTION))
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(muts=mutations, break_header=st.booleans())
def test_broken_as2_messages_are_refused_cleanly(parties: dict[str, Party], level: str, muts: list[Mutation],
                                                 break_header: bool) -> None:
    bob, alice = parties["bob"], parties["alice"]
    out = build_message(PAYLOAD, ours=bob.identity, partner=partner_profile(alice, **PROTECTION[level]),
                        filename="po.x12")
    bob_seen_by_alice = replace(partner_profile(bob), require_signed=False, require_encrypted=False)
    headers = dict(out.headers)
    body = apply(out.body, muts, b"\n")
    if break_header:
        ctype = next(k for k in headers if k.lower() == "content-type")
        headers[ctype] = apply(headers[ctype].encode(), muts[:1], b";").decode("latin-1")
    got = run_bounded(lambda: open_message(headers, body, ours=alice.identity,
                                           find_partner=lambda n: bob_seen_by_alice if n == "bob" else None),
                      what=f"AS2 {level}")
    if isinstance(got, Exception):
        assert isinstance(got, As2Error) and got.modifier, got
    else:
        assert isinstance(got.payload, bytes)  # opened: what survived goes to the EDI checks downstream
