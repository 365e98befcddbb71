"""Fetching a subscribed calendar's address without letting it reach the server's own network.

Every hop of a redirect is resolved once, each of its addresses must be public (or inside
AGENDA_FETCH_ALLOWED_NETWORKS), and the connection goes to the very address that was checked,
while Host, SNI and the certificate check use the name. AGENDA_FETCH_TIMEOUT bounds the whole
fetch (every hop, the headers and the body), and MAX_BYTES the size of the calendar.
"""

import contextlib
import ipaddress
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ResolutionTimeout
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as TransportError
from urllib3.exceptions import ReadTimeoutError

from agenda.ical_reader import MAX_BYTES

ACCEPTED_CONTENT_TYPES = (
    "text/calendar",
    "application/ics",
    "application/x-ics",
    "text/x-vcalendar",
    "text/plain",
    "application/octet-stream",
    "application/force-download",
)
USER_AGENT = "Parvis-agenda/1.0 (+import de calendriers iCalendar)"
SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_SIZE = 64 * 1024
# Certificates are checked against Mozilla's authorities, as requests does by default.
CA_BUNDLE = requests.certs.where()
# Ranges that Python's is_global lets through but that never hold a public calendar.
REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("100.64.0.0/10", "192.88.99.0/24", "64:ff9b:1::/48")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The address could not give a calendar; the message is French, for the person."""


def normalise_url(url: str | None) -> str:
    """webcal:// addresses are https:// ones; nothing but http(s) is fetched."""
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[9:]
    return url


def not_public() -> "FetchError":
    """One message for every address refused before any request, so it maps no internal port."""
    return FetchError(_("cette adresse ne désigne pas un calendrier public accessible."))


def fetch_calendar(url: str) -> bytes:
    """The bytes at `url`, or FetchError with a French reason (timeout, HTML, too big…)."""
    url = normalise_url(url)
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.netloc:
        raise FetchError(_("l'adresse doit commencer par https:// (ou webcal://)."))
    deadline = Deadline(seconds=settings.AGENDA_FETCH_TIMEOUT)
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            response = _open(url=url, deadline=deadline)
            with response:
                location = response.headers.get("Location")
                if response.status_code not in REDIRECT_STATUSES or not location:
                    return _read_calendar(response=response, deadline=deadline)
            url = urljoin(response.url, location)
    finally:
        deadline.stop()
    raise not_public()


