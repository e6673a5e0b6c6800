"""The quarterly report: made by an officer for a past or current quarter, one per
quarter; making it again renders a new version of its document (the figures as they are
now), the earlier versions staying verifiable."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser, signed_in
from audit.models import Source
from audit.services import record_history
from difficulties import access
from difficulties.documents import QUARTERLY, request_quarterly_report
from difficulties.models import QuarterlyReport
from difficulties.quarterly import quarter_of
from documents.access import can_regenerate
from processes.transitions import ConditionsUnmet, NotAllowed, refuse_unless

# The first year the register could hold reports for.
FIRST_YEAR = 2020


def _refuse(field: str, message: str) -> ConditionsUnmet:
    return ConditionsUnmet([message], fields={field: [message]})


def check_quarter(year: int, quarter: int) -> None:
    """A real quarter, not in the future."""
    if quarter not in (1, 2, 3, 4):
        raise _refuse("quarter", _("Le trimestre est un nombre de 1 à 4."))
    current = quarter_of(timezone.localdate())
    if year < FIRST_YEAR:
        raise _refuse(
            "year",
            _("Le registre commence en %(first)s : choisissez une année à partir de celle-ci.")
            % {"first": FIRST_YEAR},
        )
    if (year, quarter) > current:
        raise _refuse(
            "quarter",
            _(
                "Ce trimestre n'a pas commencé : le rapport porte sur un trimestre passé "
                "ou en cours."
            ),
        )


def quarterly_report_make(
    *, year: int, quarter: int, by: AnyUser, source: Source | str
) -> tuple[QuarterlyReport, bool]:
    """The quarter's report and whether it is new. Its document is requested (rendered
    once this commits); for a report already made, a new version of it."""
    decision = access.can_make_report(by)
    if not decision:
        raise NotAllowed(decision.reason)
    check_quarter(year, quarter)
    existing = QuarterlyReport.objects.filter(year=year, quarter=quarter).first()
    if existing is not None:
        refuse_unless(
            can_regenerate(by, existing, QUARTERLY),
            obj=existing,
            action="regenerate",
            by=by,
            source=source,
        )
    with transaction.atomic():
        report, created = QuarterlyReport.objects.select_for_update().get_or_create(
            year=year, quarter=quarter, defaults={"created_by": signed_in(by)}
        )
        record_history(
            obj=report, action="create" if created else "regenerate", by=by, source=source
        )
        request_quarterly_report(report, by=by, source=source)
    return report, created
