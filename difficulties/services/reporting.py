"""A difficulty reported: from the public form (confirmed by the e-mailed link), or
recorded by a focal point or officer on someone's behalf; the same report sent twice
gives the same tracking code (docs/difficulties.md, « Rules »)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from difficulties import access, notifications
from difficulties.choices import FINAL_STATES, DifficultyStatus
from difficulties.codes import fingerprint, new_code
from difficulties.models import Difficulty
from difficulties.services.common import administration_named, competent_embassy, validation_error
from difficulties.transitions import DIFFICULTY_TRANSITIONS, DifficultyTransition
from processes.firing import Firing
from processes.transitions import ConditionsUnmet, NotAllowed

S = DifficultyStatus

# The fields a report is made of (its pieces aside).
REPORT_FIELDS = (
    "category",
    "country",
    "administration",
    "description",
    "email",
    "phone",
    "consent",
)
# How long a report sent again is recognised as the same one.
SAME_REPORT_DAYS = 30


def _build(fields: dict[str, Any], *, recorded_by: AnyUser | None) -> Difficulty:
    values = {name: fields[name] for name in REPORT_FIELDS if name in fields}
    values["administration"] = administration_named(
        values.get("administration"), field="administration"
    )
    for name in ("description", "email", "phone"):
        values[name] = str(values.get(name) or "").strip()
    values["email"] = values["email"].lower()
    difficulty = Difficulty(
        **values,
        recorded_by=recorded_by
        if recorded_by is not None and recorded_by.is_authenticated
        else None,
        language=(get_language() or "fr")[:8],
    )
    difficulty.embassy = competent_embassy(difficulty.country) if difficulty.country else None
    difficulty.fingerprint = fingerprint(
        category=difficulty.category,
        country=str(difficulty.country),
        description=difficulty.description,
        email=difficulty.email,
        phone=difficulty.phone,
    )
    return difficulty


def _check(difficulty: Difficulty) -> None:
    try:
        difficulty.full_clean(exclude=["status", "tracking_code", "fingerprint"])
        if not difficulty.consent:
            raise ValidationError(
                {
                    "consent": _(
                        "Acceptez d'être contacté(e) : sans cela, personne ne peut vous répondre."
                    )
                }
            )
    except ValidationError as exc:
        raise validation_error(exc) from exc


def same_report(difficulty: Difficulty) -> Difficulty | None:
    """An open report of the last 30 days with the same fingerprint."""
    since = timezone.now() - datetime.timedelta(days=SAME_REPORT_DAYS)
    return (
        Difficulty.objects.filter(fingerprint=difficulty.fingerprint, created_at__gte=since)
        .exclude(status__in=FINAL_STATES)
        .order_by("created_at", "pk")
        .first()
    )


def _save_with_new_code(difficulty: Difficulty) -> None:
    for _attempt in range(5):
        difficulty.tracking_code = new_code()
        try:
            with transaction.atomic():
                difficulty.save(force_insert=True)
            return
        except IntegrityError:
            if Difficulty.objects.filter(tracking_code=difficulty.tracking_code).exists():
                difficulty.pk = None
                continue
            raise
    raise RuntimeError("No free tracking code after five draws.")  # pragma: no cover


def difficulty_report(
    *,
    fields: dict[str, Any],
    pieces: Sequence[UploadedFile] = (),
    by: AnyUser,
    source: Source | str,
    admit: Callable[[], None] | None = None,
) -> tuple[Difficulty, bool]:
    """A report from the public form or the public API: `(report, created)`. A new one
    is unconfirmed until its e-mail's link is followed (a phone-only one until the focal
    point calls); the same report sent again is the first one, `created` false: its code
    is mailed to its address, never given back (`already_sent_sentence`). `admit`, when
    given, is called once the report passed validation (the public rates)."""
    difficulty = _build(fields, recorded_by=None)
    _check(difficulty)
    if admit is not None:
        admit()  # the rates, counted once the report passed validation
    existing = same_report(difficulty)
    if existing is not None:
        _remind(existing)
        return existing, False
    from difficulties.services.pieces import check_pieces, store_pieces

    check_pieces(pieces)
    with transaction.atomic():
        if difficulty.email:
            difficulty.link_sent_at = timezone.now()
        _save_with_new_code(difficulty)
        record_history(
            obj=difficulty, action="create", by=by, source=source, target_state=difficulty.status
        )
        store_pieces(difficulty, pieces, by=by, source=source)
        if difficulty.email:
            transaction.on_commit(lambda: notifications.confirmation_link(difficulty))
    return difficulty, True


def _remind(existing: Difficulty) -> None:
    """The same report sent again: its code is never shown to the sender (who may not be
    its reporter) but mailed to the report's address, with the confirmation link while
    it is unconfirmed (whose week starts again: `link_sent_at`)."""
    if not existing.email:
        return
    if existing.status == S.UNCONFIRMED:
        existing.link_sent_at = timezone.now()
        Difficulty.objects.filter(pk=existing.pk).update(link_sent_at=existing.link_sent_at)
    transaction.on_commit(lambda: notifications.already_sent(existing))


def already_sent_sentence(difficulty: Difficulty) -> str:
    """What the sender of a report already sent reads (page and API): no code."""
    if difficulty.email:
        return _(
            "Ce signalement a déjà été envoyé : son code de suivi a été renvoyé à l'adresse "
            "e-mail donnée. Les pièces jointes à ce nouvel envoi n'ont pas été ajoutées."
        )
    return _(
        "Ce signalement a déjà été envoyé : l'ambassade vous rappellera au numéro donné. "
        "Les pièces jointes à ce nouvel envoi n'ont pas été ajoutées."
    )


def difficulty_record(
    *,
    fields: dict[str, Any],
    by: AnyUser,
    source: Source | str,
) -> Difficulty:
    """A report recorded by a focal point or an officer on someone's behalf (at the
    embassy, by phone): registered at once (`reported`), the reporter having been
    heard by the one recording it. The mails to the person are written in their
    `language` (`fr` by default), not in the staff member's."""
    difficulty = _build(fields, recorded_by=by)
    languages = [code for code, _name in settings.LANGUAGES]
    language = str(fields.get("language") or "fr")
    difficulty.language = language if language in languages else "fr"
    decision = access.can_record(by)
    if not decision:
        raise NotAllowed(decision.reason)
    where = access.can_record_for(by, difficulty.embassy_id)
    if not where:
        raise ConditionsUnmet([where.reason], fields={"country": [where.reason]})
    _check(difficulty)
    with transaction.atomic():
        _save_with_new_code(difficulty)
        record_history(
            obj=difficulty, action="create", by=by, source=source, target_state=difficulty.status
        )
        difficulty = DIFFICULTY_TRANSITIONS.run(
            difficulty,
            DifficultyTransition.CONFIRM,
            by=by,
            source=source,
            cascade=True,
            before_save=_stamp_reported,
        )
    return difficulty


def _stamp_reported(locked: Difficulty) -> None:
    locked.reported_at = timezone.now()


def difficulty_confirm(
    *, difficulty: Difficulty, comment: str = "", **firing: Unpack[Firing]
) -> Difficulty:
    """A phone-only report confirmed by those who handle it, after calling the reporter."""
    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        DifficultyTransition.CONFIRM,
        **firing,
        comment=comment,
        before_save=_stamp_reported,
    )


def difficulty_confirm_by_link(*, difficulty: Difficulty, source: Source | str) -> Difficulty:
    """The reporter followed the e-mailed link (its token checked by the caller): the
    report is registered. Following it again changes nothing."""
    if difficulty.status != S.UNCONFIRMED:
        return difficulty
    from django.contrib.auth.models import AnonymousUser

    return DIFFICULTY_TRANSITIONS.run(
        difficulty,
        DifficultyTransition.CONFIRM,
        by=AnonymousUser(),
        source=source,
        cascade=True,
        before_save=_stamp_reported,
    )
