"""Tracking codes, the fingerprint that recognises the same report sent twice, and the
signed confirmation link's token."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from django.core import signing

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud on the phone or copied by hand
# stays right.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
GROUP = 5
_CODE = re.compile(rf"^[{ALPHABET}]{{{2 * GROUP}}}$")

CONFIRMATION_SALT = "difficulties.confirm"
# How long the confirmation link works, and how long an unconfirmed report is kept.
CONFIRMATION_DAYS = 7


def new_code() -> str:
    """A fresh code, `K7M3Q-9XR4T`: about 46 bits, drawn by the system's random source."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(2 * GROUP))
    return f"{letters[:GROUP]}-{letters[GROUP:]}"


def normalise_code(text: str) -> str | None:
    """The code as stored, from what someone typed (case, spaces and hyphens ignored),
    or None when it cannot be a code."""
    letters = re.sub(r"[\s-]", "", (text or "")[:40]).upper()
    if not _CODE.match(letters):
        return None
    return f"{letters[:GROUP]}-{letters[GROUP:]}"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.split())


def fingerprint(*, category: str, country: str, description: str, email: str, phone: str) -> str:
    """The same report sent twice has the same fingerprint (case and spacing aside)."""
    digits = re.sub(r"\D", "", phone or "")
    parts = [category, str(country), _plain(description), _plain(email), digits]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def confirmation_token(code: str) -> str:
    return signing.dumps(code, salt=CONFIRMATION_SALT, compress=False)


def code_of_token(token: str) -> str | None:
    """The tracking code a confirmation link names, or None when the link is altered
    or older than `CONFIRMATION_DAYS`."""
    try:
        code = signing.loads(
            token[:200], salt=CONFIRMATION_SALT, max_age=CONFIRMATION_DAYS * 24 * 3600
        )
    except signing.BadSignature:
        return None
    return code if isinstance(code, str) else None


def token_expired(token: str) -> bool:
    """Whether a confirmation link is genuine but older than `CONFIRMATION_DAYS` (the
    page then asks to send the report again rather than calling the link altered)."""
    try:
        signing.loads(token[:200], salt=CONFIRMATION_SALT, max_age=CONFIRMATION_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        return True
    except signing.BadSignature:
        return False
    return False
