"""What the owning apps tell `documents`: their owners' rules and their generated documents.

`documents` knows neither proposals nor cases. Each process app, in its
`AppConfig.ready()`, registers for its model who sees an owner (and so its
documents and attachments), who may attach which kinds of pieces and when, and
who may regenerate its documents (`register_owner`); and, for each kind of
generated document, how to build it from an owner (`register_producer`).
An owner whose model registered nothing is visible to no one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.types import AnyUser
from documents.models import StoredDocument
from processes.transitions import Decision

SeeCheck = Callable[[AnyUser, Any], bool]
RegenerateCheck = Callable[[AnyUser, Any], Decision]
# Who may attach a piece of this kind (None: any kind) to the owner.
AttachCheck = Callable[[AnyUser, Any, "str | None"], Decision]
# Whether the owner takes pieces at all in its current state.
AttachOpenCheck = Callable[[Any], Decision]
# The API address that streams one of the owner's attachments.
AttachmentPath = Callable[[Any], str]


def _never(user: AnyUser, owner: Any, kind: str | None = None) -> Decision:
    return Decision.deny("")


def _always_open(owner: Any) -> Decision:
    return Decision.allow()


@dataclass(frozen=True)
class OwnerRules:
    can_see: SeeCheck
    can_regenerate: RegenerateCheck = _never
    can_attach: AttachCheck = _never
    attach_open: AttachOpenCheck = _always_open
    attachment_kinds: tuple[str, ...] = ()
    attachment_api_path: AttachmentPath | None = None


_OWNERS: dict[type[models.Model], OwnerRules] = {}


def register_owner(
    model: type[models.Model],
    *,
    can_see: SeeCheck,
    can_regenerate: RegenerateCheck = _never,
    can_attach: AttachCheck = _never,
    attach_open: AttachOpenCheck = _always_open,
    attachment_kinds: Sequence[str] = (),
    attachment_api_path: AttachmentPath | None = None,
) -> None:
    _OWNERS[model] = OwnerRules(
        can_see=can_see,
        can_regenerate=can_regenerate,
        can_attach=can_attach,
        attach_open=attach_open,
        attachment_kinds=tuple(attachment_kinds),
        attachment_api_path=attachment_api_path,
    )


def rules_for_model(model: type[models.Model] | None) -> OwnerRules | None:
    if model is None:
        return None
    return _OWNERS.get(model._meta.concrete_model or model) or _OWNERS.get(model)


def rules_for(owner: models.Model | None) -> OwnerRules | None:
    return None if owner is None else rules_for_model(type(owner))


# --- Generated documents -------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSpec:
    """One document's content, built by the owning app from a fresh owner."""

    template_name: str
    template_version: str
    reference: str
    context: dict[str, Any]
    payload: dict[str, Any]


@dataclass(frozen=True)
class Producer:
    kind: str
    model: type[models.Model]
    build: Callable[[Any], DocumentSpec]
    # The objects that should have this document (a proposal once funded, a case once
    # its plan is approved); `missing()` keeps those that have none yet.
    due: Callable[[], models.QuerySet[Any]]
    # Besides the owner's rule, when its model produces several kinds: whether this
    # one may be made again now (an attestation only once the mission is certified).
    can_regenerate: RegenerateCheck | None = None

    def missing(self) -> models.QuerySet[Any]:
        stored = StoredDocument.objects.filter(
            kind=self.kind, content_type=ContentType.objects.get_for_model(self.model)
        ).values("object_id")
        return self.due().exclude(pk__in=stored)


_PRODUCERS: dict[str, Producer] = {}


def register_producer(
    kind: str,
    *,
    model: type[models.Model],
    build: Callable[[Any], DocumentSpec],
    due: Callable[[], models.QuerySet[Any]],
    can_regenerate: RegenerateCheck | None = None,
) -> None:
    _PRODUCERS[kind] = Producer(
        kind=kind, model=model, build=build, due=due, can_regenerate=can_regenerate
    )


def producer_for(kind: str) -> Producer | None:
    return _PRODUCERS.get(kind)


def producers() -> list[Producer]:
    return list(_PRODUCERS.values())


def producers_for(owner: models.Model) -> list[Producer]:
    model = owner._meta.concrete_model
    return [p for p in _PRODUCERS.values() if p.model is model]