class Deadline:
    """A monotonic deadline for the whole fetch; `remaining()` raises once it has passed.

    Per-read timeouts cannot bound a server that trickles its headers or body, so at the deadline
    a timer also shuts the sockets down, which ends any read still waiting on them.
    """

    def __init__(self, *, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.passed = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True
        self.timer.start()

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if self.passed or left <= 0:
            raise self.expired()
        return left

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
        if self.passed:
            self.expire()

    def expire(self) -> None:
        with self.lock:
            self.passed = True
            sockets = list(self.sockets)
        for sock in sockets:
            # The plain socket's shutdown, so that a TLS layer read by the fetch is left alone.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def stop(self) -> None:
        self.timer.cancel()

    def expired(self) -> FetchError:
        return FetchError(
            _(
                "le serveur du calendrier n'a pas répondu à temps (plus de %(seconds)s "
                "secondes). Réessayez plus tard."
            )
            % {"seconds": f"{self.seconds:g}"}
        )


class WatchedConnection:
    """Hands its socket, once connected, to the fetch's deadline."""

    sock: socket.socket  # set by the urllib3 connection it is mixed into

    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        self.deadline = deadline
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.deadline.watch(self.sock)


class WatchedHTTPConnection(WatchedConnection, HTTPConnection):
    pass


class WatchedHTTPSConnection(WatchedConnection, HTTPSConnection):
    pass


class PinnedAdapter(HTTPAdapter):
    """Connects to one vetted address while the request, SNI and certificate use the host name."""

    def __init__(self, *, address: str, hostname: str, deadline: Deadline) -> None:
        self.address = f"[{address}]" if ":" in address else address
        self.hostname = hostname
        self.deadline = deadline
        super().__init__(max_retries=0)

    def get_connection_with_tls_context(
        self, request: Any, verify: Any, proxies: Any = None, cert: Any = None
    ) -> Any:
        pool = super().get_connection_with_tls_context(request, verify, proxies, cert)
        https = urlsplit(request.url).scheme == "https"
        pool.ConnectionCls = WatchedHTTPSConnection if https else WatchedHTTPConnection
        pool.conn_kw["deadline"] = self.deadline
        return pool

    def build_connection_pool_key_attributes(
        self, request: Any, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        host_params["host"] = self.address
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = self.hostname
            pool_kwargs["assert_hostname"] = self.hostname
        return host_params, pool_kwargs


def is_allowed_address(address: str) -> bool:
    """Whether the fetcher may connect to `address`: public, or in the operator's allowlist."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    allowed = [
        ipaddress.ip_network(network, strict=False)
        for network in settings.AGENDA_FETCH_ALLOWED_NETWORKS
    ]
    if any(ip in network for network in allowed):
        return True
    embedded: list[ipaddress.IPv4Address | None] = []
    if ip.version == 6:
        # 6to4, Teredo and NAT64 addresses carry an IPv4 address that must be public too.
        embedded = [ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if ip in NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return _is_public(ip) and all(_is_public(v4) for v4 in embedded if v4 is not None)


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or any(ip in network for network in REFUSED_NETWORKS)
    )


def _vetted_addresses(*, host: str, port: int, deadline: Deadline) -> list[str]:
    """Every address `host` resolves to, once; all of them must be allowed."""
    # Resolved aside, so that a slow name server cannot hold the fetch past its deadline.
    resolver = ThreadPoolExecutor(max_workers=1)
    answer = resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    resolver.shutdown(wait=False)
    try:
        infos = answer.result(timeout=deadline.remaining())
    except ResolutionTimeout:
        raise deadline.expired() from None
    except (OSError, UnicodeError):
        raise not_public() from None
    addresses: list[str] = list(
        dict.fromkeys(info[4][0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6))  # type: ignore[misc]
    )
    if not addresses or not all(is_allowed_address(address) for address in addresses):
        raise not_public()
    return addresses


def _open(*, url: str, deadline: Deadline) -> Any:
    """Send the GET for one hop to a vetted address; the response's body is not read yet."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/calendar, */*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    try:
        prepared = requests.Request("GET", url, headers=headers).prepare()
        parts = urlsplit(prepared.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (requests.RequestException, ValueError):
        raise not_public() from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise not_public()
    addresses = _vetted_addresses(host=parts.hostname, port=port, deadline=deadline)  # type: ignore[arg-type]
    prepared.headers["Host"] = parts.netloc.rpartition("@")[2]  # type: ignore[arg-type]
    for address in addresses:
        left = deadline.remaining()
        adapter = PinnedAdapter(address=address, hostname=parts.hostname, deadline=deadline)  # type: ignore[arg-type]
        try:
            return adapter.send(prepared, stream=True, timeout=(left, left), verify=CA_BUNDLE)
        except requests.RequestException as error:
            if deadline.passed or isinstance(error, requests.Timeout):
                raise deadline.expired() from None
            # Unreachable on this address: the host's next address may answer.
            adapter.close()
    raise FetchError(_("le serveur du calendrier est injoignable. Vérifiez l'adresse."))


def _read_calendar(*, response: Any, deadline: Deadline) -> bytes:
    """The body of a public server's answer, checked for status, type, size and time."""
    if response.status_code == 404:
        raise FetchError(_("cette adresse n'existe pas (erreur 404)."))
    if response.status_code in (401, 403):
        raise FetchError(
            _(
                "ce calendrier n'est pas public (erreur %(code)d). Utilisez son adresse "
                "publique ou secrète au format iCal."
            )
            % {"code": response.status_code}
        )
    if response.status_code >= 400:
        raise FetchError(
            _("le serveur du calendrier a répondu par une erreur (%(code)d).")
            % {"code": response.status_code}
        )
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        raise FetchError(
            _(
                "cette adresse renvoie une page web, pas un calendrier. Copiez l'adresse "
                "« iCal » ou « .ics » du calendrier (dans Google Agenda : « Adresse publique "
                "au format iCal »)."
            )
        )
    if content_type and not content_type.startswith(ACCEPTED_CONTENT_TYPES):
        raise FetchError(
            _("cette adresse renvoie un document de type « %(type)s », pas un calendrier.")
            % {"type": content_type}
        )
    too_big = FetchError(
        _("le calendrier pèse plus de %(max)d Mo : il n'est pas importé.")
        % {"max": MAX_BYTES // (1024 * 1024)}
    )
    announced = response.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > MAX_BYTES:
        raise too_big
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            # Each read waits no longer than what is left of the whole fetch's time.
            left = deadline.remaining()
            if raw.connection is not None and raw.connection.sock is not None:
                raw.connection.sock.settimeout(left)
            chunk = raw.read1(CHUNK_SIZE, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                raise too_big
            chunks.append(chunk)
    except (ReadTimeoutError, TimeoutError):
        raise deadline.expired() from None
    except (TransportError, OSError):
        if deadline.passed:
            raise deadline.expired() from None
        raise FetchError(
            _("la lecture du calendrier a été interrompue. Réessayez plus tard.")
        ) from None
    deadline.stop()
    if deadline.passed:
        # The timer shut the socket: what was read is a truncated calendar.
        raise deadline.expired()
    return b"".join(chunks)
