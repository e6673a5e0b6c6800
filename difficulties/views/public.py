"""The public pages: the report form, its confirmation, the tracking page, the online
services. No account is needed for any of them; the tracking code is the reporter's
only credential, and the pages it opens show nothing personal (docs/difficulties.md,
« Decisions »)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Source
from difficulties import access, services
from difficulties.choices import DifficultyStatus
from difficulties.codes import code_of_token, new_code, normalise_code, token_expired
from difficulties.forms.public import FeedbackForm, LookupForm, ReportForm
from difficulties.limits import (
    TooManyRequests,
    check_attempt_rate,
    check_lookup_rate,
    check_report_rate,
)
from difficulties.models import Difficulty, OnlineService
from processes.forms import add_refusal, style
from processes.transitions import ActionRefused, ConditionsUnmet, InvalidState
from registry.models import Jurisdiction

S = DifficultyStatus

UNKNOWN_CODE = gettext_lazy(
    "Aucun signalement ne porte ce code. Vérifiez-le sur le message reçu à l'envoi."
)


def private(response: HttpResponse) -> HttpResponse:
    """A page whose address holds a tracking code or a token: the address is never sent
    to another site (its template also asks search engines not to index it). Not
    `no-referrer`: a browser would then send its forms (the confirmation, the
    feedback) with `Origin: null`, which the CSRF check refuses."""
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def refused(
    request: HttpRequest,
    refusal: ActionRefused | str | Promise,
    *,
    status: int = 400,
    title: str = "",
) -> HttpResponse:
    """A refusal in words, on a page of its own, with its status (400, 409, 429…)."""
    if isinstance(refusal, ActionRefused):
        status, reason = refusal.status, refusal.detail
    else:
        reason = str(refusal)
    context = {"title": title or _("Demande refusée"), "reason": reason}
    response = render(request, "difficulties/public/refused.html", context, status=status)
    return private(response)


def active_services() -> list[OnlineService]:
    return list(OnlineService.objects.filter(active=True))


def service_for(category: str, offered: list[OnlineService]) -> OnlineService | None:
    """The online service that answers a category of difficulty, if one does."""
    return next((service for service in offered if category in service.categories), None)


# --- The form ----------------------------------------------------------------------


def _report_page(request: HttpRequest, form: ReportForm, *, status: int = 200) -> HttpResponse:
    style(form)
    embassies = (
        Jurisdiction.objects.select_related("embassy")
        .order_by("country")
        .only("country", "embassy__name")
    )
    context = {
        "form": form,
        "services": active_services(),
        "embassies": [(str(j.country), j.embassy.name) for j in embassies],
    }
    return render(request, "difficulties/public/report_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _report_page(request, ReportForm())
    try:
        check_attempt_rate(request)
    except TooManyRequests as refusal:
        return refused(request, refusal, title=_("Trop de tentatives"))
    form = ReportForm(request.POST, request.FILES)
    if form.trapped:
        # Answered as a success, with a code no report holds: nothing is registered.
        return _sent(new_code(), request.POST.get("category", ""))
    if not form.is_valid():
        return _report_page(request, form, status=400)
    email = form.cleaned_data["email"]
    try:
        difficulty, created = services.difficulty_report(
            fields=form.service_fields(),
            pieces=form.cleaned_data["pieces"],
            by=request.user,
            source=Source.WEB,
            admit=lambda: check_report_rate(request, email),
        )
    except TooManyRequests as refusal:
        return refused(request, refusal, title=_("Trop de signalements"))
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        return _report_page(request, form, status=400)
    if not created:
        # The same report again: its code goes to its own address, never to this page.
        reason = services.already_sent_sentence(difficulty)
        return refused(request, reason, status=200, title=_("Signalement déjà envoyé"))
    return _sent(difficulty.tracking_code, difficulty.category)


def _sent(code: str, category: Any) -> HttpResponse:
    url = reverse("difficulties:reported", args=[code])
    return redirect(f"{url}?{urlencode({'category': str(category)[:40]})}")


@require_GET
def reported(request: HttpRequest, code: str) -> HttpResponse:
    """The report is sent: its code, and what happens next. The page reads the same for
    any well-formed code (the honeypot's answer holds one no report has): it never
    looks the code up, so it tells nobody which codes exist; the online service
    suggested follows the category named in the address."""
    normalised = normalise_code(code)
    if normalised is None:
        return refused(request, UNKNOWN_CODE, status=404, title=_("Code inconnu"))
    category = request.GET.get("category", "")
    context = {"code": normalised, "service": service_for(category, active_services())}
    return private(render(request, "difficulties/public/reported.html", context))


# --- The confirmation link -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link changes nothing (a mail scanner follows links): the button does.
    Pressing it again is harmless."""
    code = code_of_token(token)
    difficulty = access.by_tracking_code(code) if code else None
    if difficulty is None:
        if code is not None or token_expired(token):
            reason = _(
                "Ce lien de confirmation a expiré : envoyez à nouveau votre signalement "
                "depuis le formulaire."
            )
        else:
            reason = _(
                "Ce lien de confirmation n'est pas valide : vérifiez qu'il a été copié en "
                "entier depuis le message reçu."
            )
        return refused(request, reason, title=_("Lien de confirmation"))
    confirmed = False
    if request.method == "POST":
        confirmed = difficulty.status == S.UNCONFIRMED
        try:
            difficulty = services.difficulty_confirm_by_link(
                difficulty=difficulty, source=Source.WEB
            )
        except InvalidState:
            # Confirmed meanwhile (the button pressed twice at once): already confirmed.
            difficulty.refresh_from_db()
            confirmed = False
    context = {"difficulty": difficulty, "token": token, "confirmed": confirmed}
    return private(render(request, "difficulties/public/confirm.html", context))


# --- Following a report with its code ------------------------------------------------


def _lookup_page(request: HttpRequest, form: LookupForm, *, status: int = 200) -> HttpResponse:
    style(form)
    response = render(request, "difficulties/public/lookup.html", {"form": form}, status=status)
    return private(response)


def _unknown(request: HttpRequest, typed: str) -> HttpResponse:
    form = LookupForm({"code": typed})
    form.is_valid()
    form.add_error("code", UNKNOWN_CODE)
    return _lookup_page(request, form, status=404)


@require_GET
def tracking_lookup(request: HttpRequest) -> HttpResponse:
    if "code" not in request.GET:
        return _lookup_page(request, LookupForm())
    try:
        check_lookup_rate(request)
    except TooManyRequests as refusal:
        return refused(request, refusal, title=_("Trop de consultations"))
    form = LookupForm(request.GET)
    if not form.is_valid():
        return _lookup_page(request, form, status=400)
    difficulty = access.by_tracking_code(form.cleaned_data["code"])
    if difficulty is None:
        return _unknown(request, form.cleaned_data["code"])
    return redirect("difficulties:tracking", code=difficulty.tracking_code)


def _tracking_page(
    request: HttpRequest, difficulty: Difficulty, form: FeedbackForm | None, *, status: int = 200
) -> HttpResponse:
    main = difficulty.main
    # The form whenever the report is answered, to whoever is not the register's staff.
    asks = difficulty.status == S.ANSWERED and access.speaks_as_reporter(request.user).allowed
    if form is None and asks:
        form = FeedbackForm()
    if form is not None:
        style(form)
    context: dict[str, Any] = {
        "difficulty": difficulty,
        "main": main,
        "answers": list(main.answers.select_related("administration")),
        "form": form if asks else None,
    }
    response = render(request, "difficulties/public/tracking.html", context, status=status)
    return private(response)


@require_http_methods(["GET", "POST"])
def tracking(request: HttpRequest, code: str) -> HttpResponse:
    try:
        check_lookup_rate(request)
    except TooManyRequests as refusal:
        return refused(request, refusal, title=_("Trop de consultations"))
    difficulty = access.by_tracking_code(code)
    if difficulty is None:
        return _unknown(request, code[:40])
    if difficulty.tracking_code != code:
        return redirect("difficulties:tracking", code=difficulty.tracking_code)
    if request.method != "POST":
        return _tracking_page(request, difficulty, None)
    return _feedback(request, difficulty)


def _feedback(request: HttpRequest, difficulty: Difficulty) -> HttpResponse:
    staff = access.speaks_as_reporter(request.user)
    if not staff:
        return refused(request, staff.reason, status=403, title=_("Votre avis"))
    if difficulty.status != S.ANSWERED:
        return _feedback_refused(request, difficulty)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _tracking_page(request, difficulty, form, status=400)
    try:
        services.give_feedback(
            difficulty=difficulty,
            resolved=form.cleaned_data["resolved"],
            note=form.cleaned_data["note"],
            source=Source.WEB,
            by=request.user,
        )
    except InvalidState:
        difficulty.refresh_from_db()
        return _feedback_refused(request, difficulty)
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        return _tracking_page(request, difficulty, form, status=400)
    messages.success(request, _("Merci : votre avis est enregistré."))
    return redirect("difficulties:tracking", code=difficulty.tracking_code)


def _feedback_refused(request: HttpRequest, difficulty: Difficulty) -> HttpResponse:
    if difficulty.feedback_at is not None:
        reason = _("Votre avis sur cette réponse a déjà été reçu : il ne se donne qu'une fois.")
    else:
        reason = _(
            "Votre avis se donne une fois la réponse apportée ; ce signalement est « %(status)s »."
        ) % {"status": difficulty.get_status_display()}
    return refused(request, reason, status=409, title=_("Votre avis"))


# --- The online services -------------------------------------------------------------


@require_GET
def online_services(request: HttpRequest) -> HttpResponse:
    """The online services the ministry promotes; officers see the hidden ones too, and
    add and edit them."""
    keeps = access.can_keep_reference(request.user).allowed
    shown = OnlineService.objects.all() if keeps else OnlineService.objects.filter(active=True)
    context = {"services": list(shown), "can_keep": keeps}
    return render(request, "difficulties/public/online_services.html", context)
