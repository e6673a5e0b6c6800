"""The append-only history every process writes to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.chain import ChainedRow, append, canonical, canonical_time, save_chained


class Source(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")
    COMMAND = "command", _("Commande")
    SYSTEM = "system", _("Automatique")


class Outcome(models.TextChoices):
    DONE = "done", _("Effectué")
    REFUSED = "refused", _("Refusé")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a history row."""


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """Rows that are written once: neither updated nor deleted in bulk."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnly(models.Model):
    """A row written once: saving it again or deleting it raises `AppendOnlyError`."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class HistoryQuerySet(AppendOnlyQuerySet["HistoryEntry"]):
    def bulk_create(self, objs: Iterable[HistoryEntry], *args: Any, **kwargs: Any) -> Any:
        """Rows created together are chained in the order given."""
        with transaction.atomic(using=self.db, savepoint=False):
            chained = list(append(objs, self.db))
            # django-stubs leaves the model of super()'s queryset unbound here.
            return super().bulk_create(chained, *args, **kwargs)  # type: ignore[arg-type]

    def for_object(self, obj: models.Model) -> HistoryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class HistoryEntry(ChainedRow):
    """One row of the history; rows are hash-chained in the order they were written
    (`audit.chain`), and on PostgreSQL a trigger refuses to change or delete them."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=64)
    source_state = models.CharField(_("état de départ"), max_length=32, blank=True)
    target_state = models.CharField(_("état d'arrivée"), max_length=32, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    comment = models.TextField(_("commentaire"), blank=True)
    # The row's facts (amounts, dates, people), put into words when shown: audit.labels.
    data = models.JSONField(_("données"), default=dict, blank=True)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    outcome = models.CharField(
        _("résultat"), max_length=16, choices=Outcome.choices, default=Outcome.DONE
    )
    # Only on a transition's row (done, to another state): when the object entered its
    # source state (its stay there lasted from `source_since` to `at`). Hashed when set;
    # empty on the rows written before it existed, which are never updated.
    source_since = models.DateTimeField(_("dans l'état de départ depuis"), null=True, blank=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée d'historique")
        verbose_name_plural = _("historique")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
        ]
        constraints = [
            # A chain has one first row and no fork: two rows never follow the same one.
            models.UniqueConstraint(fields=["previous_hash"], name="history_chain_no_fork")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.source_state}→{self.target_state} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("History rows are never updated.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        save_chained(self, using, lambda: super(HistoryEntry, self).save(*args, **kwargs))

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("History rows are never deleted.")

    def chain_content(self, using: str) -> list[Any]:
        content_type = ContentType.objects.db_manager(using).get_for_id(self.content_type_id)
        return history_content(self, f"{content_type.app_label}.{content_type.model}")

    def chain_label(self, using: str) -> str:
        """`workflows.proposal 12, approve, 2026-11-30T10:04:05.123456+00:00`."""
        content_type, *_rest = self.chain_content(using)
        return f"{content_type} {self.object_id}, {self.action}, {canonical_time(self.at)}"


def history_content(row: Any, content_type: str) -> list[Any]:
    """What a history row's hash covers (besides the previous hash); `row` may be a
    migration's historical model, `content_type` is `app_label.model`. `source_since`
    is covered when set: set later on a row written without it, it breaks the chain."""
    since = getattr(row, "source_since", None)
    return [
        content_type,
        row.object_id,
        row.action,
        row.source_state,
        row.target_state,
        row.by_id,
        canonical_time(row.at),
        row.comment,
        canonical(row.data),
        row.source,
        row.outcome,
        *([canonical_time(since)] if since is not None else []),
    ]


# --- Security events -------------------------------------------------------------


class SecurityEventKind(models.TextChoices):
    LOGIN_FAILED = "login_failed", _("Échec de connexion")
    LOCKED_OUT = "locked_out", _("Connexion bloquée")
    LOGIN = "login", _("Connexion")
    LOGOUT = "logout", _("Déconnexion")
    TOKEN_CREATED = "token_created", _("Jeton d'API délivré")
    TOKEN_REVOKED = "token_revoked", _("Jeton d'API révoqué")
    PASSWORD_CHANGED = "password_changed", _("Mot de passe changé")
    FORBIDDEN = "forbidden", _("Action refusée (403)")
    CONFLICT = "conflict", _("Conflit (409)")
    HIDDEN = "hidden", _("Objet hors de portée (404)")
    EXPORT = "export", _("Export")
    ERASURE = "erasure", _("Effacement de données personnelles")
    ADMIN_CHANGE = "admin_change", _("Modification dans l'administration")


class SecurityEvent(AppendOnly):
    """What happened at the gates: logins and their failures, tokens, refusals, exports,
    admin changes. Append-only like the history; written by `audit.security.record_event`."""

    kind = models.CharField(
        _("événement"), max_length=32, choices=SecurityEventKind.choices, db_index=True
    )
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name typed at a login, whether or not such a user exists.
    username = models.CharField(_("identifiant saisi"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("adresse"), null=True, blank=True, db_index=True)
    method = models.CharField(_("méthode"), max_length=10, blank=True)
    route = models.CharField(_("adresse demandée"), max_length=255, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Cut to this length by `audit.security.record_event`.
    detail = models.TextField(_("détail"), max_length=2000, blank=True)

    objects = AppendOnlyQuerySet["SecurityEvent"].as_manager()

    class Meta:
        verbose_name = _("événement de sécurité")
        verbose_name_plural = _("événements de sécurité")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} ({self.at:%Y-%m-%d %H:%M})"
