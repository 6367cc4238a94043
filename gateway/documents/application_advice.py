"""Application advice: EDIFACT APERAK, the business-level answer to a received message.

Says whether a document was accepted by the application (not only syntactically) and why not.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, Party


class AdviceError(CanonicalModel):
    """One application error (EDIFACT ERC + FTX)."""

    code: str
    text: str | None = None


class ApplicationAdvice(CanonicalModel):
    """Acceptance or rejection of one referenced document."""

    doc_type: Literal["application_advice"] = "application_advice"
    advice_number: str
    function_code: str = Field(default="9", description="EDIFACT BGM 1225: 9 original, 27 not accepted...")
    advice_date: dt.date
    referenced_document: str
    referenced_type: str | None = None
    accepted: bool
    parties: list[Party] = Field(default_factory=list)
    errors: list[AdviceError] = Field(default_factory=list)

    def business_key(self) -> str:
        """The advice number."""
        return self.advice_number
