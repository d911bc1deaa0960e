"""Outbound HTTP that users can aim (webhooks, ``source_url``), guarded against SSRF.

    EgressError
    ├── EgressRefused       the URL or an address it resolves to is not allowed
    │   └── UnresolvableHost  DNS gave no address (may be transient; callers may retry)
    └── FetchFailed         the request was allowed but did not produce a usable answer

Rules (``check_url``): only ``http``/``https`` with a host. Every address the host resolves to
is checked. Link-local (169.254.0.0/16, fe80::/10) and cloud metadata endpoints
(169.254.169.254, fd00:ec2::254, 100.100.100.200, metadata.google.internal) are always refused;
private, loopback, unspecified, reserved, shared (CGNAT) and other non-global addresses are
refused unless ``allow_private`` (``SHEAF_ALLOW_PRIVATE_EGRESS``).

DNS rebinding: requests made through ``open_pinned`` connect to the address that was checked
(the URL's host is replaced by the checked IP; ``Host`` and TLS SNI/certificate checks keep the
original name), so a second DNS answer can never send the request elsewhere. Redirects are
followed by hand and every hop is checked and pinned the same way.
"""

from __future__ import annotations

import email.message
import ipaddress
import posixpath
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

import httpx

__all__ = [
    "EgressError",
    "EgressRefused",
    "FetchFailed",
    "UnresolvableHost",
    "check_url",
    "check_url_syntax",
    "fetch_url",
    "open_pinned",
    "refusal_reason",
    "resolve_checked",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_HOSTNAMES = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
LINK_LOCAL = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))
MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class EgressError(Exception):
    """Base of every error of this module; ``str(exc)`` is a message fit for users."""


class EgressRefused(EgressError):
    """The destination is not allowed."""


class UnresolvableHost(EgressRefused):
    """The host name did not resolve (possibly a transient DNS failure)."""


class FetchFailed(EgressError):
    """The destination was allowed but the request failed (status, size, timeout, network)."""


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL: its parts and the address to connect to."""

    url: str
    scheme: str
    host: str  # lower-case, no trailing dot, no brackets
    port: int
    addresses: tuple[IPAddress, ...]  # every one checked; tried in order until one connects

    @property
    def address(self) -> IPAddress:
        return self.addresses[0]


def _normalize_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


def check_url_syntax(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an http(s) URL, or ``EgressRefused``; no DNS."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise EgressRefused(f"{url!r} is not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise EgressRefused(f"only http and https URLs are allowed, not {scheme or 'no scheme'!r}")
    host = _normalize_host(parts.hostname or "")
    if not host:
        raise EgressRefused(f"{url!r} has no host")
    if _looks_numeric(host) and not _is_canonical_ip(host):
        # 2130706433, 0x7f000001, 127.1, 0177.0.0.1 all mean 127.0.0.1 to some resolvers and
        # something else (or nothing) to others: refuse the ambiguity outright.
        raise EgressRefused(
            f"{host!r} is a numeric host in a non-canonical form; write the address as "
            "a.b.c.d (IPv4) or [v6] (IPv6)"
        )
    return scheme, host, port or (443 if scheme == "https" else 80)


_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def _looks_numeric(host: str) -> bool:
    """A host whose last label is a number is an address, not a name (no TLD is numeric)."""
    return ":" in host or bool(_NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]))


def _is_canonical_ip(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)  # refuses leading zeros, short and hex forms
    except ValueError:
        return False
    return isinstance(ip, ipaddress.IPv6Address) or str(ip) == host


def _unmapped(ip: IPAddress) -> IPAddress:
    """``::ffff:a.b.c.d`` and friends are the IPv4 address for our purposes."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 well-known prefix
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def refusal_reason(ip: IPAddress, *, allow_private: bool) -> str | None:
    """Why ``ip`` may not be contacted, or None when it may."""
    ip = _unmapped(ip)
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if any(ip in net for net in LINK_LOCAL):
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved or non-global address"
    return None


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise UnresolvableHost(f"cannot resolve host {host!r}: {exc}") from exc
    out: list[IPAddress] = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if addr not in out:
            out.append(addr)
    if not out:
        raise UnresolvableHost(f"host {host!r} has no address")
    return out


