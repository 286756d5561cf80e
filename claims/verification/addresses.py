"""Which IP addresses the fetcher may connect to: public unicast only.

`ipaddress.is_global` alone is not enough. The Python 3.11 tables call 2002:7f00:1::
(6to4 around 127.0.0.1), fec0:: (site-local) and 192.0.0.8 "global", and call every
IPv4-mapped or NAT64 address "reserved" whatever IPv4 it carries. So an address is
first reduced to the IPv4 address it really reaches, then checked against is_global AND
an explicit table of special-purpose ranges (RFC 6890 and the IANA registries).
"""

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # shared address space (CGNAT): the provider's side of the network
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, including the cloud metadata service 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments (NAT64 discovery, DS-Lite, ...)
        "192.0.2.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking, often used for internal appliances
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",  # reserved, includes 255.255.255.255
    )
)

BLOCKED_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",  # unspecified, loopback and IPv4-compatible (those are reduced to IPv4 first)
        "::ffff:0:0/96",  # IPv4-mapped (reduced to IPv4 first)
        "64:ff9b::/96",  # NAT64 well-known prefix (reduced to IPv4 first)
        "64:ff9b:1::/48",  # local-use NAT64: translates to whatever the local operator wants
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments, including Teredo 2001::/32 (see below)
        "2001:db8::/32",
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 segment identifiers
        "fc00::/7",  # unique local, e.g. fd00::/8
        "fe80::/10",
        "fec0::/10",  # deprecated site-local, still routed inside some networks
        "ff00::/8",
    )
)

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def parse_networks(values: Iterable[str | Network]) -> tuple[Network, ...]:
    """CIDR strings (or networks) to networks; ValueError on a malformed one."""
    return tuple(v if isinstance(v, ipaddress._BaseNetwork) else ipaddress.ip_network(str(v).strip()) for v in values)


def reachable_address(ip: IPAddress) -> IPAddress:
    """The address a connection to `ip` really reaches, as far as this host can tell.

    IPv4-mapped and IPv4-compatible addresses are opened as IPv4 by the kernel, and a
    NAT64 gateway (DNS64 networks hand out 64:ff9b::a.b.c.d for every IPv4-only site)
    forwards to the embedded IPv4 address, so that IPv4 address is what must be public.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in NAT64 or ip in IPV4_COMPATIBLE:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _public_v4(ip: ipaddress.IPv4Address) -> bool:
    if any(ip in net for net in BLOCKED_V4):
        return False
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback or ip.is_link_local or ip.is_private
    )


def _public_v6(ip: ipaddress.IPv6Address) -> bool:
    if any(ip in net for net in BLOCKED_V6):
        return False
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback:
        return False
    if ip.is_link_local or ip.is_site_local or ip.is_private:
        return False
    # 6to4 (2002::/16) and Teredo tunnel to an embedded IPv4 address, which must be
    # public too. Teredo is inside 2001::/23 and so already refused above; the check
    # stays in case that table entry is ever relaxed.
    embedded = [ip.sixtofour] if ip.sixtofour is not None else []
    embedded += list(ip.teredo or ())
    return all(_public_v4(e) for e in embedded)


def address_allowed(address: str | IPAddress, allowed_networks: Iterable[Network] = ()) -> bool:
    """True when the fetcher may connect to `address`.

    `allowed_networks` (the FACTCHECK_FETCH_ALLOWED_NETWORKS setting, for tests and
    deliberate internal deployments) admits addresses inside those networks; it is
    matched against the address the connection reaches, never against an embedded
    address behind a tunnel or NAT64 gateway.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    except ValueError:
        return False
    # The kernel opens an IPv4-mapped address as IPv4: the same destination, so the same answer.
    direct = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
    if any(direct.version == net.version and direct in net for net in allowed_networks):
        return True
    ip = reachable_address(ip)
    if isinstance(ip, ipaddress.IPv4Address):
        return _public_v4(ip)
    return _public_v6(ip)
