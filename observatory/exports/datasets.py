"""What each export holds: the rows of one list page, as its user sees them with its
filters, and the columns they are written in.

Each dataset reads its list's own selector and filter form (`workflows.selectors.
proposals_for_list` and `filter_proposals`, `cases.selectors.case_rows` and
`filter_cases`, `registry.selectors.association_rows`, `expert_rows`…): the export
holds exactly the rows the list page would page through, never a second definition of
who sees what. Unlike the page, which drops a filter it cannot read, an export refuses
it (`ConditionsUnmet`, a 400 with the reason).

Rows are read in keyset chunks of `CHUNK_ROWS` (one query per chunk and one per
prefetched relation, whatever the number of rows) and yielded one by one: never a list
of every row. Headers are in the interface's language (French by default); codes are
put into words (statuses, sectors, countries), money is in whole francs, days are
dates (ISO in the files).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.types import AnyUser
from cases import access as cases_access
from cases import selectors as cases_selectors
from cases.forms import CaseFilterForm
from cases.models import Case
from processes.forms import FilterForm
from processes.pages import keyset_page
from processes.transitions import ConditionsUnmet
from registry import access as registry_access
from registry import selectors as registry_selectors
from registry.forms import AssociationFilterForm, ExpertFilterForm
from registry.models import Association, Expert
from workflows import selectors as workflows_selectors
from workflows.forms import ProposalFilterForm
from workflows.home import is_member_only
from workflows.models import (
    Contribution,
    ContributionKind,
    ContributionSource,
    Proposal,
    Tranche,
)

CHUNK_ROWS = 500

Filters = dict[str, Any]


def chunked(
    queryset: QuerySet[Any], order: Sequence[str], size: int = CHUNK_ROWS
) -> Iterator[list[Any]]:
    """Every row of `queryset` in `order` (ending with a unique field), one keyset page of
    `size` rows at a time."""
    after = ""
    while True:
        page = keyset_page(queryset, order, after=after, size=size)
        if page.rows:
            yield page.rows
        if not page.next_cursor:
            return
        after = page.next_cursor


def day(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """The day of a date or of a moment (in the local time zone)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def words(model: type[models.Model], name: str) -> Callable[[Any], str]:
    """A code of the field `name` in words (its choice's label, a country's name), in the
    language active when the export starts: the labels are read once per export, not
    once per row."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    labels = {str(code): str(label) for code, label in field.flatchoices}

    def word(code: Any) -> str:
        text = str(code or "")
        return labels.get(text, text)

    return word


def worded(model: type[models.Model], name: str) -> Callable[[Any], str]:
    """A column's value: the object's field `name` in words."""
    word = words(model, name)
    return lambda obj: word(getattr(obj, name))


def name_of(obj: Any) -> str:
    return str(obj) if obj is not None else ""


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Any]


@dataclass
class Table:
    """The columns of one export and its rows (an iterator: read once)."""

    columns: list[str]
    rows: Iterator[list[Any]]


class Dataset:
    """One list that can be exported."""

    kind: str = ""
    form_class: type[FilterForm] = FilterForm
    # The rows' order: the list page's, ending with a unique field.
    order: tuple[str, ...] = ("-id",)

    def allowed(self, user: AnyUser) -> bool:
        return bool(user.is_authenticated)

    def form(self, user: AnyUser, params: Mapping[str, Any] | None) -> FilterForm:
        return self.form_class(params)

    def given(self, user: AnyUser, params: Mapping[str, Any]) -> dict[str, str]:
        """The filters sent that this list reads (names and values as sent): what the
        export records and reads again."""
        names = self.form(user, None).fields
        return {name: str(params.get(name)) for name in names if params.get(name)}

    def clean(self, user: AnyUser, params: Mapping[str, Any]) -> Filters:
        """The list's filters read from `params`; a value it cannot read is refused."""
        form = self.form(user, self.given(user, params))
        if not form.is_valid():
            errors = {name: [str(e) for e in found] for name, found in form.errors.items()}
            raise ConditionsUnmet(
                [
                    _("Filtre « %(name)s » : %(error)s") % {"name": name, "error": found[0]}
                    for name, found in errors.items()
                ],
                fields=errors,
            )
        return {name: value for name, value in form.cleaned_data.items() if value}

    def queryset(self, user: AnyUser, filters: Filters) -> QuerySet[Any]:
        raise NotImplementedError

    def fields(self, user: AnyUser, filters: Filters) -> list[Column]:
        raise NotImplementedError

    def attach(self, chunk: list[Any]) -> None:
        """Read what the rows of `chunk` need besides themselves (a few queries per
        chunk, never one per row)."""

    def count(self, user: AnyUser, filters: Filters) -> int:
        return self.queryset(user, filters).count()

    def columns(self, user: AnyUser, filters: Filters) -> list[str]:
        return [str(column.header) for column in self.fields(user, filters)]

    def rows(self, user: AnyUser, filters: Filters) -> Iterator[list[Any]]:
        return self.table(user, filters).rows

    def table(self, user: AnyUser, filters: Filters) -> Table:
        fields = self.fields(user, filters)
        queryset = self.queryset(user, filters)

        def rows() -> Iterator[list[Any]]:
            for chunk in chunked(queryset, self.order):
                self.attach(chunk)
                for obj in chunk:
                    yield [column.value(obj) for column in fields]

        return Table(columns=[str(column.header) for column in fields], rows=rows())


