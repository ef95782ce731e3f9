"""Provisioning: a municipality with its site, page tree, media collection and groups.

Everything a municipality needs is created in one transaction, so a failure leaves nothing
half-made. Provisioning is idempotent: provisioning the same data again changes nothing,
and provisioning changed data updates the record and repairs whatever is missing.
The number of queries per municipality does not depend on how many already exist (the
benchmark in benchmarks/ checks that), which is what lets 3,200 of them load in minutes.

The parts: ``municipality`` (the record, its site, page tree, collection and moderation
workflow), ``groups`` (the role groups and their permissions) and ``deprovisioning``;
other modules import from here.
"""

from .deprovisioning import deactivate_municipality, delete_municipality, reactivate_municipality
from .municipality import (
    PROVISIONED_FIELDS,
    MunicipalityData,
    Outcome,
    ProvisionResult,
    provision_municipality,
    site_hostname,
)

__all__ = [
    "PROVISIONED_FIELDS",
    "MunicipalityData",
    "Outcome",
    "ProvisionResult",
    "deactivate_municipality",
    "delete_municipality",
    "provision_municipality",
    "reactivate_municipality",
    "site_hostname",
]
