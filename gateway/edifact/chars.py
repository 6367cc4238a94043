"""EDIFACT service characters (UNA) and syntax identifiers (UNOA..UNOY) with their character sets.

The six service characters decide how every byte after them is read, so they live in one small
immutable value, :class:`ServiceChars`, shared by the reader, the validator and the writer. The
syntax identifier in UNB S001 decides the text encoding and which characters are allowed at all
(UNOA: upper case only; UNOB adds lower case; UNOC..UNOK are ISO 8859 parts; UNOW/UNOY are
ISO 10646 as UTF-8); the table here is the one place that knows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gateway.errors import EdiInputError

# Characters of level A (ISO 9735 annex: upper case letters, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >).
_LEVEL_A = r"A-Z0-9 .,\-()/='+:?!\"%&*;<>"
_LEVEL_B = _LEVEL_A + r"a-z@\[\]{}_\\|~#$`^"


@dataclass(frozen=True, slots=True)
class CharsetInfo:
    """How one syntax identifier is decoded and which characters it allows."""

    codec: str
    label: str
    bad_chars: re.Pattern[str] | None  # finds a character outside the repertoire; None = anything decodable


def _bad(allowed: str) -> re.Pattern[str]:
    return re.compile(f"[^{allowed}]")


_LATIN_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_UNICODE_BAD = re.compile("[\x00-\x1f\x7f\ufffd]")

CHARSETS: dict[str, CharsetInfo] = {
    "UNOA": CharsetInfo("latin-1", "ISO 646 level A (upper case only)", _bad(_LEVEL_A)),
    "UNOB": CharsetInfo("latin-1", "ISO 646 level B (upper and lower case)", _bad(_LEVEL_B)),
    "UNOC": CharsetInfo("iso8859-1", "ISO 8859-1 (Latin 1)", _LATIN_CONTROLS),
    "UNOD": CharsetInfo("iso8859-2", "ISO 8859-2 (Latin 2)", _LATIN_CONTROLS),
    "UNOE": CharsetInfo("iso8859-5", "ISO 8859-5 (Cyrillic)", _LATIN_CONTROLS),
    "UNOF": CharsetInfo("iso8859-7", "ISO 8859-7 (Greek)", _LATIN_CONTROLS),
    "UNOG": CharsetInfo("iso8859-3", "ISO 8859-3 (Latin 3)", _LATIN_CONTROLS),
    "UNOH": CharsetInfo("iso8859-4", "ISO 8859-4 (Latin 4)", _LATIN_CONTROLS),
    "UNOI": CharsetInfo("iso8859-6", "ISO 8859-6 (Arabic)", _LATIN_CONTROLS),
    "UNOJ": CharsetInfo("iso8859-8", "ISO 8859-8 (Hebrew)", _LATIN_CONTROLS),
    "UNOK": CharsetInfo("iso8859-9", "ISO 8859-9 (Latin 5)", _LATIN_CONTROLS),
    "UNOL": CharsetInfo("iso8859-15", "ISO 8859-15 (Latin 9)", _LATIN_CONTROLS),
    "UNOW": CharsetInfo("utf-8", "ISO 10646-1 as UTF-8", _UNICODE_BAD),
    "UNOX": CharsetInfo("latin-1", "ISO 2022 with escape sequences (read byte for byte)", None),
    "UNOY": CharsetInfo("utf-8", "ISO 10646-1 as UTF-8", _UNICODE_BAD),
}
# Identifiers outside UN/EDIFACT that real files carry; read like the closest UN level, with a warning.
FOREIGN_CHARSETS: dict[str, str] = {"IATA": "UNOA", "IATB": "UNOB", "KECA": "UNOC"}


@dataclass(frozen=True, slots=True)
class ServiceChars:
    """The six UNA service characters. ``repetition`` is ``" "`` when unused (syntax 1-3)."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"

    @property
    def separators(self) -> str:
        """Characters that must be released inside data: separators, terminator and release."""
        seps = self.component + self.element + self.release + self.terminator
        if self.repetition != " ":
            seps += self.repetition
        return seps

    def una(self) -> str:
        """The UNA service string advice for these characters (``UNA:+.? '``)."""
        return (
            "UNA" + self.component + self.element + self.decimal + self.release + self.repetition
            + self.terminator
        )

    def for_syntax(self, version: int) -> ServiceChars:
        """Syntax 4 without UNA uses ``*`` for repetitions; older syntaxes reserve the position."""
        if version >= 4 and self.repetition == " " and "*" not in (
            self.component, self.element, self.release, self.terminator
        ):
            return ServiceChars(self.component, self.element, self.decimal, self.release, "*", self.terminator)
        return self


DEFAULT_CHARS = ServiceChars()


def parse_una(text: str, *, source: str | None = None) -> ServiceChars:
    """Read the six characters after ``UNA``; refuse duplicates and unusable characters (0085 code 20)."""
    if len(text) < 9 or not text.startswith("UNA"):
        raise EdiInputError("UNA service string advice is shorter than its 9 characters", source=source,
                            place="UNA")
    comp, elem, dec, rel, rep, term = text[3:9]
    chars = ServiceChars(comp, elem, dec, rel, rep, term)
    used = [comp, elem, rel, term] + ([rep] if rep != " " else [])
    if len(set(used)) != len(used):
        raise EdiInputError(
            f"UNA declares the same character twice in {text[3:9]!r} (syntax error 20: character invalid "
            "as service character)", source=source, place="UNA")
    if dec not in ".,":
        raise EdiInputError(f"UNA decimal mark {dec!r} must be '.' or ',' (syntax error 20)", source=source,
                            place="UNA3")
    if dec in used:
        raise EdiInputError(f"UNA decimal mark {dec!r} is also used as a separator (syntax error 20)",
                            source=source, place="UNA3")
    for ch in used:
        if ch.isalnum() or ch == " ":
            raise EdiInputError(f"UNA service character {ch!r} is a letter, digit or space (syntax error 20)",
                                source=source, place="UNA")
    return chars