def resolve_checked(url: str, *, allow_private: bool) -> Target:
    """Check ``url`` and return the address to connect to (all of its addresses must pass)."""
    scheme, host, port = check_url_syntax(url)
    if host in METADATA_HOSTNAMES:
        raise EgressRefused(f"refusing to contact {host}: a cloud metadata endpoint")
    addresses = _resolve(host, port)
    for ip in addresses:
        reason = refusal_reason(ip, allow_private=allow_private)
        if reason:
            hint = (
                ""
                if allow_private or "metadata" in reason or "link-local" in reason
                else (" (set SHEAF_ALLOW_PRIVATE_EGRESS=true to allow private networks)")
            )
            shown = host if str(ip) == host else f"{host} ({ip})"
            raise EgressRefused(f"refusing to contact {shown}: {reason}{hint}")
    return Target(url=url, scheme=scheme, host=host, port=port, addresses=tuple(addresses))


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise ``EgressRefused`` unless ``url`` may be contacted (resolves the host)."""
    resolve_checked(url, allow_private=allow_private)


def _pinned_request(
    target: Target, address: IPAddress, headers: dict[str, str]
) -> tuple[httpx.URL, dict]:
    """The URL to send to (host replaced by a checked IP), with Host header and SNI set."""
    url = httpx.URL(target.url)
    pinned = url.copy_with(host=str(address))
    headers["Host"] = url.netloc.decode("ascii")
    extensions = {"sni_hostname": url.host} if target.scheme == "https" else {}
    return pinned, extensions


@contextmanager
def open_pinned(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    allow_private: bool,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> Iterator[httpx.Response]:
    """Send one request (no redirects) to a checked, pinned address; stream the response.

    The host's addresses are tried in order until one accepts the connection (``localhost``
    is often ``::1`` first, and a server may listen on 127.0.0.1 only); a refused connection
    sent nothing, so trying the next address cannot deliver twice.
    """
    target = resolve_checked(url, allow_private=allow_private)
    hdrs = {k: v for k, v in (headers or {}).items() if k.lower() != "host"}
    response = None
    for i, address in enumerate(target.addresses):
        pinned, extensions = _pinned_request(target, address, hdrs)
        request = client.build_request(
            method, pinned, headers=hdrs, content=content, extensions=extensions
        )
        try:
            response = client.send(request, stream=True, follow_redirects=False)
            break
        except httpx.ConnectError:
            if i == len(target.addresses) - 1:
                raise
    assert response is not None  # the loop either broke with a response or raised
    try:
        yield response
    finally:
        response.close()


def egress_client(timeout: float) -> httpx.Client:
    """A client for ``open_pinned``.

    Proxy variables are ignored (the pinned address must be the one connected to), and
    connections are not kept alive: pooling is keyed by IP, and a TLS connection made for one
    host name must not carry a request for another name on the same address.
    """
    return httpx.Client(
        timeout=timeout,
        trust_env=False,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def _filename(response: httpx.Response, url: str) -> str | None:
    disposition = response.headers.get("content-disposition")
    if disposition:
        msg = email.message.Message()
        msg["content-disposition"] = disposition
        name = msg.get_filename()
        if name:
            name = posixpath.basename(name.replace("\\", "/"))
            if name:
                return name
    name = posixpath.basename(unquote(urlsplit(url).path))
    return name or None


def fetch_url(
    url: str, *, allow_private: bool, max_bytes: int, timeout: float
) -> tuple[bytes, str | None, str | None]:
    """GET ``url`` -> ``(content, filename, content_type)``; every redirect hop is checked.

    Raises ``EgressRefused`` for a refused destination (any hop) and ``FetchFailed`` for a
    non-2xx answer, a body over ``max_bytes``, too many redirects, a timeout or a network error.
    """
    current = url
    try:
        with egress_client(timeout) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                with open_pinned(
                    client, "GET", current, allow_private=allow_private, headers={"Accept": "*/*"}
                ) as response:
                    if response.status_code in REDIRECT_CODES:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchFailed(f"{current} redirected without a Location header")
                        current = urljoin(current, location)
                        continue
                    if not 200 <= response.status_code < 300:
                        raise FetchFailed(f"GET {current} answered HTTP {response.status_code}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchFailed(
                            f"{current} is {int(declared)} bytes; the limit is {max_bytes} bytes"
                        )
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchFailed(
                                f"{current} is larger than the limit of {max_bytes} bytes"
                            )
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type")
                    if content_type:
                        content_type = content_type.split(";", 1)[0].strip() or None
                    return b"".join(chunks), _filename(response, current), content_type
            raise FetchFailed(f"{url} redirected more than {MAX_REDIRECTS} times")
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"fetching {current} timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"fetching {current} failed: {exc}") from exc
