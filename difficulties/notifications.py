"""The register's mails, composed once the transaction commits and sent by the
background queue (`processes.mail`). A reporter's mails are written in the language
they reported in and carry the tracking link, never a page that needs an account."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from difficulties.choices import DifficultyStatus
from difficulties.codes import confirmation_token
from difficulties.models import Difficulty
from processes.mail import mail_later


def link(path: str) -> str:
    """The absolute address of a page of the platform, for a mail."""
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def tracking_link(difficulty: Difficulty) -> str:
    return link(reverse("difficulties:tracking", args=[difficulty.tracking_code]))


def _to_reporter(difficulty: Difficulty, subject: str, body: str, url: str) -> None:
    if difficulty.email:
        mail_later([(subject, f"{body}\n\n{url}\n", [difficulty.email])])


def fresh(difficulty: Difficulty) -> Difficulty:
    return Difficulty.objects.select_related("merged_into").get(pk=difficulty.pk)


def confirm_link(difficulty: Difficulty) -> str:
    return link(
        reverse("difficulties:confirm", args=[confirmation_token(difficulty.tracking_code)])
    )


def confirmation_link(difficulty: Difficulty) -> None:
    """The link that registers a report sent from the public form."""
    with translation.override(difficulty.language):
        url = confirm_link(difficulty)
        _to_reporter(
            difficulty,
            _("Confirmez votre signalement %(code)s") % {"code": difficulty.tracking_code},
            _(
                "Vous avez signalé une difficulté au ministère des Affaires étrangères. "
                "Ouvrez ce lien et confirmez pour qu'elle soit enregistrée (le lien est "
                "valable 7 jours). Votre code de suivi : %(code)s."
            )
            % {"code": difficulty.tracking_code},
            url,
        )


def already_sent(difficulty: Difficulty) -> None:
    """The same report was sent again: its code goes to its own address only, with the
    confirmation link while it is unconfirmed."""
    difficulty = fresh(difficulty)
    with translation.override(difficulty.language):
        body = _(
            "Le signalement que vous avez envoyé l'avait déjà été : son code de suivi est "
            "%(code)s. Suivez-le à cette adresse :\n%(url)s"
        ) % {"code": difficulty.tracking_code, "url": tracking_link(difficulty)}
        url = ""
        if difficulty.status == DifficultyStatus.UNCONFIRMED:
            body += "\n\n" + _(
                "Il n'est pas encore enregistré : ouvrez ce lien et confirmez-le (le lien "
                "est valable 7 jours)."
            )
            url = confirm_link(difficulty)
        _to_reporter(
            difficulty,
            _("Votre signalement %(code)s") % {"code": difficulty.tracking_code},
            body,
            url,
        )


def reporters_of(difficulty: Difficulty) -> Iterable[Difficulty]:
    """The report and every report merged into it: all their reporters are told."""
    yield difficulty
    yield from difficulty.duplicates.all().order_by("pk")


def _tell(reports: Iterable[Difficulty], compose: Callable[[Difficulty], tuple[str, str]]) -> None:
    """Mail each report's reporter, in their language, `compose(report)`'s subject and
    body with the report's tracking link."""
    for report in reports:
        with translation.override(report.language):
            subject, body = compose(report)
            _to_reporter(report, subject, body, tracking_link(report))


def answered(difficulty: Difficulty) -> None:
    difficulty = fresh(difficulty)
    answer = difficulty.answers.order_by("-at", "-id").first()
    if answer is None:
        return
    _tell(
        reporters_of(difficulty),
        lambda report: (
            _("Réponse à votre signalement %(code)s") % {"code": report.tracking_code},
            _(
                "Une réponse a été apportée à la difficulté que vous avez signalée :\n\n"
                "%(answer)s\n\nDites-nous sur la page de suivi si elle a résolu votre "
                "difficulté."
            )
            % {"answer": answer.text},
        ),
    )


def merged(difficulty: Difficulty, followers: Sequence[int] = ()) -> None:
    """The merged report's reporter, and those of the reports that were merged into it
    (`followers`, now merged into the main one too), are told the main report's code."""
    difficulty = fresh(difficulty)
    main = difficulty.merged_into
    if main is None:
        return
    others = Difficulty.objects.filter(pk__in=list(followers)).order_by("pk")
    _tell(
        [difficulty, *others],
        lambda report: (
            _("Votre signalement %(code)s est suivi avec un autre")
            % {"code": report.tracking_code},
            _(
                "La même difficulté a déjà été signalée : votre signalement est "
                "désormais suivi avec le signalement %(main)s. Votre code de suivi "
                "reste valable et vous recevrez ses réponses."
            )
            % {"main": main.tracking_code},
        ),
    )


def rejected(difficulty: Difficulty) -> None:
    """Every reporter of the report and of its duplicates is told, with the reason."""
    difficulty = fresh(difficulty)
    _tell(
        reporters_of(difficulty),
        lambda report: (
            _("Votre signalement %(code)s") % {"code": report.tracking_code},
            _(
                "Votre signalement ne relève pas de ce dispositif et n'a pas été retenu. "
                "Motif : %(reason)s"
            )
            % {"reason": difficulty.rejection_reason},
        ),
    )


def officer_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.PROGRAMME_OFFICER)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def escalated(difficulty: Difficulty) -> None:
    difficulty = Difficulty.objects.select_related("referred_to", "embassy").get(pk=difficulty.pk)
    url = link(reverse("difficulties:detail", args=[difficulty.pk]))
    mail_later(
        (
            _("Transmission en retard : %(code)s") % {"code": difficulty.tracking_code},
            _(
                "La réponse de « %(administration)s » au signalement %(code)s était "
                "attendue le %(due)s.\n\n%(url)s\n"
            )
            % {
                "administration": difficulty.referred_to or "",
                "code": difficulty.tracking_code,
                "due": difficulty.due_date,
                "url": url,
            },
            [email],
        )
        for email in officer_addresses()
    )
