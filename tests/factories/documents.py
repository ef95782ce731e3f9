"""The document registry: cases opened with the request that started them."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.constants import Direction
from services.documents.models import Case

PDF = b"%PDF-1.4\n% teszt irat\n"


def pdf(name="irat.pdf", body=b"tartalom"):
    """An uploaded PDF (the registry checks files by their content)."""
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


class CaseFactory(factory.Factory):
    """A case registered in the municipality's book under a case type of its schedule
    (``code``), with its first incoming document, the request (``request``, a file).

    ``client_user`` and ``user`` make it a portal citizen's case as a portal submission
    opens it; any other keyword goes to ``open_case`` (``received_at``, ``fee``, ...)."""

    class Meta:
        model = Case

    class Params:
        code = "B-220"

    municipality = None
    case_type = factory.LazyAttribute(
        lambda case: case_types(case.municipality).get(code=case.code)
    )
    subject = "Közterület-használat a Fő téren"
    client_name = "Kiss Anna"
    client_email = "kiss.anna@example.hu"
    user = None
    request = factory.LazyFunction(pdf)

    @classmethod
    def _create(cls, model_class, *, municipality, request, user, **fields):
        case, _document = registry.register_case(
            municipality,
            user=user,
            document=registry.NewDocument(
                subject="Kérelem",
                direction=Direction.INCOMING,
                correspondent=fields.get("client_name", ""),
                files=[request],
            ),
            **fields,
        )
        return case
