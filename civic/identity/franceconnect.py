"""FranceConnect (OpenID Connect, v2) on top of mozilla-django-oidc.

The library brings the authorization code flow, `state` and `nonce` kept in the session and the
ID token's signature checked against the provider's keys. This module adds what FranceConnect
asks beyond it: the endpoints read from the provider's discovery document, the ID token's issuer,
audience, expiry and `acr` checked, the userinfo answer taken only as a JWT signed by the
provider, and the portal's rule for accounts (docs/franceconnect.md): a person is signed in to
the account already linked to their FranceConnect identity, and nothing else — an account with
the same address is linked only once its owner signs in to it.
"""

import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from civic.people.models import Profile

DISCOVERY_CACHE_KEY = "civic:franceconnect:discovery"
# Session keys.
LINK_USER = "franceconnect_link_user"
PENDING = "franceconnect_pending"
OUTCOME = "franceconnect_outcome"
ID_TOKEN = "oidc_id_token"  # where mozilla-django-oidc stores it (OIDC_STORE_ID_TOKEN)
LOGOUT_STATE = "franceconnect_logout_state"

# What the callback tells the view (session[OUTCOME]).
SIGNED_IN, LINKED, SIGNUP, EMAIL_TAKEN, ALREADY_LINKED = (
    "signed_in",
    "linked",
    "signup",
    "email_taken",
    "already_linked",
)

SCOPES = "openid given_name family_name birthdate email"


class ProviderUnavailable(Exception):
    """FranceConnect did not answer (or answered nonsense): the person is told in French."""


def is_configured() -> bool:
    return bool(
        settings.FRANCECONNECT_CLIENT_ID
        and settings.FRANCECONNECT_CLIENT_SECRET
        and settings.FRANCECONNECT_ISSUER
    )


def discovery() -> dict:
    """The provider's endpoints and keys address, from its discovery document (kept an hour)."""
    document = cache.get(DISCOVERY_CACHE_KEY)
    if document is None:
        url = settings.FRANCECONNECT_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.FRANCECONNECT_TIMEOUT)
            response.raise_for_status()
            document = response.json()
            for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
                document[key]
        except (requests.RequestException, ValueError, KeyError) as error:
            raise ProviderUnavailable(str(error)) from error
        cache.set(DISCOVERY_CACHE_KEY, document, 60 * 60)
    return document


def oidc_setting(attr, *default):
    """The OIDC_* settings mozilla-django-oidc reads, made from the FRANCECONNECT_* ones."""
    values = {
        "OIDC_RP_CLIENT_ID": settings.FRANCECONNECT_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.FRANCECONNECT_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": settings.FRANCECONNECT_SIGNING_ALGORITHM,
        "OIDC_RP_SCOPES": SCOPES,
        "OIDC_USE_NONCE": True,
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_TIMEOUT": settings.FRANCECONNECT_TIMEOUT,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "franceconnect:callback",
        "OIDC_CREATE_USER": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_VERIFY_SSL": True,
    }
    if attr in values:
        return values[attr]
    if attr in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"):
        key = "authorization_endpoint" if "AUTHORIZATION" in attr else "token_endpoint"
        return discovery()[key]
    if attr == "OIDC_OP_USER_ENDPOINT":
        return discovery().get("userinfo_endpoint")
    if attr == "OIDC_OP_JWKS_ENDPOINT":
        return discovery()["jwks_uri"]
    if hasattr(settings, attr):
        return getattr(settings, attr)
    if default:
        return default[0]
    raise AttributeError(attr)


def end_session_url(request, *, id_token: str, state: str, redirect_uri: str) -> str | None:
    """FranceConnect's logout address for this session, or None if it cannot be reached."""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {"id_token_hint": id_token, "state": state, "post_logout_redirect_uri": redirect_uri}
    )
    return f"{endpoint}?{query}"