# --- Proposals ------------------------------------------------------------------------


def _contribution(source: str, kind: str) -> Callable[[Any], int]:
    return lambda proposal: proposal.export_sums.get((source, kind), 0)


def _tranche(number: int, value: Callable[[dict[str, Any]], Any]) -> Callable[[Any], Any]:
    def read(proposal: Any) -> Any:
        tranche = proposal.export_tranches.get(number)
        return value(tranche) if tranche is not None else None

    return read


def _paid(proposal: Any) -> int:
    return sum(t["amount"] for t in proposal.export_tranches.values() if t["paid_on"])


class ProposalDataset(Dataset):
    """One row per proposal: the proposal, its contributions summed by source and kind
    (one column each), then for each tranche number its amount, status and payment day."""

    kind = "proposals"
    form_class = ProposalFilterForm

    def queryset(self, user: AnyUser, filters: Filters) -> QuerySet[Any]:
        proposals = workflows_selectors.proposals_for_list(user)
        if not is_member_only(user):
            proposals = workflows_selectors.filter_proposals(proposals, filters)
        return proposals

    def attach(self, chunk: list[Any]) -> None:
        """Each proposal's contributions summed by source and kind (in SQL) and its
        tranches by number (as plain values)."""
        ids = [proposal.pk for proposal in chunk]
        sums: dict[int, dict[tuple[str, str], int]] = {pk: {} for pk in ids}
        summed = (
            Contribution.objects.filter(proposal_id__in=ids)
            .order_by()
            .values_list("proposal_id", "source", "kind")
            .annotate(total=Sum("amount"))
        )
        for pk, source, kind, total in summed:
            sums[pk][(source, kind)] = total
        tranches: dict[int, dict[int, dict[str, Any]]] = {pk: {} for pk in ids}
        for tranche in Tranche.objects.filter(proposal_id__in=ids).values(
            "proposal_id", "number", "amount", "status", "paid_on"
        ):
            tranches[tranche["proposal_id"]][tranche["number"]] = tranche
        for proposal in chunk:
            proposal.export_sums = sums[proposal.pk]
            proposal.export_tranches = tranches[proposal.pk]

    def fields(self, user: AnyUser, filters: Filters) -> list[Column]:
        proposals = self.queryset(user, filters).order_by().values("pk")
        last = Tranche.objects.filter(proposal__in=proposals).aggregate(n=Max("number"))["n"] or 0
        columns = [
            Column(gettext_lazy("Référence"), lambda p: p.reference),
            Column(gettext_lazy("Intitulé"), lambda p: p.title),
            Column(gettext_lazy("Appel"), lambda p: p.call.title),
            Column(gettext_lazy("Année de l'appel"), lambda p: p.call.year),
            Column(gettext_lazy("Association"), lambda p: p.association.name),
            Column(gettext_lazy("Statut"), worded(Proposal, "status")),
            Column(gettext_lazy("Secteur"), worded(Proposal, "sector")),
            Column(gettext_lazy("Région"), lambda p: name_of(p.region)),
            Column(gettext_lazy("Préfecture"), lambda p: name_of(p.prefecture)),
            Column(gettext_lazy("Localité"), lambda p: p.locality),
            Column(gettext_lazy("Soumis le"), lambda p: day(p.submitted_at)),
            Column(gettext_lazy("Décidé le"), lambda p: day(p.decided_at)),
            Column(gettext_lazy("Subvention accordée (FCFA)"), lambda p: p.grant_amount),
            Column(gettext_lazy("Tranches payées (FCFA)"), _paid),
        ]
        for source, source_label in ContributionSource.choices:
            for kind, kind_label in ContributionKind.choices:
                header = _("Apport %(source)s, %(kind)s (FCFA)") % {
                    "source": source_label,
                    "kind": str(kind_label).lower(),
                }
                columns.append(Column(header, _contribution(source, kind)))
        status = words(Tranche, "status")
        for number in range(1, last + 1):
            columns += [
                Column(
                    _("Tranche %(n)s : montant (FCFA)") % {"n": number},
                    _tranche(number, lambda t: t["amount"]),
                ),
                Column(
                    _("Tranche %(n)s : statut") % {"n": number},
                    _tranche(number, lambda t: status(t["status"])),
                ),
                Column(
                    _("Tranche %(n)s : payée le") % {"n": number},
                    _tranche(number, lambda t: t["paid_on"]),
                ),
            ]
        return columns


