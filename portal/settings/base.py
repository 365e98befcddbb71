"""Settings shared by every environment. Secure defaults live here; dev relaxes them.

Everything that varies between deployments comes from the environment (django-environ).
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Parvis refuses to start without a secret key when DEBUG is off: "
            "set the SECRET_KEY environment variable to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "agenda",
    "civic",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that a cached page gets the policy too.
    "portal.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Exception hooks run from the innermost up: below the others, it answers a view that cannot
    # reach the database before any other hook tries a query (handler500 covers middleware).
    "portal.outage.DatabaseOutageMiddleware",
    # Innermost, so that a cached page still gets every other middleware's headers.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    # Inside the page cache, which keeps the header: a view's own policy survives a cached copy.
    "django_permissions_policy.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: an embedded SQLite file by default, PostgreSQL (or any) through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'parvis.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer proceed together; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://parvis")}
# Sessions read from the cache, written through to the database: one query less per member's page.
# Django's cached_db engine, each row also naming its account, so that deleting an account can end
# every session of it (civic/people/sessions.py).
SESSION_ENGINE = "civic.people.sessions"
# Whole pages for anonymous visitors (portal/page_cache.py). Every worker must see the same cache,
# or an edit made through one worker would leave the others serving the old page: so the default
# is on only with a shared cache (Redis...), never with the per-process memory cache.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if _SHARED_CACHE else 0)

# Email: console in development, SMTP (smtp+tls://user:password@host:587) in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Parvis <ne-pas-repondre@parvis.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Secure by default: dev relaxes what needs plain HTTP on localhost.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is an irrevocable commitment for the council's whole domain and its subdomains:
# it is the council's call, not the portal's, so it is opt-in and its deploy warning is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp). Public pages load nothing inline and nothing from
# elsewhere, except the video players a visitor starts (portal/video.py) in a frame.
PORTAL_PEERTUBE_HOSTS = env.list("PORTAL_PEERTUBE_HOSTS", default=[])
VIDEO_PLAYER_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    *(f"https://{host}" for host in PORTAL_PEERTUBE_HOSTS),
]
# Map tiles (civic/templates/civic/includes/map.html): none by default, so that no visitor's
# position goes to a third party unless the council chooses a tile server (docs/maps.md).
MAP_TILES_URL = env("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION", default="")
_map_tiles = urlsplit(MAP_TILES_URL)
MAP_TILES_ORIGIN = f"{_map_tiles.scheme}://{_map_tiles.netloc}" if _map_tiles.netloc else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", *([MAP_TILES_ORIGIN] if MAP_TILES_ORIGIN else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": VIDEO_PLAYER_ORIGINS,
    }
}
# The Wagtail admin (and its previews, framed by the editor) writes inline scripts and styles and
# shows uploads as data: and blob: images (portal/security_headers.py).
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([MAP_TILES_ORIGIN] if MAP_TILES_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
    },
}
# No avatars fetched from Gravatar in the admin: it would tell it which editor is signed in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Permissions-Policy (django-permissions-policy): powerful features no page uses are refused, to
# the page and to any frame in it. A view that needs one says so with
# django_permissions_policy.decorators.permissions_policy_override. Autoplay, fullscreen and
# picture-in-picture keep their defaults: the video players ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Accounts (django-allauth): email and password, real names, email confirmation before posting.
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any other backend is asked
    # (AxesBackend is Django's ModelBackend with the lockout check in front).
    "civic.people.auth_backends.AxesRememberedPermissionsBackend",
    # allauth's sign-in by email address, loading the account as ours does.
    "civic.people.auth_backends.AccountBackend",
    # FranceConnect's callback only (it alone passes a nonce): civic/identity/franceconnect.py.
    "civic.identity.franceconnect.FranceConnectBackend",
]

# FranceConnect (README, « FranceConnect »): without a client id, secret and issuer, no button.
FRANCECONNECT_CLIENT_ID = env("FRANCECONNECT_CLIENT_ID", default="")
FRANCECONNECT_CLIENT_SECRET = env("FRANCECONNECT_CLIENT_SECRET", default="")
# The platform's issuer, its discovery document under /.well-known/openid-configuration.
FRANCECONNECT_ISSUER = env("FRANCECONNECT_ISSUER", default="")
FRANCECONNECT_SIGNING_ALGORITHM = env("FRANCECONNECT_SIGNING_ALGORITHM", default="ES256")
# The eIDAS level asked (acr_values) and the levels accepted back.
FRANCECONNECT_ACR = env("FRANCECONNECT_ACR", default="eidas1")
FRANCECONNECT_ACCEPTED_ACR = env.list(
    "FRANCECONNECT_ACCEPTED_ACR", default=["eidas1", "eidas2", "eidas3"]
)
FRANCECONNECT_TIMEOUT = env.int("FRANCECONNECT_TIMEOUT", default=5)
if FRANCECONNECT_ISSUER:
    # The sign-in button's form and the logout's redirect to FranceConnect: form-action checks
    # where a form's answer redirects to.
    _issuer = urlsplit(FRANCECONNECT_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/mon-compte/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_FORMS = {"signup": "civic.people.forms.accounts.SignupForm"}
# Sign-up and password reset answer alike whether or not the address has an account; its owner
# gets an email saying someone tried. This needs mandatory verification: a new account is signed
# in only once its address is confirmed, or the answer would tell the two apart.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "signup": "10/m/ip,50/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# The client's address (civic.people.security.client_ip), for every per-address limit: how many proxies
# the portal's operator runs in front of it, each appending to X-Forwarded-For. 0 (the default):
# none, the header is ignored, since any client can send it. Behind one TLS proxy: 1.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_ADAPTER = "civic.people.security.AccountAdapter"  # its rate limits use client_ip()
# allauth's messages and emails name the person as others see them, not by the account's id.
ACCOUNT_USER_DISPLAY = "civic.people.security.user_display"

# Brute force protection on every log-in form, the Wagtail admin's included (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
# Locked: this account from this address only, so others can neither lock its owner out from
# elsewhere nor be locked out by them. Attempts during the lockout do not extend it, and a
# password reset through the emailed link lifts it (civic.people.security).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "civic.people.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "civic/account/locked_out.html"
AXES_USERNAME_CALLABLE = "civic.people.security.axes_username"
AXES_WHITELIST_CALLABLE = "civic.people.security.axes_ignores"
AXES_VERBOSE = False

# Background tasks (django-tasks): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Calendar imports (agenda): the work one import may ask of the background worker. A calendar
# over any cap is refused whole, with a French report naming the cap and how to get under it.
# Physical lines of the .ics file, counted before parsing (a full 10 MB export has fewer).
AGENDA_IMPORT_MAX_LINES = env.int("AGENDA_IMPORT_MAX_LINES", default=200_000)
# Events (VEVENT) in one calendar, past ones included (they are parsed before being skipped).
AGENDA_IMPORT_MAX_EVENTS = env.int("AGENDA_IMPORT_MAX_EVENTS", default=5000)
# Occurrence rows the calendar's events would write over the precomputed horizon (18 months).
AGENDA_IMPORT_MAX_OCCURRENCES = env.int("AGENDA_IMPORT_MAX_OCCURRENCES", default=20_000)
# Minutes after which an import still queued or running is taken as lost (worker stopped or
# killed): the source shows it no longer, and a new import may be queued.
AGENDA_IMPORT_STUCK_MINUTES = env.int("AGENDA_IMPORT_STUCK_MINUTES", default=30)

# Dialogue (civic): posts per account and period ("10/m", "100/h"), and how many first posts of a
# new account wait for a moderator's approval (0: none).
CIVIC_POST_RATE = env.str("CIVIC_POST_RATE", default="10/m")
CIVIC_FIRST_POSTS_NEED_APPROVAL = env.int("CIVIC_FIRST_POSTS_NEED_APPROVAL", default=0)
CIVIC_STREET_REPORT_RATE = env.str("CIVIC_STREET_REPORT_RATE", default="10/h")

# Agenda subscriptions: seconds that one whole fetch of a calendar may take (every redirect, the
# headers and the body), and the networks it may reach besides public addresses, as CIDRs
# separated by commas (e.g. "10.20.0.0/16" for a council's intranet calendar server).
AGENDA_FETCH_TIMEOUT = env.float("AGENDA_FETCH_TIMEOUT", default=15)
AGENDA_FETCH_ALLOWED_NETWORKS = [
    str(ipaddress.ip_network(network, strict=False))  # a mistyped network stops the start
    for network in env.list("AGENDA_FETCH_ALLOWED_NETWORKS", default=[])
]
# Registrations: visitors' (no account) data kept this many days after their date; messages an
# organiser may send to the attendees of one date ("3/d": three a day).
AGENDA_REGISTRATION_RETENTION_DAYS = env.int("AGENDA_REGISTRATION_RETENTION_DAYS", default=30)
AGENDA_ATTENDEE_MESSAGE_RATE = env.str("AGENDA_ATTENDEE_MESSAGE_RATE", default="3/d")

# Wagtail
WAGTAIL_SITE_NAME = env.str("PORTAL_NAME", default="Parvis")
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_login.AdminLoginForm"
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming ("réunions" finds "réunion"); pages also index an accent-free copy.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
# No page renders Wagtail embeds (videos go through portal/video.py); the responsive wrapper's
# inline style would be refused by the Content-Security-Policy.
WAGTAILEMBEDS_RESPONSIVE_HTML = False

# The territory loaded by `make run` and demo data (INSEE code of a département).
PORTAL_DEFAULT_DEPARTEMENT = env.str("PORTAL_DEFAULT_DEPARTEMENT", default="60")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Wagtail logs every page created or published at INFO: noise for `make run`'s demo.
        "wagtail": {"level": "WARNING"},
    },
}
