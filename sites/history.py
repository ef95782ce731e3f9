"""Rows that keep history: written once, later only closed.

The tax registers and the trade register keep every change as a new dated row; an old
row is never edited, only closed by setting its empty ``valid_to`` once, and never
deleted. This is that rule in one place; each register declares its own fields."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import TenantOwnedModel


class HistoryError(RuntimeError):
    """A dated row was changed other than by closing it, or deleted."""


class IdentityModel(TenantOwnedModel):
    """A municipality's row that identifies something and never changes once written."""

    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryError(f"{self._meta.verbose_name} {self.pk} cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryError(f"{self._meta.verbose_name} {self.pk} cannot be deleted.")


class ClosedOnlyModel(models.Model):
    """The behaviour of a dated row with ``valid_from`` and ``valid_to`` fields: saving a
    stored row may only set its empty ``valid_to``; deleting is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self)._base_manager.get(pk=self.pk)
            changed = [
                field.attname
                for field in self._meta.concrete_fields
                if getattr(stored, field.attname) != getattr(self, field.attname)
            ]
            if changed != ["valid_to"] or stored.valid_to is not None:
                raise HistoryError(
                    f"{self._meta.verbose_name} {self.pk}: a dated row is only closed, "
                    f"never changed ({', '.join(changed) or 'nothing'})."
                )
            kwargs["update_fields"] = ["valid_to"]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryError(f"{self._meta.verbose_name} {self.pk} cannot be deleted.")

    @staticmethod
    def on(day):
        """The condition of the rows that hold on ``day``."""
        return models.Q(valid_from__lte=day) & (
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day)
        )