# --- Cases ------------------------------------------------------------------------------


class CaseDataset(Dataset):
    """The cases of a supervisor's list, without what identifies the returnee or what is
    sensitive (docs/observatory.md, « Exports »): no name, phone, vulnerabilities,
    health notes, immediate needs, assessment, notes or scores."""

    kind = "cases"
    form_class = CaseFilterForm

    def allowed(self, user: AnyUser) -> bool:
        return cases_access.is_supervisor(user)

    def form(self, user: AnyUser, params: Mapping[str, Any] | None) -> FilterForm:
        return CaseFilterForm(params, caseworkers=cases_selectors.caseworkers())

    def queryset(self, user: AnyUser, filters: Filters) -> QuerySet[Any]:
        return cases_selectors.filter_cases(cases_selectors.case_rows(user), filters)

    def fields(self, user: AnyUser, filters: Filters) -> list[Column]:
        return [
            Column(gettext_lazy("Référence"), lambda c: c.reference),
            Column(gettext_lazy("Statut"), worded(Case, "status")),
            Column(gettext_lazy("Sexe"), worded(Case, "sex")),
            Column(gettext_lazy("Année de naissance"), lambda c: c.birth_year),
            Column(gettext_lazy("Date de retour"), lambda c: c.return_date),
            Column(gettext_lazy("Pays de retour"), worded(Case, "returned_from")),
            Column(gettext_lazy("Type de retour"), worded(Case, "return_type")),
            Column(gettext_lazy("Région"), lambda c: name_of(c.region)),
            Column(gettext_lazy("Préfecture"), lambda c: name_of(c.prefecture)),
            Column(gettext_lazy("Consentement recueilli"), lambda c: yes_no(c.consent_given)),
            Column(
                gettext_lazy("Travailleur social"),
                lambda c: (
                    c.caseworker.get_full_name() or c.caseworker.get_username()
                    if c.caseworker
                    else ""
                ),
            ),
            Column(gettext_lazy("Orientations en retard"), lambda c: c.overdue_referrals),
            Column(gettext_lazy("Ouvert le"), lambda c: day(c.created_at)),
            Column(gettext_lazy("Clôturé le"), lambda c: day(c.closed_at)),
            Column(gettext_lazy("Motif de clôture"), worded(Case, "closure_reason")),
        ]


