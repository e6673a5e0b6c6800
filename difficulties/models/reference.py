"""The reference data of the register, kept by the programme officers: the
administrations a report concerns or is referred to, and the online services
(« Démarches en ligne ») the ministry promotes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from difficulties.choices import Category
from processes.validators import CodeList


class Administration(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=160, unique=True)
    active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OnlineService(models.Model):
    title = models.CharField(_("intitulé"), max_length=160)
    url = models.URLField(_("lien"), max_length=500)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    # The categories of difficulty this service answers: the form suggests it for them.
    categories = models.JSONField(
        _("catégories"),
        default=list,
        blank=True,
        validators=[CodeList("difficulties.choices.Category")],
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("affichée"), default=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("démarche en ligne")
        verbose_name_plural = _("démarches en ligne")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[code]) for code in self.categories if code in labels]
