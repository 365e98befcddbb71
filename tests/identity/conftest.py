"""FranceConnect's tests run against a real OpenID Connect provider on localhost
(tests/oidc_server.py)."""

import pytest
from oidc_server import CLIENT_ID, CLIENT_SECRET, Provider, free_port, query_of, start_provider

__all__ = ["CLIENT_ID", "free_port", "query_of"]


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's address; it runs for the whole session."""
    port = free_port()
    process = start_provider(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def provider(oidc_provider, settings):
    """FranceConnect's settings pointing at the local provider."""
    settings.FRANCECONNECT_CLIENT_ID = CLIENT_ID
    settings.FRANCECONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.FRANCECONNECT_ISSUER = oidc_provider
    return Provider(oidc_provider)
