"""Wagtail's admin API endpoints for images and documents, narrowed to what the user's
collection permissions reach (the collections of their own municipalities' roles)."""

from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

VISIBLE = ["add", "change", "choose", "delete"]


def _visible(model, user):
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, VISIBLE)


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset() & _visible(get_image_model(), self.request.user)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset() & _visible(get_document_model(), self.request.user)
