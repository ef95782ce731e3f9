"""The rules kept as data, each with its source: ``data/tax/rules.json`` (interest, allocation,
refunds, due dates) and ``data/tax/base_rates.json`` (the central bank base rate by date).
Settings may point elsewhere (``TAX_RULES_FILE``, ``TAX_BASE_RATES_FILE``), so a
municipality's deployment can add a base-rate change the day the MNB decides it."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings


def _data_path(setting, name):
    return Path(getattr(settings, setting, None) or settings.BASE_DIR / "data" / "tax" / name)


@lru_cache(maxsize=8)
def _load_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rules():
    return _load_json(str(_data_path("TAX_RULES_FILE", "rules.json")))


@dataclass(frozen=True)
class BaseRate:
    valid_from: datetime.date
    percent: Decimal
    confirmed: bool
    source: str


@lru_cache(maxsize=8)
def _base_rates(path):
    rows = _load_json(path)["rates"]
    rates = [
        BaseRate(
            valid_from=datetime.date.fromisoformat(row["from"]),
            percent=Decimal(row["percent"]),
            confirmed=row["status"] == "confirmed",
            source=row["source"],
        )
        for row in rows
    ]
    rates.sort(key=lambda rate: rate.valid_from)
    return tuple(rates)


def base_rates():
    """The base-rate table, oldest first."""
    return _base_rates(str(_data_path("TAX_BASE_RATES_FILE", "base_rates.json")))


def notice_rules():
    """The notices' dates, thresholds and reminder/enforcement rules with their sources
    (``data/tax/notices.json``, or ``TAX_NOTICES_FILE``)."""
    return _load_json(str(_data_path("TAX_NOTICES_FILE", "notices.json")))
