"""Routing of a case's work (viewflow).

The business status lives in `Case.status` (django-fsm-2). The caseworker's
steps are assigned to the case's caseworker; plan and closure decisions go to
the supervisors. A reopened case starts a new process.

    start ─► assess ─► plan_review ─┬─► support ─► closure_review ─┬─► end
               ▲                    │      ▲                        │
               └────────────────────┘      └────────────────────────┘
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation

from cases.models import CaseProcess, CaseStatus


def open_case(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Every task is done on the case's own page."""
    process = CaseProcess.objects.get(pk=kwargs["process_pk"])
    return redirect(process.case)


def _caseworker(activation: Activation) -> Any:
    process: CaseProcess = activation.process
    return process.case.caseworker


def _is(*statuses: CaseStatus) -> Any:
    def check(activation: Activation) -> bool:
        process: CaseProcess = activation.process
        return process.case.status in statuses

    return check


class CaseFlow(flow.Flow):
    """Dossier de réintégration

    Assessment and plan by the caseworker, plan approval by a supervisor,
    support and follow-up, closure approved by a supervisor.
    """

    process_class = CaseProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.assess)
    assess = (
        flow.View(open_case)
        .Annotation(title=_("Évaluer et proposer un plan"))
        .Assign(_caseworker)
        .Permission("cases.work_case")
        .Next(this.plan_review)
    )
    plan_review = (
        flow.View(open_case)
        .Annotation(title=_("Décider du plan de réintégration"))
        .Permission("cases.decide_plan")
        .Next(this.after_plan_review)
    )
    after_plan_review = (
        flow.Switch().Case(this.support, _is(CaseStatus.IN_SUPPORT)).Default(this.assess)
    )
    support = (
        flow.View(open_case)
        .Annotation(title=_("Accompagner, orienter et suivre"))
        .Assign(_caseworker)
        .Permission("cases.work_case")
        .Next(this.closure_review)
    )
    closure_review = (
        flow.View(open_case)
        .Annotation(title=_("Décider de la clôture"))
        .Permission("cases.decide_closure")
        .Next(this.after_closure_review)
    )
    after_closure_review = (
        flow.Switch().Case(this.end, _is(CaseStatus.CLOSED)).Default(this.support)
    )
    end = flow.End()

    def start_process(self, activation: Activation, case: Any) -> CaseProcess:
        activation.process.case = case
        return activation.process
