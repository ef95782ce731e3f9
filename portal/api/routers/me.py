"""A citizen's own data for a mobile app: their cases, payments and local tax balance, with
their portal session or a personal token — nothing of anybody else, and no application's
token (an application answers for a municipality, not for a person)."""

import datetime
import uuid

from ninja import Router, Schema

from services.documents import services as documents
from services.payments import services as payments
from services.tax import services as tax

from ..auth import bearer, citizen_session, require_person

router = Router(auth=[bearer, citizen_session])
LIMIT = 100


class MyCase(Schema):
    id: int
    municipality: str
    registry_number: str
    subject: str
    status: str
    received_at: datetime.datetime
    decided_at: datetime.datetime | None


class MyPayment(Schema):
    uuid: uuid.UUID
    municipality: str
    description: str
    amount: int
    status: str
    created_at: datetime.datetime
    paid_at: datetime.datetime | None


class MyTaxRow(Schema):
    tax_type: str
    label: str
    balance: int
    overdue: int
    due: int


class MyTaxpayer(Schema):
    municipality: str
    name: str
    identifier: str
    own: bool
    to_pay: int
    rows: list[MyTaxRow]


@router.get("cases", response=list[MyCase], summary="My cases (newest 100)")
def my_cases(request):
    user = require_person(request)
    return [
        MyCase(
            id=c.pk,
            municipality=c.municipality.name,
            registry_number=c.registry_number,
            subject=c.subject,
            status=c.status,
            received_at=c.received_at,
            decided_at=c.decided_at,
        )
        for c in documents.cases_of(user)[:LIMIT]
    ]


@router.get("payments", response=list[MyPayment], summary="My payments (newest 100)")
def my_payments(request):
    user = require_person(request)
    return [
        MyPayment(
            uuid=p.uuid,
            municipality=p.municipality.name,
            description=p.description,
            amount=p.amount,
            status=p.status,
            created_at=p.created_at,
            paid_at=p.paid_at,
        )
        for p in payments.payments_of_payer(user)[:LIMIT]
    ]


@router.get("tax", response=list[MyTaxpayer], summary="My local tax balances")
def my_tax(request):
    user = require_person(request)
    answer = []
    for access in tax.accessible_taxpayers(user):
        summary = tax.tax_summary(access)
        answer.append(
            MyTaxpayer(
                municipality=access.municipality.name,
                name=access.name,
                identifier=access.identifier,
                own=access.own,
                to_pay=summary.to_pay,
                rows=[
                    MyTaxRow(
                        tax_type=row.tax_type,
                        label=row.label,
                        balance=row.balance,
                        overdue=row.overdue,
                        due=row.due,
                    )
                    for row in summary.rows
                ],
            )
        )
    return answer