# --- The registry -------------------------------------------------------------------------


class AssociationDataset(Dataset):
    kind = "associations"
    form_class = AssociationFilterForm
    order = registry_selectors.ASSOCIATION_ORDER

    def queryset(self, user: AnyUser, filters: Filters) -> QuerySet[Any]:
        rows = registry_selectors.association_rows(user)
        return registry_selectors.filter_associations(rows, filters)

    def fields(self, user: AnyUser, filters: Filters) -> list[Column]:
        return [
            Column(gettext_lazy("Nom"), lambda a: a.name),
            Column(gettext_lazy("Sigle"), lambda a: a.acronym),
            Column(gettext_lazy("Statut"), worded(Association, "status")),
            Column(gettext_lazy("Pays"), worded(Association, "country")),
            Column(gettext_lazy("Ville"), lambda a: a.city),
            Column(gettext_lazy("Ambassade"), lambda a: name_of(a.embassy)),
            Column(gettext_lazy("Région d'origine"), lambda a: name_of(a.home_region)),
            Column(gettext_lazy("Préfecture d'origine"), lambda a: name_of(a.home_prefecture)),
            Column(gettext_lazy("Secteurs"), lambda a: ", ".join(str(s) for s in a.sectors.all())),
            Column(gettext_lazy("Année de création"), lambda a: a.founded_year),
            Column(gettext_lazy("Nombre de membres"), lambda a: a.members_count),
            Column(gettext_lazy("Personne de contact"), lambda a: a.contact_name),
            Column(gettext_lazy("E-mail de contact"), lambda a: a.contact_email),
            Column(gettext_lazy("Téléphone de contact"), lambda a: a.contact_phone),
            Column(gettext_lazy("Inscrite le"), lambda a: day(a.created_at)),
        ]


class ExpertDataset(Dataset):
    """The directory's experts who agreed to be listed (`consent_listed`), with what the
    directory shows of them (no e-mail, no phone)."""

    kind = "experts"
    form_class = ExpertFilterForm
    order = registry_selectors.EXPERT_ORDER

    def allowed(self, user: AnyUser) -> bool:
        return registry_access.can_search_experts(user)

    def queryset(self, user: AnyUser, filters: Filters) -> QuerySet[Any]:
        rows = registry_selectors.expert_rows(user).filter(consent_listed=True)
        return registry_selectors.filter_experts(rows, filters)

    def fields(self, user: AnyUser, filters: Filters) -> list[Column]:
        return [
            Column(gettext_lazy("Nom"), lambda e: e.last_name),
            Column(gettext_lazy("Prénom"), lambda e: e.first_name),
            Column(gettext_lazy("Profession"), lambda e: e.profession),
            Column(gettext_lazy("Niveau d'études"), worded(Expert, "education_level")),
            Column(gettext_lazy("Domaine d'études"), lambda e: e.education_field),
            Column(
                gettext_lazy("Domaines de compétence"),
                lambda e: ", ".join(d.label for d in e.competences.all()),
            ),
            Column(gettext_lazy("Langues"), lambda e: ", ".join(e.language_labels())),
            Column(gettext_lazy("Pays de résidence"), worded(Expert, "country")),
            Column(gettext_lazy("Ville de résidence"), lambda e: e.city),
            Column(gettext_lazy("Ambassade"), lambda e: name_of(e.embassy)),
            Column(gettext_lazy("Région d'origine"), lambda e: name_of(e.home_region)),
            Column(
                gettext_lazy("Disponible pour enseigner"), lambda e: yes_no(e.available_teaching)
            ),
            Column(
                gettext_lazy("Disponible pour des missions médicales"),
                lambda e: yes_no(e.available_medical),
            ),
        ]


DATASETS: dict[str, Dataset] = {
    dataset.kind: dataset
    for dataset in (ProposalDataset(), CaseDataset(), AssociationDataset(), ExpertDataset())
}
