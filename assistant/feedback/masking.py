"""Mask personal data in free text before it is stored or shown in a report.

E-mail addresses, phone numbers and long digit runs (account, card or ticket numbers) are
replaced by a placeholder; COPC item numbers ("2.3"), percentages and short numbers ("AHT of
300 seconds") stay readable.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: optional +country, then 7+ digits possibly split by spaces, dots, dashes or
# parentheses ("+52 81 1234 5678", "(555) 123-4567").
PHONE = re.compile(r"(?<![\w.])\+?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{2,4}\)?){2,5}(?![\w.])")
LONG_DIGITS = re.compile(r"\d{6,}")

MASK_EMAIL = "[email]"
MASK_PHONE = "[phone]"
MASK_NUMBER = "[number]"


DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    if DATE.fullmatch(found.strip()):
        return found  # an ISO date is not personal data
    if found.isdigit():
        return MASK_NUMBER  # one unbroken run: an account or ticket number
    return MASK_PHONE if sum(ch.isdigit() for ch in found) >= 7 else found


def mask(text: str | None) -> str | None:
    """``text`` with e-mail addresses, phone numbers and digit runs of 6+ masked (None stays None)."""
    if not text:
        return text
    text = EMAIL.sub(MASK_EMAIL, text)
    text = PHONE.sub(_phone, text)
    return LONG_DIGITS.sub(MASK_NUMBER, text)
