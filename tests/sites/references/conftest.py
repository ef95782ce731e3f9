import pytest

from tests.factories.municipalities import make_document, make_image

from .helpers import own_page


@pytest.fixture
def targets(municipality_a, municipality_b):
    """targets[owner][kind]: a page, an image and a document of A and of B."""
    return {
        owner: {
            "page": own_page(municipality, "hirek"),
            "image": make_image(municipality, f"{municipality.name} képe"),
            "document": make_document(municipality, f"{municipality.name} rendelete"),
        }
        for owner, municipality in (("own", municipality_a), ("foreign", municipality_b))
    }
