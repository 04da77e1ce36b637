"""Signed result callbacks, and the guard on callback URLs that API clients choose.

A CMS's callback URL comes from configuration and is trusted. A `POST /v1/jobs`
client's `callback_url` is not: its host must be listed in
`QUOTES_CALLBACK_ALLOWED_HOSTS`, and at delivery the host name is resolved and the
connection made only to an address that is public, or that the list names itself as
an IP address or network. The check runs on the address actually connected to (it
is resolved once, here, not again by the HTTP client), so a name that resolves to an
internal address, at submission or later (DNS rebinding), reaches nothing. No
proxies from the environment and no redirects are followed.

Why not a library: the one SSRF wrapper for requests (advocate) has had no release
since 2020 and predates urllib3 2; the guard below is the documented urllib3
extension point (a connection class per pool) plus `ipaddress`.
"""
from __future__ import annotations

import ipaddress
import json
import socket
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from standardwebhooks import Webhook
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError
from urllib3.util import connection

from .cms.base import secret_bytes

CALLBACK_TIMEOUT = 10.0
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class CallbackRefused(ValueError):
    """A callback URL the allow-list or the address check refuses."""


class CallbackHosts:
    """`QUOTES_CALLBACK_ALLOWED_HOSTS`: host names (`hooks.example.org`, `*.example.org` for its
    subdomains), IP addresses and networks (`203.0.113.7`, `10.20.0.0/16`) callbacks may go to."""

    def __init__(self, entries: tuple[str, ...]):
        self.names: set[str] = set()
        self.suffixes: list[str] = []
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in (e.strip().lower().rstrip(".") for e in entries):
            try:
                self.networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                if entry.startswith("*."):
                    self.suffixes.append(entry[1:])
                else:
                    self.names.add(entry)

    def check_url(self, url: str) -> None:
        """Raise CallbackRefused unless `url` is http(s) to a listed host, without credentials."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CallbackRefused("The callback URL must be an http or https URL with a host.")
        if parts.username is not None or parts.password is not None:
            raise CallbackRefused("The callback URL must not carry credentials.")
        if not self.allows_host(parts.hostname):
            raise CallbackRefused(
                f"Callbacks may only go to hosts in QUOTES_CALLBACK_ALLOWED_HOSTS; {parts.hostname!r} is not one."
            )

    def allows_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        address = _address(host)
        if address is not None:
            return self.listed(address)
        return host in self.names or any(host.endswith(suffix) for suffix in self.suffixes)

    def listed(self, address: Address) -> bool:
        return any(address in network for network in self.networks)

    def allows_address(self, address: Address) -> bool:
        """Public addresses, and those the list names; never loopback, private, link-local... otherwise."""
        return address.is_global or self.listed(address)

    def resolve(self, host: str, port: int) -> list[tuple]:
        """getaddrinfo for `host`, refused whole if any address it gives is not allowed."""
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        refused = [info[4][0] for info in found if not self.allows_address(as_address(info[4][0]))]
        if refused:
            raise CallbackRefused(f"{host!r} resolves to an address callbacks may not reach ({refused[0]}).")
        return found


def _address(host: str) -> Address | None:
    try:
        return as_address(host.strip("[]"))
    except ValueError:
        return None


def as_address(value: str) -> Address:
    """The address, with an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) judged as the IPv4 one."""
    address = ipaddress.ip_address(value.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class _CheckedConnection:
    """urllib3 connection that connects only to addresses its `hosts` allow (mixed into HTTP/HTTPS)."""

    hosts: CallbackHosts

    def _new_conn(self) -> socket.socket:
        try:
            found = self.hosts.resolve(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        except CallbackRefused as exc:
            raise NewConnectionError(self, str(exc)) from exc
        error: OSError | None = None
        for address in dict.fromkeys(info[4][0] for info in found):  # each address once, in resolver order
            try:
                return connection.create_connection(
                    (address, self.port), self.timeout, source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except OSError as exc:
                error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}")


def checked_session(hosts: CallbackHosts) -> requests.Session:
    """A requests session whose connections go only where `hosts` allows; no proxies from the environment."""
    http = type("CheckedHTTPConnection", (_CheckedConnection, HTTPConnection), {"hosts": hosts})
    https = type("CheckedHTTPSConnection", (_CheckedConnection, HTTPSConnection), {"hosts": hosts})

    class CheckedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": type("CheckedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
                "https": type("CheckedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
            }

    session = requests.Session()
    session.trust_env = False
    session.mount("http://", CheckedAdapter())
    session.mount("https://", CheckedAdapter())
    return session


def post_signed(url: str, secret: str, message_id: str, payload: dict, session: requests.Session | None = None) -> None:
    """POST `payload` signed with Standard Webhooks headers; anything but 2xx raises."""
    body = json.dumps(payload, separators=(",", ":"))
    now = datetime.now(timezone.utc)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret_bytes(secret)).sign(message_id, now, body),
    }
    response = (session or requests).post(
        url, data=body.encode(), headers=headers, timeout=CALLBACK_TIMEOUT, allow_redirects=False
    )
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"callback answered HTTP {response.status_code}")
