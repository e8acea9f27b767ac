import pytest

from assistant.feedback.masking import mask


@pytest.mark.parametrize("text, expected", [
    ("write to ana.lopez@acme.com.mx today", "write to [email] today"),
    ("call +52 81 1234 5678 or (555) 123-4567", "call [phone] or [phone]"),
    ("ticket 12345678 is still open", "ticket [number] is still open"),
    ("card 4111 1111 1111 1111", "card [phone]"),
])
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "what does item 2.3 require in CSP 5.1?", "is 80% in 20 s a good service level?",
    "reviewed on 2026-11-23", "AHT of 300 seconds", "item 2.10 of CX 7.0",
])
def test_copc_numbers_dates_and_short_numbers_stay(text):
    assert mask(text) == text


def test_none_and_empty_pass_through():
    assert mask(None) is None and mask("") == ""
