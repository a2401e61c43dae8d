"""Mirror URLs that would make newsflow reach into its own network are refused, unless allowlisted."""

from __future__ import annotations

import ipaddress

import pytest

from shared.errors import InvalidInput
from shared.outbound import check_url, refusal

PUBLIC_V4 = "http://93.184.216.34/hook"
PUBLIC_V6 = "https://[2606:2800:220:1:248:1893:25c8:1946]/hook"


@pytest.mark.parametrize("url", [PUBLIC_V4, PUBLIC_V6, "https://93.184.216.34:8443/hook?x=1"])
def test_public_addresses_are_accepted(url: str) -> None:
    check_url(url, [])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://10.0.0.1/hook", "private"),
        ("http://192.168.1.20:8080/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://100.100.100.200/", "cloud metadata"),
        ("http://169.254.10.1/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-global"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 spelled as one decimal number
        ("http://0x7f.1/", "loopback"),
        ("http://localhost:8000/", "loopback"),
    ],
)
def test_internal_addresses_are_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_url(url, [])
    assert caught.value.field == "url"
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://93.184.216.34/", "scheme must be http or https"),
        ("file:///etc/passwd", "scheme must be http or https"),
        ("javascript:alert(1)", "scheme must be http or https"),
        ("93.184.216.34/hook", "scheme must be http or https"),
        ("http:///hook", "host required"),
        ("http://93.184.216.34:99999/", "invalid port"),
        ("http://no-such-host.invalid/", "does not resolve"),
    ],
)
def test_malformed_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        check_url(url, [])


@pytest.mark.parametrize(
    ("url", "allowlist"),
    [
        ("http://127.0.0.1:9000/hook", ["127.0.0.1"]),
        ("http://10.1.2.3/hook", ["10.0.0.0/8"]),
        ("http://[::1]/hook", ["::1"]),
        ("http://[fd00::5]/hook", ["fd00::/8"]),
        ("http://localhost:8000/hook", ["LOCALHOST"]),
        ("http://mirror.internal.example/hook", ["mirror.internal.example"]),  # allowlisted names skip DNS
    ],
)
def test_allowlisted_names_addresses_and_networks_are_accepted(url: str, allowlist: list[str]) -> None:
    check_url(url, allowlist)


def test_an_allowlisted_network_does_not_open_others() -> None:
    with pytest.raises(InvalidInput, match="10.0.0.1"):
        check_url("http://10.0.0.1/", ["192.168.0.0/16", "127.0.0.1", "mirror.example"])


def test_refusal_of_a_public_address_is_none() -> None:
    assert refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal(ipaddress.ip_address("169.254.169.254")) == "a cloud metadata address"
