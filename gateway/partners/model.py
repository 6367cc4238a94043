"""The trading-partner profile: everything the gateway must know about one partner.

A profile is data (one YAML file per partner in ``trading_partners/``), validated by these
pydantic models when loaded. It names the partner's envelope identities and ours, the documents
exchanged per direction and version, outbound delimiters and envelope settings, the
acknowledgment and duplicate policies, transports by name (secrets only as environment-variable
or file references), cross-references to Odoo, an implementation-guide overlay, compliance rules,
the partner's time zone and business calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Direction = Literal["inbound", "outbound"]
X12_VERSIONS = ("004010", "005010")
EDIFACT_VERSIONS = ("D96A", "D01B")
DOC_TYPES = ("850", "856", "940", "945", "214", "210", "997", "999",
             "ORDERS", "DESADV", "INVOIC", "IFTSTA", "APERAK", "CONTRL")
_SECRET_WORDS = re.compile(r"pass(word|phrase)?|secret|token|private_?key|api_?key|credential", re.I)


class Strict(BaseModel):
    """Profile sections refuse unknown keys so a misspelt setting is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid")


class X12Identity(Strict):
    """An X12 identity: ISA05/06 (or 07/08) qualifier and id, and the GS02/03 application code."""

    isa_qualifier: str = Field(min_length=2, max_length=2)
    isa_id: str = Field(min_length=1, max_length=15)
    gs_id: str = Field(min_length=2, max_length=15)


class EdifactIdentity(Strict):
    """An EDIFACT identity: UNB S002/S003 id and its code qualifier (14 = GLN, ZZZ mutually defined)."""

    unb_id: str = Field(min_length=1, max_length=35)
    unb_qualifier: str | None = Field(default=None, max_length=4)


class Identities(Strict):
    """The partner's ids and ours as this partner knows us."""

    x12: X12Identity | None = None
    edifact: EdifactIdentity | None = None
    our_x12: X12Identity | None = None
    our_edifact: EdifactIdentity | None = None


