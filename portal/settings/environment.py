"""Reading the environment: every setting that differs between a laptop and production
comes from a variable (the table in README.md)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Every municipality is served at <slug>.<BASE_DOMAIN>; the central portal at BASE_DOMAIN.
BASE_DOMAIN = env("BASE_DOMAIN", "localhost")
