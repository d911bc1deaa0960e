"""The egress guard: which destinations are refused, and fetch_url over a real local server."""

from __future__ import annotations

import socket

import pytest

from sheaf.webhooks import egress
from sheaf.webhooks.egress import (
    EgressRefused,
    FetchFailed,
    UnresolvableHost,
    check_url,
    fetch_url,
)

ALWAYS_REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.2/",
    "http://[fe80::1]/",
    "http://[fd00:ec2::254]/",
    "http://100.100.100.200/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.google.internal./",
    "http://[::ffff:169.254.169.254]/",
    "ftp://example.com/file",
    "file:///etc/passwd",
    "http:///nohost",
]
PRIVATE = [
    "http://127.0.0.1/",
    "http://localhost:8080/",
    "http://10.1.2.3/",
    "http://192.168.0.1/",
    "http://172.16.0.1/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://100.64.0.1/",
    "http://[::ffff:127.0.0.1]/",
]


@pytest.mark.parametrize("url", ALWAYS_REFUSED)
def test_always_refused(url):
    for allow_private in (False, True):
        with pytest.raises(EgressRefused):
            check_url(url, allow_private=allow_private)


@pytest.mark.parametrize("url", PRIVATE)
def test_private_refused_unless_allowed(url):
    with pytest.raises(EgressRefused, match="SHEAF_ALLOW_PRIVATE_EGRESS"):
        check_url(url, allow_private=False)
    check_url(url, allow_private=True)


def test_public_literal_allowed():
    check_url("https://93.184.216.34/x", allow_private=False)
    check_url("http://[2606:2800:220:1:248:1893:25c8:1946]/", allow_private=False)


def test_every_resolved_address_must_pass(monkeypatch):
    def fake(host, port, *args, **kwargs):
        addrs = ["93.184.216.34", "10.0.0.5"] if host == "mixed.test" else ["93.184.216.34"]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addrs]

    monkeypatch.setattr(egress.socket, "getaddrinfo", fake)
    check_url("https://public.test/", allow_private=False)
    with pytest.raises(EgressRefused, match="10.0.0.5"):
        check_url("https://mixed.test/", allow_private=False)


def test_unresolvable_host():
    with pytest.raises(UnresolvableHost):
        check_url("http://does-not-exist.invalid/", allow_private=True)


def test_requests_are_pinned_to_the_checked_address(monkeypatch, receiver):
    """The name is resolved once; the connection goes to that IP with the original Host."""
    calls = []
    port = int(receiver.base_url.rsplit(":", 1)[1])

    def fake(host, p, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", p))]

    monkeypatch.setattr(egress.socket, "getaddrinfo", fake)
    content, _, _ = fetch_url(
        f"http://files.test:{port}/doc.txt", allow_private=True, max_bytes=100, timeout=2
    )
    assert content == b"ok"
    # Only the name is looked up; the connection itself uses the checked IP literal.
    assert [c for c in calls if c != "127.0.0.1"] == ["files.test"]
    assert receiver.requests[-1].headers["Host"] == f"files.test:{port}"


def test_fetch_url(receiver):
    receiver.reply(
        200,
        b"%PDF-1.7 hello",
        {
            "Content-Type": "application/pdf; qs=1",
            "Content-Disposition": 'attachment; filename="r.pdf"',
        },
    )
    content, name, ctype = fetch_url(
        receiver.url("/files/x"), allow_private=True, max_bytes=1000, timeout=2
    )
    assert (content, name, ctype) == (b"%PDF-1.7 hello", "r.pdf", "application/pdf")

    receiver.reply(200, b"a,b\n", {"Content-Type": "text/csv"})
    _, name, _ = fetch_url(
        receiver.url("/dir/my%20data.csv?sig=1"), allow_private=True, max_bytes=1000, timeout=2
    )
    assert name == "my data.csv"


def test_fetch_url_follows_and_checks_redirects(receiver):
    receiver.reply(302, b"", {"Location": "/final/doc.txt"})
    receiver.reply(200, b"done")
    content, name, _ = fetch_url(
        receiver.url("/start"), allow_private=True, max_bytes=100, timeout=2
    )
    assert content == b"done" and name == "doc.txt"
    assert [r.path for r in receiver.requests] == ["/start", "/final/doc.txt"]

    receiver.reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(EgressRefused, match="metadata"):
        fetch_url(receiver.url("/evil"), allow_private=True, max_bytes=100, timeout=2)

    for _ in range(10):
        receiver.reply(301, b"", {"Location": "/loop"})
    with pytest.raises(FetchFailed, match="redirected more than"):
        fetch_url(receiver.url("/loop"), allow_private=True, max_bytes=100, timeout=2)


def test_fetch_url_errors(receiver):
    with pytest.raises(EgressRefused, match="loopback"):
        fetch_url(receiver.url("/x"), allow_private=False, max_bytes=100, timeout=2)
    assert receiver.requests == []

    receiver.reply(404, b"nope")
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch_url(receiver.url("/missing"), allow_private=True, max_bytes=100, timeout=2)

    receiver.reply(200, b"x" * 101)
    with pytest.raises(FetchFailed, match="limit"):
        fetch_url(receiver.url("/big"), allow_private=True, max_bytes=100, timeout=2)

    with pytest.raises(FetchFailed):
        fetch_url("http://127.0.0.1:9/closed", allow_private=True, max_bytes=100, timeout=2)


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://127.0.0.01/",
        "http://0x7f.0.0.1:8080/x",
        "http://1.2.3.4.5/",
    ],
)
def test_non_canonical_numeric_hosts_refused_without_dns(url):
    with pytest.raises(EgressRefused, match="non-canonical"):
        egress.check_url_syntax(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:80/", "http://[::1]/", "https://example.com/", "http://v2.host9/"]
)
def test_canonical_hosts_pass_the_syntax_check(url):
    egress.check_url_syntax(url)


def test_every_resolved_address_is_tried_until_one_connects(monkeypatch, receiver):
    """``localhost`` may resolve to ::1 first while the server listens on 127.0.0.1 only."""
    port = int(receiver.base_url.rsplit(":", 1)[1])
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.2", 0))
        dead = s.getsockname()[0]

    real = socket.getaddrinfo

    def fake(host, p, *args, **kwargs):
        if not host.endswith(".test"):  # the pinned IP literals: resolve as usual
            return real(host, p, *args, **kwargs)
        addrs = {"dual.test": ["::1", "127.0.0.1"], "dead.test": ["::1", dead]}[host]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, p))
            for a in addrs
        ]

    monkeypatch.setattr(egress.socket, "getaddrinfo", fake)
    content, _, _ = fetch_url(
        f"http://dual.test:{port}/doc.txt", allow_private=True, max_bytes=100, timeout=2
    )
    assert content == b"ok"
    assert receiver.requests[-1].headers["Host"] == f"dual.test:{port}"
    with pytest.raises(FetchFailed):  # every address refuses: the last error is reported
        fetch_url(f"http://dead.test:{port}/", allow_private=True, max_bytes=100, timeout=2)
