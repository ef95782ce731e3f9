"""Operations: logs, metrics, health (portal.operations; README "Running it as a provider")."""

from .environment import BASE_DIR, env, env_list

# Log lines as JSON (one object a line, with the request id) for the log collector, or as
# text for a person at a terminal (the default for `make run` and the tests).
LOG_FORMAT = env("LOG_FORMAT", "text")
# WARNING by default: `make run`, the demo loader and the tests stay quiet (Wagtail logs every
# page it creates at INFO). Production sets INFO (README, the operations section).
LOG_LEVEL = env("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.operations.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's request logger writes the path of a failed request, never its body or query.
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# /metrics: with METRICS_TOKEN set, only with "Authorization: Bearer <token>"; without it,
# only from these addresses (the host's own Prometheus). The proxy must not forward /metrics.
METRICS_TOKEN = env("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# The platform's figures are read from the database at most this often.
METRICS_CACHE_SECONDS = int(env("METRICS_CACHE_SECONDS", "30"))

# A request that finds the database unreachable gets 503 with this Retry-After (seconds).
DATABASE_RETRY_AFTER_SECONDS = int(env("DATABASE_RETRY_AFTER_SECONDS", "30"))

# Where `manage.py backup` writes and `restore_drill` reads (README, "Backups").
BACKUP_DIR = env("BACKUP_DIR", str(BASE_DIR / ".cache" / "backups"))
