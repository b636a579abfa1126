"""Outgoing requests to addresses people typed: they must not become a way into the platform's
own network (SSRF). Two features make such requests: the assistant's optional language model
(guidance/assistant/llm.py, the school admin types its endpoint) and LTI platforms (lms/lti: the
admin types their key set and token URLs; scores go to line items the platform names).

Only https, to hosts whose every address is public; never loopback, private, link-local (the
clouds' metadata service at 169.254.169.254 is one), multicast or reserved addresses. The
platform operator may list hosts in SABAQ_TRUSTED_HOSTS (comma separated names or addresses,
e.g. a model or a Moodle on the school network): those may use http and private or loopback
addresses - the operator vouches for them - but never link-local ones.

The check runs when the address is saved and again on every connection: the connection resolves
the name, checks the addresses and connects to the checked address itself (a name that resolved
to a public address at save time and to 10.0.0.5 later is refused, and a DNS answer cannot
change between the check and the connect). Redirects are not followed, proxies not used.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import ssl
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from models.i18n import N_, Message, message

TRUSTED_ENV = "SABAQ_TRUSTED_HOSTS"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]


class OutboundRefused(ValueError):
    """An address Sabaq may not send a request to; `problem` says why, in words."""

    def __init__(self, problem: Message) -> None:
        super().__init__(str(problem))
        self.problem = problem


def trusted_hosts() -> frozenset[str]:
    """The hosts the platform operator allows over http and on private addresses."""
    raw = os.environ.get(TRUSTED_ENV, "")
    return frozenset(h.strip().lower().strip("[]") for h in raw.split(",") if h.strip())


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (the system's resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _unmapped(raw: str) -> Address:
    ip = ipaddress.ip_address(raw.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is link-local
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    return ip


def _refusal(ip: Address, trusted: bool) -> Message | None:
    if ip.is_link_local or ip.is_multicast or ip.is_unspecified:
        return message(N_("The endpoint's address {address} is a link-local, multicast or "
                          "unspecified address (such as a cloud metadata service): refused."),
                       address=str(ip))  # fmt: skip
    if trusted and (ip.is_loopback or ip.is_private or ip.is_global):
        return None  # the operator vouches for this host, on the school network or this machine
    if not ip.is_global or ip.is_reserved:
        return message(N_("The endpoint's address {address} is inside a private network or "
                          "this machine: only public addresses are allowed, unless the platform "
                          "operator lists the host as trusted."), address=str(ip))  # fmt: skip
    return None


def check_address(host: str, port: int, resolver: Resolver | None = None) -> list[str]:
    """The host's addresses, each checked.

    Args:
        host: a name or an address literal.
        port: the port (for the resolver).
        resolver: name -> addresses (by default `resolve`, the system's).

    Returns:
        The addresses to connect to (all allowed).

    Raises:
        OutboundRefused: the name does not resolve, or one of its addresses is refused.
    """
    trusted = host.lower().strip("[]") in trusted_hosts()
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]  # a literal: itself
    except ValueError:
        addresses = []
    try:
        addresses = addresses or list((resolver or resolve)(host.strip("[]"), port))
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(message(N_("The endpoint's host {host} cannot be found."),
                                      host=host)) from exc  # fmt: skip
    if not addresses:
        raise OutboundRefused(message(N_("The endpoint's host {host} cannot be found."), host=host))
    for raw in addresses:
        problem = _refusal(_unmapped(raw), trusted)
        if problem is not None:
            raise OutboundRefused(problem)
    return list(addresses)


def check_url(url: str, resolver: Resolver | None = None) -> None:
    """Refuse a URL Sabaq may not send a request to (returns None when it may).

    Args:
        url: the address as typed or stored.
        resolver: name -> addresses (by default `resolve`, the system's).

    Raises:
        OutboundRefused: not https (http only to a trusted host), user info in the URL, no
            host, or an address refused by `check_address`.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise OutboundRefused(message(N_("The endpoint is not a valid address."))) from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise OutboundRefused(message(N_("The endpoint must be an https:// address.")))
    if parts.username is not None or parts.password is not None:
        problem = N_(
            "The endpoint's address may not contain a user name or password; give "
            "the key in its own field."
        )
        raise OutboundRefused(message(problem))
    if parts.scheme == "http" and host not in trusted_hosts():
        problem = N_(
            "The endpoint must use https:// (plain http:// only to hosts the platform "
            "operator lists as trusted)."
        )
        raise OutboundRefused(message(problem))
    check_address(host, port, resolver)


def _connect(host: str, port: int, timeout: Any) -> socket.socket:
    """A socket to one of the host's checked addresses (the address checked is the one used)."""
    last: OSError | None = None
    for address in check_address(host, port):
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            last = exc
    raise last or OSError(f"cannot connect to {host}")


class _GuardedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.timeout)


class _GuardedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        raw = _connect(self.host, self.port, self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(raw, server_hostname=self.host)  # checks the name


class _Http(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTP, req)


class _Https(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_GuardedHTTPS, req)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx answer becomes an HTTPError: the endpoint must be its final address


def opener() -> urllib.request.OpenerDirector:
    """A urllib opener whose connections keep to allowed addresses and follow no redirect."""
    # No proxy either: a proxy would connect to the unchecked address on our behalf.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _Http(), _Https(), _NoRedirects()
    )
