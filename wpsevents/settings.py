"""Settings for WPS Events, read from the environment (and `.env` when present)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from wpsevents.cache_config import survive_outages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="development-only-secret-key-not-for-production")
else:
    # Empty is let through here so that commands needing no key (makemigrations) still run;
    # serving refuses to start without one (wpsevents/checks.py, wpsevents/wsgi.py).
    SECRET_KEY = env("SECRET_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",
    "wpsevents.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wpsevents.accounts",
    "wpsevents.events",
    "wpsevents.resources",
    "wpsevents.participants",
    "wpsevents.reports",
    # Last, as it asks: deletes a resource's file once the resource is deleted or its file
    # replaced, after the transaction commits (models marked with cleanup.select only).
    "django_cleanup.apps.CleanupSelectedConfig",
]

MIDDLEWARE = [
    # First: a load balancer's /healthz at the server's own address, over plain HTTP.
    "wpsevents.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The admin and the door in the language each member of staff chose.
    "wpsevents.accounts.language.StaffLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wpsevents.accounts.sessions.StaffSessionLimits",
    "wpsevents.accounts.second_factor.SecondFactorRequired",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wpsevents.urls"
WSGI_APPLICATION = "wpsevents.wsgi.application"

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
                "wpsevents.context_processors.site",
            ],
            # `digits` (Khmer digits on Khmer pages) in every template, as `date` is.
            "builtins": ["wpsevents.templatetags.khmer"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # A registration never waits long for the event's lock: it is told to try again instead.
    options["options"] = "-c lock_timeout=5000"
    # Parameters travel apart from the SQL, and a statement run a few times on a connection is
    # prepared: PostgreSQL then skips parsing and planning it again, which was a fifth of its
    # work per registration. A connection pooler in transaction mode cannot keep prepared
    # statements: set DATABASE_PREPARE_THRESHOLD to 0 (never prepare) behind one.
    options["server_side_binding"] = True
    prepare_threshold = env.int("DATABASE_PREPARE_THRESHOLD", default=5)
    options["prepare_threshold"] = prepare_threshold or None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": survive_outages(env.cache("CACHE_URL", default="locmemcache://wpsevents"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
# Ours, then the country names from CLDR, then Khmer for the Django admin's own texts that its
# catalogue leaves in English (hand-written; `make messages` touches neither of the last two).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_countries", BASE_DIR / "locale_admin"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Asia/Phnom_Penh"
# English dates read "14 December 2023, 08:30", not Django's American default.
FORMAT_MODULE_PATH = ["wpsevents.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "wpsevents.staticfiles.MinifiedCompressedManifestStorage"
        )
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# The event's admin page sends about 25 fields for each programme session and resource, in both
# languages: 458 for the workshop's 17 sessions. The size limit above bounds what anyone sends.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The console default suits development only: with DEBUG off every command and the web server
# refuse it (wpsevents/checks.py), as it would print each email, private links included, into
# the log. Left as the default rather than refused here, so that makemigrations and the like run.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="WPS Events <events@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where replies to the site's emails go: the organisers, not the sending address.
ORGANISERS_EMAIL = env.str("ORGANISERS_EMAIL", default=DEFAULT_FROM_EMAIL)
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@localhost")
# Who is emailed when a scheduled job or a service fails (scripts/notify_failure.py). Not
# Django's ADMINS, which would mail every server error with its request, personal data included.
OPERATOR_EMAILS = env.list("OPERATOR_EMAILS", default=[])

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "KH"
COUNTRIES_FIRST = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"]
# django-countries has no Khmer names. The countries listed first get theirs, and the names ASEAN
# uses, from our catalogue; every other country from CLDR's, in locale_countries/ (the script
# scripts/khmer_country_names.py writes it).
COUNTRIES_OVERRIDE = {
    "BN": _("Brunei Darussalam"),
    "KH": _("Cambodia"),
    "ID": _("Indonesia"),
    "LA": _("Lao PDR"),
    "MY": _("Malaysia"),
    "MM": _("Myanmar"),
    "PH": _("Philippines"),
    "SG": _("Singapore"),
    "TH": _("Thailand"),
    "VN": _("Viet Nam"),
    "TL": _("Timor-Leste"),
}

RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# Without its counters (Redis unreachable), registration stays open rather than refusing everyone.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "wpsevents.views.rate_limited"
RATELIMIT_IP_META_KEY = "wpsevents.proxy.client_ip"
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])

SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions. One ends after an hour without a request, and twelve hours after
# signing in whatever happens (wpsevents/accounts/sessions.py); the cookie lasts no longer.
STAFF_SESSION_IDLE_MINUTES = 60
STAFF_SESSION_MAX_HOURS = 12
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600
# Staff sign in with a password, then a code from an authenticator app (wpsevents/accounts/).
OTP_TOTP_ISSUER = "WPS Events"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Secure cookies unless DEBUG; the operational checks in scripts/ talk plain HTTP on loopback.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True  # no script of the site reads it
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    # Scripts and styles only from the site's own files: no inline code, no eval. The event
    # page's JSON-LD is data, not script, and needs no allowance.
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Admin sign-in: a few failures lock out one address for one username, for a while; many more
# for one username from any addresses lock that username out (guessing spread over many
# addresses). An IPv6 client counts by its /64 network, which one subscriber usually holds
# whole (wpsevents/login_throttle.py).
AUTHENTICATION_BACKENDS = [
    "wpsevents.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "wpsevents.login_throttle.LoginThrottleHandler"
# The pair first, then the username alone: LoginThrottleHandler reads them in this order.
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "username"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_HOURS", default=1)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "wpsevents.login_throttle.client_network"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_VERBOSE = False
if env.bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

PRIVATE_LINK_DAYS_AFTER_EVENT = env.int("PRIVATE_LINK_DAYS_AFTER_EVENT", default=42)
REGISTRATION_MIN_FILL_SECONDS = env.int("REGISTRATION_MIN_FILL_SECONDS", default=3)
# Seats held for addresses not yet confirmed (docs/registration.md, "Seats go to real people").
REGISTRATION_HOLD_MINUTES = env.int("REGISTRATION_HOLD_MINUTES", default=30)
# Held seats one network (IPv4 /24, IPv6 /64) may have at once; 0 for no limit. Off, like the
# rate limits below, when RATELIMIT_ENABLE is false.
REGISTRATION_HOLDS_PER_NETWORK = env.int("REGISTRATION_HOLDS_PER_NETWORK", default=5)
# Registration form submissions, as django-ratelimit rates: from one network, to one event in
# all, and the rate to one event past which the organisers are emailed (once an hour at most).
REGISTRATION_RATE_PER_NETWORK = env.str("REGISTRATION_RATE_PER_NETWORK", default="30/10m")
REGISTRATION_RATE_PER_EVENT = env.str("REGISTRATION_RATE_PER_EVENT", default="600/10m")
REGISTRATION_BURST_ALERT = env.str("REGISTRATION_BURST_ALERT", default="100/10m")
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=6)

# One JSON object a line in production; every line passes through the filter that takes out
# email addresses, phone numbers and secrets.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "wpsevents.logging.RedactingFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "wpsevents.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
