from wagtail.models import Page

from sites.models import StandardPage


def add_page(municipality, title, intro="", publish=True):
    page = municipality.root_page.add_child(
        instance=StandardPage(
            title=title, slug=title.lower().replace(" ", "-"), intro=intro, live=publish
        )
    )
    if publish:
        page.save_revision().publish()
    return page


def found(backend, query, root=None):
    """Titles of the live, public pages a search finds (under ``root`` when given)."""
    backend.refresh_indexes()
    pages = Page.objects.live().public()
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    return {page.title for page in backend.search(query, pages)}