class DocumentSetting(Strict):
    """One document exchanged with this partner: type, direction and version."""

    type: str
    direction: Direction
    version: str

    @field_validator("type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        if v not in DOC_TYPES:
            raise ValueError(f"unknown document type {v!r}; use one of {', '.join(DOC_TYPES)}")
        return v

    @model_validator(mode="after")
    def _version_fits(self) -> DocumentSetting:
        is_edifact = self.type.isalpha()
        allowed = EDIFACT_VERSIONS if is_edifact else X12_VERSIONS
        if self.version not in allowed:
            raise ValueError(f"version {self.version!r} is not supported for {self.type}; use one of "
                             f"{', '.join(allowed)}")
        return self


class Delimiters(Strict):
    """Outbound X12 delimiters (repetition only for 005010)."""

    element: str = Field(default="*", min_length=1, max_length=1)
    component: str = Field(default=">", min_length=1, max_length=1)
    segment: str = Field(default="~", min_length=1, max_length=1)
    repetition: str = Field(default="^", min_length=1, max_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> Delimiters:
        chars = [self.element, self.component, self.segment, self.repetition]
        if len(set(chars)) != 4:
            raise ValueError("element, component, segment and repetition delimiters must all differ")
        if any(c.isalnum() or c == " " for c in chars):
            raise ValueError("delimiters must not be letters, digits or spaces")
        return self


class EdifactSyntax(Strict):
    """Outbound EDIFACT settings: syntax identifier and version, UNA, service characters."""

    syntax_id: str = "UNOC"
    syntax_version: Literal[3, 4] = 3
    send_una: bool = True
    component: str = ":"
    element: str = "+"
    decimal: Literal[".", ","] = "."
    release: str = "?"
    segment: str = "'"
    controlling_agency: str = "UN"
    association_codes: dict[str, str] = Field(default_factory=dict,
                                              description="UNH S009 0057 per message, e.g. {DESADV: EAN005}.")


class Envelope(Strict):
    """How we wrap what we send: delimiters, usage indicator, ack request, line ends."""

    delimiters: Delimiters = Field(default_factory=Delimiters)
    usage: Literal["P", "T"] = "P"
    ta1_requested: bool = False
    newline_after_segment: bool = True
    edifact: EdifactSyntax = Field(default_factory=EdifactSyntax)


class AckPolicy(Strict):
    """What we send back, what we expect from them, and how long they have."""

    functional: Literal["997", "999", "none"] = "997"
    ta1: Literal["never", "on_request", "on_error", "always"] = "on_request"
    ak2_for_every_set: bool = True
    contrl: bool = False
    expect_their_ack: bool = True
    their_ack_deadline_hours: Decimal = Field(default=Decimal(24), gt=0)


class SecretRef(Strict):
    """A secret given by reference only: an environment variable or a file path, never the value."""

    env: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _one(self) -> SecretRef:
        if (self.env is None) == (self.file is None):
            raise ValueError("give exactly one of 'env' (variable name) or 'file' (path)")
        return self


class Transport(Strict):
    """A mailbox by name; its kind's settings are checked by the transports package."""

    name: str
    kind: Literal["local", "sftp", "as2"]
    settings: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, SecretRef] = Field(default_factory=dict)

    @field_validator("settings")
    @classmethod
    def _no_inline_secrets(cls, v: dict[str, Any]) -> dict[str, Any]:
        for key in v:
            if _SECRET_WORDS.search(key):
                raise ValueError(
                    f"setting {key!r} looks like an inline secret; move it under 'secrets' as "
                    f"{key}: {{env: VARIABLE}} or {key}: {{file: /path}}"
                )
        return v


class ItemXref(Strict):
    """One product: the partner's codes for it and the Odoo default_code."""

    odoo_product: str
    buyer_part: str | None = None
    vendor_part: str | None = None
    upc: str | None = None
    gtin: str | None = None
    sku: str | None = None


class LocationXref(Strict):
    """A partner location code (ship-to store, DC, 3PL site) and the Odoo partner or warehouse."""

    code: str
    qualifier: str | None = None
    odoo_partner: str | None = None
    odoo_warehouse: str | None = None


class CarrierXref(Strict):
    """A carrier SCAC and the Odoo delivery carrier it stands for."""

    scac: str = Field(min_length=2, max_length=4)
    odoo_carrier: str


class CrossReferences(Strict):
    """Partner codes to Odoo: items, units, locations, carriers."""

    items: list[ItemXref] = Field(default_factory=list)
    unit_codes: dict[str, str] = Field(default_factory=dict,
                                       description="Partner unit code -> gateway unit, when non-standard.")
    odoo_units: dict[str, str] = Field(default_factory=dict, description="Gateway unit -> Odoo UoM name.")
    locations: list[LocationXref] = Field(default_factory=list)
    carriers: list[CarrierXref] = Field(default_factory=list)


class OverlayRule(Strict):
    """One implementation-guide rule that tightens the base map for this partner.

    ``segment`` with ``qualifier`` targets the segments whose first element equals the qualifier
    (e.g. REF with IA). Without ``element`` the rule is about the segment's presence; with it,
    about that element's usage, code list and lengths.
    """

    set: str
    segment: str
    qualifier: str | None = None
    element: int | None = Field(default=None, ge=1)
    usage: Literal["required", "optional", "not_used"] = "optional"
    codes: list[str] | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    note: str | None = None


class ChargebackRule(Strict):
    """What one breach of a partner rule costs, as the partner's vendor compliance manual states it.

    ``basis`` says what the charge is counted on: a fixed ``amount`` per occurrence, an ``amount``
    per carton (SSCC-labelled package) of the shipment concerned, or a ``percent`` of the value of
    the order, shipment or invoice concerned. ``minimum`` and ``maximum`` bound the charge of one
    occurrence (manuals commonly say "3 % of the PO value, minimum $50"). A bare number in the
    profile (``late_asn: "250.00"``) is the short form of ``{basis: per_occurrence, amount: ...}``.
    """

    basis: Literal["per_occurrence", "per_carton", "percent_of_value"] = "per_occurrence"
    amount: Decimal | None = Field(default=None, ge=0, description="Charge per occurrence or per carton.")
    percent: Decimal | None = Field(default=None, gt=0, le=100, description="Percent of the value concerned.")
    minimum: Decimal | None = Field(default=None, ge=0, description="Least charge for one occurrence.")
    maximum: Decimal | None = Field(default=None, ge=0, description="Greatest charge for one occurrence.")

    @model_validator(mode="after")
    def _consistent(self) -> ChargebackRule:
        if self.basis == "percent_of_value":
            if self.percent is None or self.amount is not None:
                raise ValueError("basis percent_of_value needs a percent and no amount; give 'percent' "
                                 "(3 for 3 % of the value) and remove 'amount'")
        elif self.amount is None or self.percent is not None:
            raise ValueError(f"basis {self.basis} needs an amount and no percent; give 'amount' (money per "
                             f"{'carton' if self.basis == 'per_carton' else 'occurrence'}) and remove 'percent'")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}; lower the minimum or "
                             f"raise the maximum")
        return self

    def describe(self) -> str:
        """The rule in words, e.g. ``15.00 per carton, min 20.00, max 25.00`` or ``3 % of value``."""
        if self.basis == "percent_of_value":
            text = f"{self.percent} % of value"
        else:
            text = f"{self.amount} per {'carton' if self.basis == 'per_carton' else 'occurrence'}"
        if self.minimum is not None:
            text += f", min {self.minimum}"
        if self.maximum is not None:
            text += f", max {self.maximum}"
        return text

    def charge(self, cartons: int, value: Decimal | None) -> Decimal:
        """The charge of one occurrence touching ``cartons`` cartons and goods worth ``value``.

        An unknown value counts as zero, so only the minimum (if any) is charged for it.
        """
        if self.basis == "per_occurrence":
            base = self.amount or Decimal(0)
        elif self.basis == "per_carton":
            base = (self.amount or Decimal(0)) * cartons
        else:
            base = (value or Decimal(0)) * (self.percent or Decimal(0)) / 100
        if self.minimum is not None:
            base = max(base, self.minimum)
        if self.maximum is not None:
            base = min(base, self.maximum)
        return base


