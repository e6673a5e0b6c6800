"""The evaluator's review form and review queue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role
from audit.models import Source
from processes.forms import add_refusal, style
from processes.page_actions import deny_unless, record_conflict
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from workflows import access, selectors, services
from workflows.forms import ReviewForm, weighted_score
from workflows.rules import Figures
from workflows.views.guards import deny_unless_role, visible_proposal


def _score_context(form: ReviewForm) -> dict[str, Any]:
    scores = form.typed_scores()
    return {
        "score": weighted_score(form.criteria, scores),
        "scored": len(scores),
        "criteria_count": len(form.criteria),
    }


@login_required
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = visible_proposal(request, pk)
    deny_unless(access.can_review(user, proposal))
    criteria = list(proposal.call.criteria.all())
    review = next(
        (
            r
            for r in proposal.reviews.all()
            if r.evaluator_id == user.pk and r.round == proposal.review_round
        ),
        None,
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = ReviewForm(criteria, request.POST, auto_id="id_%s")
        if request.headers.get("HX-Request"):
            return render(request, "workflows/_weighted_score.html", _score_context(form))
        form.is_valid()
        try:
            services.review_file(
                proposal=proposal,
                by=user,
                source=Source.WEB,
                scores=form.scores(),
                recommendation=form.cleaned_data.get("recommendation") or "",
                comment=form.cleaned_data.get("comment") or "",
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        except InvalidState as refusal:
            record_conflict(request, refusal, proposal)
            messages.error(request, refusal.detail)
            return redirect("workflows:review_queue")
        except ConditionsUnmet as refusal:
            form.mark_missing()
            add_refusal(form, {k: v for k, v in refusal.fields.items() if k != "scores"})
            problems = refusal.messages
            status = 400
        else:
            messages.success(
                request,
                _("Votre avis sur le projet %(reference)s est déposé.")
                % {"reference": proposal.reference},
            )
            return redirect("workflows:review_queue")
    elif review is not None and review.is_filed:
        form = ReviewForm(
            criteria,
            initial={
                "recommendation": review.recommendation,
                "comment": review.comment,
                **{ReviewForm.score_name(k): str(v) for k, v in review.scores.items()},
            },
        )
    else:
        form = ReviewForm(criteria)
    style(form)
    return render(
        request,
        "workflows/review_form.html",
        {
            "proposal": proposal,
            "form": form,
            "review": review,
            "filed": review is not None and review.is_filed,
            "problems": problems,
            "figures": Figures.of(proposal),
            "budget_lines": list(proposal.budget_lines.all()),
            "contributions": list(proposal.contributions.all()),
            "total_weight": sum((c.weight for c in criteria), Decimal(0)),
            **_score_context(form),
        },
        status=status,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless_role(request, _("Cette page est celle des évaluateurs techniques."), Role.EVALUATOR)
    pending = list(selectors.pending_reviews(user).select_related("proposal__association"))
    filed = list(selectors.filed_reviews(user)[:100])
    return render(request, "workflows/review_queue.html", {"pending": pending, "filed": filed})
