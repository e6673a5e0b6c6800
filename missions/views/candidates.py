"""A need's candidates: the expert's application, the ranked candidates the officer
and the host read (with why each ranks where it does), and the officer's invitation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Source
from missions import access, matching, services
from missions.choices import NeedStatus
from missions.forms.needs import ApplyForm, InviteForm
from missions.models import Mission, MissionNeed
from missions.selectors import needs as selectors
from missions.views.needs import visible_need
from processes.forms import style
from processes.page_actions import deny_unless, write_from_page


def _apply_page(
    request: HttpRequest,
    need: MissionNeed,
    form: ApplyForm,
    *,
    problems: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    style(form)
    return render(
        request,
        "missions/need_apply.html",
        {"need": need, "form": form, "problems": problems},
        status=status,
    )


def _candidacy(
    request: HttpRequest,
    need: MissionNeed,
    form: forms.Form,
    write: Callable[[], Mission],
    *,
    done: str,
    again: Callable[[Sequence[str]], HttpResponse],
    then: str = "",
) -> HttpResponse:
    """Write a candidacy from a page: `then` (the mission's page by default) saying
    `done`, or `again(problems)` when the rules refuse it."""
    written = write_from_page(request, need, form, write, listed=True)
    if written.answer is not None:
        return written.answer
    if not written.done:
        return again(written.problems)
    messages.success(request, done)
    return redirect(then or written.value)


@login_required
def need_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's application to a published need, with its motivation."""
    user = request.user
    need = visible_need(request, pk)
    deny_unless(access.can_apply(user, need))
    own = selectors.own_mission(user, need)
    if own is not None:
        messages.info(request, _("Vous êtes déjà candidat ou invité sur cette demande."))
        return redirect(own)
    if request.method != "POST":
        return _apply_page(request, need, ApplyForm())
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _apply_page(request, need, form, status=400)
    return _candidacy(
        request,
        need,
        form,
        lambda: services.mission_apply(
            need=need, by=user, source=Source.WEB, motivation=form.cleaned_data["motivation"]
        ),
        done=_(
            "Votre candidature est envoyée : l'établissement « %(host)s » l'examinera, "
            "vous serez informé par e-mail."
        )
        % {"host": need.host},
        again=lambda problems: _apply_page(request, need, form, problems=problems, status=400),
    )


def candidates_page(
    request: HttpRequest,
    need: MissionNeed,
    *,
    problems: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    """The experts already on the need (with their mission's state), then the ranked
    candidates with the reasons of their rank; contacts only where `user` sees them."""
    user = request.user
    ranked = selectors.ranked_candidates(need)
    missions = selectors.missions_of_need(user, need)
    contacts = access.contacts_seen(user, [c.expert for c in ranked] + [m.expert for m in missions])
    may_invite = access.can_invite(user, need).allowed and need.status == NeedStatus.PUBLISHED
    return render(
        request,
        "missions/candidates.html",
        {
            "need": need,
            "missions": [(m, m.expert_id in contacts) for m in missions],
            "rows": [
                {
                    "rank": rank,
                    "candidate": candidate,
                    "expert": candidate.expert,
                    "reasons": matching.reason_lines(candidate),
                    "contact": candidate.expert.pk in contacts,
                }
                for rank, candidate in enumerate(ranked, start=1)
            ],
            "can_invite": may_invite,
            "problems": problems,
            "invite_url": reverse("missions:need_invite", args=[need.pk]),
        },
        status=status,
    )


@login_required
def need_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_need(request, pk, for_page=False)
    deny_unless(access.can_see_candidates(request.user, need))
    return candidates_page(request, need)


@login_required
@require_POST
def need_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer invites one of the ranked experts; the expert is told by mail."""
    user = request.user
    need = visible_need(request, pk, for_page=False)
    deny_unless(access.can_invite(user, need))
    form = InviteForm(request.POST)
    if not form.is_valid():
        return candidates_page(
            request, need, problems=[_("Choisissez un expert de la liste.")], status=400
        )
    expert = form.cleaned_data["expert"]
    return _candidacy(
        request,
        need,
        form,
        lambda: services.mission_invite(
            need=need,
            expert=expert,
            by=user,
            source=Source.WEB,
            comment=form.cleaned_data["comment"],
        ),
        done=_("%(expert)s est invité sur cette demande : il en est informé par e-mail.")
        % {"expert": expert},
        again=lambda problems: candidates_page(request, need, problems=problems, status=400),
        then=reverse("missions:need_candidates", args=[need.pk]),
    )