class ComplianceRules(Strict):
    """Agreement terms used by business checks and scorecards."""

    asn_deadline_hours: Decimal | None = None
    po_ack_deadline_hours: Decimal | None = None
    quantity_tolerance_percent: Decimal = Decimal(0)
    freight_tolerance_amount: Decimal = Decimal("0.00")
    chargebacks: dict[str, ChargebackRule] = Field(
        default_factory=dict,
        description="Rule name -> chargeback: per occurrence, per carton or percent of value, with optional "
                    "minimum and maximum per occurrence; a bare amount means per occurrence.")

    @field_validator("chargebacks", mode="before")
    @classmethod
    def _short_form(cls, v: Any) -> Any:
        """Accept ``rule: amount`` (the original form) as a per-occurrence rule."""
        if not isinstance(v, dict):
            return v
        return {rule: {"basis": "per_occurrence", "amount": spec}
                if isinstance(spec, str | int | float | Decimal) and not isinstance(spec, bool) else spec
                for rule, spec in v.items()}


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class BusinessCalendar(Strict):
    """Working days and holidays, for deadlines counted in business time."""

    workdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    holidays: list[dt.date] = Field(default_factory=list)

    def is_business_day(self, day: dt.date) -> bool:
        """True when ``day`` is a workday and not a holiday."""
        return _DAYS[day.weekday()] in self.workdays and day not in self.holidays


class PartnerProfile(Strict):
    """One trading partner."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: str
    syntax: Literal["x12", "edifact"]
    timezone: str = "UTC"
    calendar: BusinessCalendar = Field(default_factory=BusinessCalendar)
    identities: Identities
    documents: list[DocumentSetting]
    envelope: Envelope = Field(default_factory=Envelope)
    acks: AckPolicy = Field(default_factory=AckPolicy)
    duplicates: Literal["reject", "warn", "process"] = "reject"
    duplicate_window_days: int = Field(default=30, ge=1)
    transports: list[Transport] = Field(default_factory=list)
    crossrefs: CrossReferences = Field(default_factory=CrossReferences)
    overlay: list[OverlayRule] = Field(default_factory=list)
    compliance: ComplianceRules = Field(default_factory=ComplianceRules)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r}; use an IANA name like 'America/Chicago'") from None
        return v

    @model_validator(mode="after")
    def _identities_match_syntax(self) -> PartnerProfile:
        ids = self.identities
        if self.syntax == "x12" and (ids.x12 is None or ids.our_x12 is None):
            raise ValueError("an X12 partner needs identities.x12 and identities.our_x12")
        if self.syntax == "edifact" and (ids.edifact is None or ids.our_edifact is None):
            raise ValueError("an EDIFACT partner needs identities.edifact and identities.our_edifact")
        seen = set()
        for d in self.documents:
            if (d.type, d.direction) in seen:
                raise ValueError(f"document {d.type} {d.direction} is listed twice")
            seen.add((d.type, d.direction))
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The partner's time zone."""
        return ZoneInfo(self.timezone)

    def document(self, doc_type: str, direction: Direction) -> DocumentSetting | None:
        """The setting for one document type and direction, or None when not enabled."""
        return next((d for d in self.documents if d.type == doc_type and d.direction == direction), None)

    def odoo_product(self, codes: dict[str, str]) -> str | None:
        """The Odoo product for the first matching partner code (GTIN, UPC, buyer, vendor, SKU)."""
        for kind in ("gtin", "upc", "buyer_part", "vendor_part", "sku"):
            value = codes.get(kind)
            if not value:
                continue
            for x in self.crossrefs.items:
                if getattr(x, kind) == value:
                    return x.odoo_product
        return None

    def item_for(self, odoo_product: str) -> ItemXref | None:
        """The cross-reference entry of one Odoo product."""
        return next((x for x in self.crossrefs.items if x.odoo_product == odoo_product), None)

    def location(self, code: str | None) -> LocationXref | None:
        """The cross-reference entry of one partner location code."""
        if not code:
            return None
        return next((x for x in self.crossrefs.locations if x.code == code), None)

    def odoo_uom(self, unit: str) -> str | None:
        """The Odoo UoM name of a gateway unit, when the profile maps it."""
        return self.crossrefs.odoo_units.get(unit)
