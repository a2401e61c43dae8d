"""Standard Webhooks signing: the published vector, an independent HMAC, rotation, tampering and replay."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from shared.errors import InvalidInput
from shared.signing import SignatureError, generate_secret, headers, sign, verify

# The vector every Standard Webhooks reference library tests against (e.g. svix-webhooks' PHP tests).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

NOW = 1_700_000_000
BODY = '{"id":"a1","headline":"Zürich & <Kyiv>"}'.encode()


def test_sign_reproduces_the_published_vector() -> None:
    assert sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIGNATURE


def test_sign_matches_an_independent_computation_from_the_spec() -> None:
    secret = generate_secret()
    key = base64.b64decode(secret[len("whsec_") :])
    expected = hmac.new(key, f"msg_1.{NOW}.".encode() + BODY, hashlib.sha256).digest()
    assert sign(secret, "msg_1", NOW, BODY) == "v1," + base64.b64encode(expected).decode()


def test_secret_prefix_is_optional_like_the_reference_libraries() -> None:
    bare = VECTOR_SECRET.removeprefix("whsec_")
    assert sign(bare, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIGNATURE


def test_a_secret_that_is_not_base64_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        sign("whsec_not base64!", "msg_1", NOW, BODY)
    assert caught.value.field == "secret"


def test_generated_secrets_are_prefixed_long_enough_and_distinct() -> None:
    first, second = generate_secret(), generate_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"), validate=True)) >= 24


def test_headers_carry_id_timestamp_signature_and_content_type() -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW)
    assert sent == {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(NOW),
        "webhook-signature": sign(secret, "msg_1", NOW, BODY),
        "content-type": "application/json",
    }


def test_verify_accepts_what_headers_signed() -> None:
    secret = generate_secret()
    verify(secret, headers(secret, "msg_1", BODY, now=NOW), BODY, now=NOW)


def test_verify_accepts_the_published_vector() -> None:
    vector_headers = {
        "webhook-id": VECTOR_ID,
        "webhook-timestamp": str(VECTOR_TS),
        "webhook-signature": VECTOR_SIGNATURE,
    }
    verify(VECTOR_SECRET, vector_headers, VECTOR_BODY, now=VECTOR_TS)


def test_header_names_are_case_insensitive() -> None:
    secret = generate_secret()
    shouted = {name.title(): value for name, value in headers(secret, "msg_1", BODY, now=NOW).items()}
    assert "Webhook-Signature" in shouted
    verify(secret, shouted, BODY, now=NOW)


def test_rotation_signs_with_every_secret_and_either_verifies() -> None:
    """Given a mirror rotating secrets, when we sign with old and new, then either one verifies."""
    old, new = generate_secret(), generate_secret()
    sent = headers([old, new], "msg_1", BODY, now=NOW)
    assert sent["webhook-signature"].split(" ") == [
        sign(old, "msg_1", NOW, BODY),
        sign(new, "msg_1", NOW, BODY),
    ]
    verify(old, sent, BODY, now=NOW)
    verify(new, sent, BODY, now=NOW)
    verify([generate_secret(), new], sent, BODY, now=NOW)


def test_a_stranger_secret_does_not_verify() -> None:
    sent = headers(generate_secret(), "msg_1", BODY, now=NOW)
    with pytest.raises(SignatureError, match="no signature matches"):
        verify(generate_secret(), sent, BODY, now=NOW)


@pytest.mark.parametrize(
    ("header", "value"),
    [("webhook-id", "msg_2"), ("webhook-timestamp", str(NOW + 1))],
)
def test_tampered_header_fails(header: str, value: str) -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW) | {header: value}
    with pytest.raises(SignatureError, match="no signature matches"):
        verify(secret, sent, BODY, now=NOW)


def test_tampered_body_fails() -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW)
    with pytest.raises(SignatureError):
        verify(secret, sent, BODY.replace(b"Kyiv", b"Kiev"), now=NOW)


@pytest.mark.parametrize(("age", "reason"), [(301, "too old"), (-301, "too new")])
def test_timestamps_outside_the_window_are_refused(age: int, reason: str) -> None:
    """A delivery replayed later, or from a clock far ahead, is refused despite a good signature."""
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW - age)
    with pytest.raises(SignatureError, match=reason) as caught:
        verify(secret, sent, BODY, now=NOW)
    assert caught.value.field == "webhook-timestamp"


@pytest.mark.parametrize("age", [300, -300, 0])
def test_timestamps_inside_the_window_verify(age: int) -> None:
    secret = generate_secret()
    verify(secret, headers(secret, "msg_1", BODY, now=NOW - age), BODY, now=NOW)


def test_tolerance_is_configurable() -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW - 10)
    with pytest.raises(SignatureError, match="too old"):
        verify(secret, sent, BODY, tolerance=5, now=NOW)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_names_itself(missing: str) -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW)
    del sent[missing]
    with pytest.raises(SignatureError, match="missing") as caught:
        verify(secret, sent, BODY, now=NOW)
    assert caught.value.field == missing


@pytest.mark.parametrize("timestamp", ["soon", "1.5e9", "-1700000000", "١٧٠٠٠٠٠٠٠٠"])
def test_a_timestamp_that_is_not_plain_seconds_is_refused(timestamp: str) -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW) | {"webhook-timestamp": timestamp}
    with pytest.raises(SignatureError, match="not an integer"):
        verify(secret, sent, BODY, now=NOW)


def test_signatures_of_other_versions_are_ignored() -> None:
    """Only v1 (symmetric) is understood; a v1a value with the right bytes is not taken as v1."""
    secret = generate_secret()
    good = sign(secret, "msg_1", NOW, BODY).partition(",")[2]
    sent = headers(secret, "msg_1", BODY, now=NOW) | {"webhook-signature": f"v1a,{good} v2,{good}"}
    with pytest.raises(SignatureError):
        verify(secret, sent, BODY, now=NOW)


def test_garbage_next_to_a_good_signature_still_verifies() -> None:
    secret = generate_secret()
    sent = headers(secret, "msg_1", BODY, now=NOW)
    sent["webhook-signature"] = "v1,bm9wZQ== junk v1,é " + sent["webhook-signature"]
    verify(secret, sent, BODY, now=NOW)


def test_signature_error_is_invalid_input() -> None:
    assert issubclass(SignatureError, InvalidInput)
