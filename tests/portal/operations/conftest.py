import pytest

from tests.factories.forms import AdoptedFormFactory, library_template


@pytest.fixture
def published_form(municipality_a):
    return AdoptedFormFactory(municipality=municipality_a, template=library_template("PANASZ-001"))
