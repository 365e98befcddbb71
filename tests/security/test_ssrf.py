"""An auditor's attacks on calendar subscriptions: reaching the server's own network (SSRF).

Every server here is real and listens on the loopback: 127.0.0.2 plays a public calendar host
(the operator's allowlist lets the fetcher reach it) and 127.0.0.1 a secret internal service that
must never hear a request. Only name resolution is simulated, as no DNS server is reachable.
"""

import contextlib
import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agenda.ical_reader import MAX_BYTES
from agenda.services import fetching
from agenda.services.fetching import FetchError, fetch_calendar

NOT_PUBLIC = "cette adresse ne désigne pas un calendrier public accessible."
CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Essai//FR\r\nEND:VCALENDAR\r\n"
PUBLIC_HOST = "127.0.0.2"


class Scripted(BaseHTTPRequestHandler):
    """Records every request it hears, then lets its server's script answer."""

    def do_GET(self):
        self.server.heard.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.server.script(self)

    def log_message(self, *args):
        pass


def answer(handler, body=CALENDAR, content_type="text/calendar", headers=()):
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def redirect(handler, location, status=302):
    handler.send_response(status)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@contextlib.contextmanager
def running(script, host, port=0, tls=None):
    httpd = ThreadingHTTPServer((host, port), Scripted)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    httpd.heard, httpd.script = [], script
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def public_loopback_host(settings):
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = [f"{PUBLIC_HOST}/32"]
    settings.AGENDA_FETCH_TIMEOUT = 5


@pytest.fixture
def secret():
    """An internal service on the server's loopback, on the same port as `twin` when asked."""
    with running(lambda h: answer(h, b"secret"), "127.0.0.1") as httpd:
        yield httpd


@pytest.fixture
def twin(secret):
    """A public calendar server listening on the very port of the secret service."""
    with running(answer, PUBLIC_HOST, port=secret.server_address[1]) as httpd:
        yield httpd


@pytest.fixture(autouse=True)
def resolver(monkeypatch):
    """Answers for made-up names, as a (rebinding) DNS server would; numbers resolve as usual.

    No other name is resolved, so that no test ever asks a real name server.
    """
    real = socket.getaddrinfo
    answers = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in answers:
            return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        queue = answers[host]
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def refusal(url):
    with pytest.raises(FetchError) as caught:
        fetch_calendar(url)
    return str(caught.value)


def test_a_public_server_redirecting_to_the_loopback_is_refused_before_the_secret_hears(secret):
    target = f"http://127.0.0.1:{secret.server_address[1]}/admin"
    with running(lambda h: redirect(h, target), PUBLIC_HOST) as public:
        message = refusal(f"http://{PUBLIC_HOST}:{public.server_address[1]}/agenda.ics")
    assert message == NOT_PUBLIC
    assert public.heard == ["/agenda.ics"]
    assert secret.heard == []


def test_a_name_rebound_to_the_loopback_after_the_check_reaches_only_the_vetted_address(
    secret, twin, resolver
):
    # The first answer is checked; a fetcher resolving again would get the loopback.
    resolver["calendrier.example"] = [PUBLIC_HOST, "127.0.0.1"]
    data = fetch_calendar(f"http://calendrier.example:{twin.server_address[1]}/agenda.ics")
    assert data == CALENDAR
    assert twin.heard == ["/agenda.ics"]
    assert secret.heard == []


@pytest.mark.parametrize(
    "host",
    [
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "0x7f000001",
        "127.1",
        "0.0.0.0",
        f"{PUBLIC_HOST}@127.0.0.1",
    ],
)
def test_the_loopback_written_in_any_numeric_form_is_refused(secret, host):
    message = refusal(f"http://{host}:{secret.server_address[1]}/")
    assert message == NOT_PUBLIC
    assert secret.heard == []


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "64:ff9b::7f00:1",
        "127.0.0.1",
    ],
)
def test_private_addresses_and_public_ones_embedding_them_are_not_public(address):
    assert not fetching.is_allowed_address(address)


