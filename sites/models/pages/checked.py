from ...page_forms import MunicipalPageForm
from ...references import check_references
from .folded import FoldedSearchMixin


class ReferencesCheckedPageMixin(FoldedSearchMixin):
    """Every municipal page type mixes this in before Wagtail's Page: a page may point only
    at its own municipality's pages, images and documents (sites.references). A page not
    in the tree yet is checked by its form, which knows the parent.

    It also gives every municipal page type the folded copy of its text that the search
    index keeps (``FoldedSearchMixin``)."""

    base_form_class = MunicipalPageForm

    def clean(self):
        super().clean()
        check_references(self)
