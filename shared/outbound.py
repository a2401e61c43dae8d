"""Where newsflow may send a request: mirror and feed URLs are refused if they point into our own network (SSRF).

Mirror and feed URLs (and each redirect a feed poll follows) are the inputs that make us open a connection on
someone else's behalf. Every address
the host resolves to must be public, unless an operator allowlisted the host name, the address or its
network. Hosts are checked on their resolved addresses, so decimal, hex and IPv4-mapped spellings of
a private address are caught too.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from shared.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SCHEMES = {"http": 80, "https": 443}
# Link-local already covers 169.254.169.254; these are named so the error tells an operator why.
# 100.100.100.200 is Alibaba Cloud's, fd00:ec2::254 AWS's IPv6 metadata endpoint.
METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")}


def check_url(url: str, allowlist: Sequence[str]) -> None:
    """Return if ``url`` may be sent to; else raise InvalidInput("url", reason)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise InvalidInput("url", "scheme must be http or https")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is not a number or out of range
        raise InvalidInput("url", "invalid port") from None
    if not host:
        raise InvalidInput("url", "host required")
    names, networks = _parse_allowlist(allowlist)
    if host.rstrip(".") in names:
        return
    for address in _resolve(host, port or SCHEMES[parts.scheme.lower()]):
        if any(address in network for network in networks):
            continue
        reason = refusal(address)
        if reason:
            raise InvalidInput("url", f"{host} resolves to {address}, {reason}; to allow it, add {host} (or its "
                               "network) to NEWSFLOW_OUTBOUND_ALLOWLIST")


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` must not be connected to, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return "a cloud metadata address"
    for kind in ("unspecified", "loopback", "link_local", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address"
    if not address.is_global:  # shared (CGNAT) space, documentation ranges and the like
        return "a non-global address"
    return None


def _parse_allowlist(allowlist: Sequence[str]) -> tuple[set[str], list[IPNetwork]]:
    """Split allowlist entries into host names and networks (a bare IP is a /32 or /128)."""
    names: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in (item.strip() for item in allowlist):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            names.add(entry.lower().rstrip("."))
    return names, networks


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InvalidInput("url", f"host {host} does not resolve") from None
    # IPv6 link-local answers carry a zone ("fe80::1%eth0") that ip_address() refuses.
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