@pytest.mark.parametrize("address", ["193.51.24.1", "2a01:e0a::1", "2002:c133:1801::1"])
def test_public_addresses_and_the_operators_networks_are_allowed(address, settings):
    assert fetching.is_allowed_address(address)
    assert fetching.is_allowed_address(PUBLIC_HOST)
    assert fetching.is_allowed_address(f"::ffff:{PUBLIC_HOST}")
    settings.AGENDA_FETCH_ALLOWED_NETWORKS = []
    assert not fetching.is_allowed_address(PUBLIC_HOST)


def hops(handler):
    """/saut/N/FIN redirects to /saut/N+1/FIN until N reaches FIN, which gives the calendar."""
    _, _, number, end = handler.path.split("/")
    if int(number) < int(end):
        redirect(handler, f"/saut/{int(number) + 1}/{end}")
    else:
        answer(handler)


def test_five_redirects_are_followed_but_a_sixth_is_refused():
    with running(hops, PUBLIC_HOST) as public:
        base = f"http://{PUBLIC_HOST}:{public.server_address[1]}"
        assert fetch_calendar(f"{base}/saut/0/5") == CALENDAR
        public.heard.clear()
        assert refusal(f"{base}/saut/0/6") == NOT_PUBLIC
    assert len(public.heard) == 6


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "gopher://127.0.0.1:{port}/_INFO", "dict://127.0.0.1:{port}/x"],
)
def test_a_redirect_to_another_scheme_is_refused(secret, location):
    target = location.format(port=secret.server_address[1])
    with running(lambda h: redirect(h, target), PUBLIC_HOST) as public:
        message = refusal(f"http://{PUBLIC_HOST}:{public.server_address[1]}/agenda.ics")
    assert message == NOT_PUBLIC
    assert secret.heard == []


