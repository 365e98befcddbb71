"""A real OpenID Connect provider on localhost (tests/oidc_provider/provider.mjs, panva's
oidc-provider), configured like FranceConnect's integration platform: started by the FranceConnect
tests (tests/identity/) and the browser tests (tests/browser/)."""

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "parvis-integration"
CLIENT_SECRET = "secret-de-test-uniquement"
RP = "http://testserver"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_provider(port, *, rp=RP):
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules").is_dir():
        # CI installs Node.js and always runs these tests; a newcomer without it is told why.
        report = pytest.fail if os.environ.get("CI") else pytest.skip
        report(
            "Node.js and tests/oidc_provider/node_modules are needed (cd tests/oidc_provider && npm ci)"
        )
    process = subprocess.Popen(
        [
            node,
            "provider.mjs",
            str(port),
            CLIENT_ID,
            CLIENT_SECRET,
            f"{rp}/franceconnect/retour/",
            f"{rp}/franceconnect/deconnecte/",
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if "ready" not in line:
        process.kill()
        pytest.fail(f"The test OpenID Connect provider did not start: {line!r}")
    return process


class Provider:
    def __init__(self, url, rp=RP):
        self.url = url
        self.rp = rp
        self.browser = requests.Session()  # the person's cookies at the provider

    def will_sign_in(self, *, tamper=None, acr="eidas1", **identity):
        base = {
            "sub": "fc-sub-0001",
            "given_name": "Camille",
            "family_name": "Durand",
            "email": "camille.durand@exemple.fr",
            "birthdate": "1985-04-12",
        }
        response = requests.post(
            f"{self.url}/_test/mode",
            json={"identity": {**base, **identity}, "tamper": tamper, "acr": acr},
            timeout=5,
        )
        response.raise_for_status()

    def follow_to_portal(self, location):
        """Walk the provider's redirects (sign-in, consent) until it sends the person back to
        the portal; the portal's address, relative to the test client."""
        for _ in range(10):
            if location.startswith(self.rp):
                parts = urlsplit(location)
                return f"{parts.path}?{parts.query}" if parts.query else parts.path
            response = self.browser.get(location, allow_redirects=False, timeout=5)
            assert response.status_code in (302, 303), (response.status_code, response.text[:300])
            location = urljoin(location, response.headers["Location"])
        raise AssertionError("The provider never sent the person back")

    def confirm_logout(self, location):
        """The provider's « sign out? » page, answered yes; the portal's address it sends back to."""
        page = self.browser.get(location, timeout=5)
        assert page.status_code == 200, page.text[:300]
        action = re.search(r'action="([^"]+)"', page.text)[1]
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)[1]
        response = self.browser.post(
            urljoin(location, action),
            data={"xsrf": xsrf, "logout": "yes"},
            allow_redirects=False,
            timeout=5,
        )
        return self.follow_to_portal(urljoin(location, response.headers["Location"]))


def query_of(location):
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
