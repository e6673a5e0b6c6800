"""E-mails to whoever must act next, and to the association at each decision.

Always composed from `transaction.on_commit`, so a rolled-back transition mails nobody,
and sent by the background queue (`processes.mail.mail_later`): one mail per recipient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import Role
from processes.mail import mail_later
from workflows.models import Proposal


def _link(proposal: Proposal) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('workflows:proposal_detail', args=[proposal.pk])}"


def _send(recipients: Iterable[str], subject: str, body: str) -> None:
    mail_later((subject, body, [email]) for email in sorted({r for r in recipients if r}))


def role_emails(role: Role) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=role.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def association_emails(proposal: Proposal) -> list[str]:
    association = proposal.association
    members = association.members.filter(is_active=True).exclude(email="")
    return [association.contact_email, *members.values_list("email", flat=True)]


def notify(recipients: Iterable[str], proposal: Proposal, subject: str, body: str) -> None:
    _send(
        recipients,
        f"[{proposal.reference}] {subject}",
        f"{body}\n\n{proposal.reference} — {proposal.title}\n{_link(proposal)}\n",
    )


def to_association(proposal: Proposal, subject: str, body: str) -> Callable[[], None]:
    """The association's mail about `proposal`, to send once the transaction commits."""
    return lambda: notify(association_emails(proposal), proposal, subject, body)


def to_role(role: Role, proposal: Proposal, subject: str, body: str) -> Callable[[], None]:
    """The mail to everyone holding `role`, to send once the transaction commits."""
    return lambda: notify(role_emails(role), proposal, subject, body)