class FranceConnectBackend(OIDCAuthenticationBackend):
    """Asked only by the FranceConnect callback (it alone passes a `nonce`)."""

    def __init__(self, *args, **kwargs):
        # Endpoints are read when a sign-in comes back, not when Django lists its backends
        # (every password sign-in instantiates each backend).
        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs or request is None or not is_configured():
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = oidc_setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = oidc_setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = oidc_setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.FRANCECONNECT_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.FRANCECONNECT_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.FRANCECONNECT_SIGNING_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def _check_issuer_and_audience(self, payload: dict) -> None:
        if payload.get("iss") != discovery()["issuer"]:
            raise SuspiciousOperation("FranceConnect: unexpected issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.FRANCECONNECT_CLIENT_ID not in audiences:
            raise SuspiciousOperation("FranceConnect: token meant for another client.")

    @staticmethod
    def _check_header(token) -> None:
        """Signed with the algorithm agreed and a key the provider names (never `none`)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"FranceConnect: {error}") from error
        if header.get("alg") != settings.FRANCECONNECT_SIGNING_ALGORITHM or not header.get("kid"):
            raise SuspiciousOperation("FranceConnect: token not signed as agreed.")

    def verify_token(self, token, **kwargs):
        """The ID token: signed (never `none`), ours, unexpired, from this issuer, with the
        nonce we sent and at least the eIDAS level asked."""
        self._check_header(token)
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.PyJWTError as error:  # expired, bad signature, malformed…
            raise SuspiciousOperation(f"FranceConnect: {error}") from error
        self._check_issuer_and_audience(payload)
        if "exp" not in payload or payload["exp"] < time.time():
            raise SuspiciousOperation("FranceConnect: expired token.")
        if payload.get("acr") not in settings.FRANCECONNECT_ACCEPTED_ACR:
            raise SuspiciousOperation("FranceConnect: eIDAS level lower than asked.")
        self.id_token_claims = payload
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """FranceConnect v2 answers userinfo as a JWT signed like the ID token: anything else is
        refused, and its subject must be the ID token's."""
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.FRANCECONNECT_TIMEOUT,
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").lower().startswith("application/jwt"):
            raise SuspiciousOperation("FranceConnect: userinfo is not a signed JWT.")
        token = response.text
        self._check_header(token)
        try:
            key = self.retrieve_matching_jwk(token)
            claims = self._verify_jws(token, key)
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"FranceConnect: {error}") from error
        self._check_issuer_and_audience(claims)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("FranceConnect: userinfo of another person.")
        return claims

    def verify_claims(self, claims):
        return all(claims.get(name) for name in ("sub", "given_name", "family_name", "email"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("FranceConnect: identity incomplete.")
        session = self.request.session
        # Used for the identity check only: the birth date is never kept.
        identity = {
            "sub": claims["sub"],
            "given_name": claims["given_name"],
            "family_name": claims["family_name"],
            "email": claims["email"].strip(),
        }
        linked = Profile.objects.filter(franceconnect_sub=identity["sub"]).select_related("user")
        linked = linked.first()
        link_user_id = session.pop(LINK_USER, None)
        if link_user_id is not None:
            if linked is not None and linked.user_id != link_user_id:
                session[OUTCOME] = ALREADY_LINKED
                return None
            user = self.UserModel.objects.get(pk=link_user_id)
            from civic.identity.services import link_franceconnect

            link_franceconnect(user=user, identity=identity)
            session[OUTCOME] = LINKED
            return user
        if linked is not None:
            from civic.identity.services import refresh_certified_names

            refresh_certified_names(profile=linked, identity=identity)
            session[OUTCOME] = SIGNED_IN
            return linked.user
        if self.UserModel.objects.filter(email__iexact=identity["email"]).exists():
            # Never merged silently: the owner signs in with their password, then links.
            session[OUTCOME] = EMAIL_TAKEN
            return None
        session[PENDING] = {**identity, "id_token": id_token}
        session[OUTCOME] = SIGNUP
        return None