def trickle(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    for _ in range(12):
        handler.wfile.write(b"COMMENT:encore un peu\r\n")
        handler.wfile.flush()
        time.sleep(1)


def test_a_server_trickling_a_line_every_second_is_cut_at_the_deadline(settings):
    settings.AGENDA_FETCH_TIMEOUT = 2
    with running(trickle, PUBLIC_HOST) as public:
        started = time.monotonic()
        message = refusal(f"http://{PUBLIC_HOST}:{public.server_address[1]}/agenda.ics")
        elapsed = time.monotonic() - started
    assert "n'a pas répondu à temps (plus de 2 secondes)" in message
    assert elapsed < 2 + 2


def trickled_headers(handler):
    handler.send_response(200)
    for number in range(12):
        handler.send_header(f"X-Patience-{number}", "encore")
        handler.flush_headers()
        time.sleep(1)
    handler.end_headers()


def test_a_server_trickling_its_headers_is_cut_at_the_deadline_too(settings):
    settings.AGENDA_FETCH_TIMEOUT = 2
    with running(trickled_headers, PUBLIC_HOST) as public:
        started = time.monotonic()
        message = refusal(f"http://{PUBLIC_HOST}:{public.server_address[1]}/agenda.ics")
        elapsed = time.monotonic() - started
    assert "n'a pas répondu à temps (plus de 2 secondes)" in message
    assert elapsed < 2 + 2


def test_a_name_server_answering_slowly_is_cut_at_the_deadline(settings, monkeypatch):
    settings.AGENDA_FETCH_TIMEOUT = 2
    numeric_only = socket.getaddrinfo

    def slow_getaddrinfo(host, *args, **kwargs):
        if host != "lent.example":
            return numeric_only(host, *args, **kwargs)
        time.sleep(6)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    started = time.monotonic()
    message = refusal("http://lent.example/agenda.ics")
    assert "n'a pas répondu à temps (plus de 2 secondes)" in message
    assert time.monotonic() - started < 2 + 2


def huge(handler):
    if handler.path == "/bombe.ics":
        bomb = gzip.compress(b"\0" * (MAX_BYTES + 1024 * 1024))
        answer(handler, bomb, headers=[("Content-Encoding", "gzip")])
        return
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    block = b"COMMENT:" + b"x" * 1016 + b"\r\n"
    for _ in range(MAX_BYTES // len(block) + 1024):
        handler.wfile.write(block)


@pytest.mark.parametrize("path", ["/enorme.ics", "/bombe.ics"])
def test_a_body_larger_than_the_cap_is_refused_even_unannounced_or_compressed(path):
    with running(huge, PUBLIC_HOST) as public:
        message = refusal(f"http://{PUBLIC_HOST}:{public.server_address[1]}{path}")
    assert "le calendrier pèse plus de 10 Mo" in message


def test_every_refused_address_gets_the_same_message_naming_no_port(secret, resolver):
    port = secret.server_address[1]
    resolver["introuvable.example"] = [None]
    resolver["interne.example"] = ["10.1.2.3"]

    def script(handler):
        redirect(handler, handler.path.removeprefix("/vers/").replace("PORT", str(port)))

    with running(script, PUBLIC_HOST) as public:
        bounce = f"http://{PUBLIC_HOST}:{public.server_address[1]}/vers/"
        messages = {
            refusal(url)
            for url in (
                f"http://127.0.0.1:{port}/",
                "http://169.254.169.254/latest/meta-data/",
                f"http://[::1]:{port}/",
                "http://introuvable.example/agenda.ics",
                "http://interne.example/agenda.ics",
                f"{bounce}http://127.0.0.1:PORT/",
                f"{bounce}gopher://127.0.0.1:PORT/",
                f"{bounce}http://introuvable.example/",
                f"{bounce}{bounce}{bounce}{bounce}{bounce}{bounce}{bounce}",
            )
        }
    assert messages == {NOT_PUBLIC}
    assert str(port) not in NOT_PUBLIC
    assert secret.heard == []


OPENSSL_REQ = [
    "openssl",
    "req",
    "-nodes",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
]


def certificate_for(name, authority):
    """A server context with a certificate for `name`, signed by the test CA in `authority`."""
    key, request, certificate = (authority / f"{name}.{ext}" for ext in ("key", "csr", "pem"))
    extensions = authority / f"{name}.ext"
    extensions.write_text(f"subjectAltName=DNS:{name}\nextendedKeyUsage=serverAuth\n")
    make = [*OPENSSL_REQ, "-keyout", key, "-out", request, "-subj", f"/CN={name}"]
    subprocess.run(make, check=True, capture_output=True)
    sign = ["openssl", "x509", "-req", "-in", request, "-days", "2", "-out", certificate]
    sign += ["-CA", authority / "ca.pem", "-CAkey", authority / "ca.key", "-CAcreateserial"]
    subprocess.run([*sign, "-extfile", extensions], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return context


@pytest.fixture
def authority(tmp_path, monkeypatch):
    """A test certificate authority, the only one the fetcher trusts during the test."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool makes the test certificates")
    make = [*OPENSSL_REQ, "-x509", "-days", "2", "-subj", "/CN=Parvis test CA"]
    make += ["-keyout", tmp_path / "ca.key", "-out", tmp_path / "ca.pem"]
    make += ["-addext", "basicConstraints=critical,CA:TRUE"]
    make += ["-addext", "keyUsage=critical,keyCertSign,cRLSign"]
    subprocess.run(make, check=True, capture_output=True)
    monkeypatch.setattr(fetching, "CA_BUNDLE", str(tmp_path / "ca.pem"))
    return tmp_path


def test_tls_is_verified_against_the_host_name_while_connecting_to_the_vetted_address(
    authority, resolver
):
    resolver["calendrier.test"] = [PUBLIC_HOST]
    context = certificate_for("calendrier.test", authority)
    with running(answer, PUBLIC_HOST, tls=context) as public:
        url = f"https://calendrier.test:{public.server_address[1]}/agenda.ics"
        assert fetch_calendar(url) == CALENDAR
    assert public.heard == ["/agenda.ics"]


def test_a_certificate_for_another_name_is_refused(authority, resolver):
    resolver["calendrier.test"] = [PUBLIC_HOST]
    context = certificate_for("autre.test", authority)
    url = "https://calendrier.test:{port}/agenda.ics"
    with running(answer, PUBLIC_HOST, tls=context) as public, pytest.raises(FetchError) as caught:
        fetch_calendar(url.format(port=public.server_address[1]))
    assert "injoignable" in str(caught.value)
    assert public.heard == []
