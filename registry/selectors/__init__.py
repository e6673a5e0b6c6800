"""Reads of the registry that depend on who asks (scoped through `access`).

Lists are paged with a keyset cursor on their ordering (`processes.pages`): a page costs one
query whatever the size of the table, and no one counts the rows a user may see.
"""

from registry.selectors.associations import (
    ACTION_LABELS,
    ASSOCIATION_ORDER,
    AssociationDetail,
    association_detail,
    association_for_page,
    association_page,
    association_rows,
    association_timeline,
    associations_to_verify,
    filter_associations,
    work_items,
)
from registry.selectors.experts import (
    EXPERT_ORDER,
    expert_competences,
    expert_for_page,
    expert_page,
    expert_rows,
    filter_experts,
)
from registry.selectors.geography import prefecture_choices, prefectures_of_region
from registry.selectors.home import (
    HomeItem,
    HomeSection,
    home_sections,
    registry_links,
    status_item,
)

__all__ = [
    "ACTION_LABELS",
    "ASSOCIATION_ORDER",
    "EXPERT_ORDER",
    "AssociationDetail",
    "HomeItem",
    "HomeSection",
    "association_detail",
    "association_for_page",
    "association_page",
    "association_rows",
    "association_timeline",
    "associations_to_verify",
    "expert_competences",
    "expert_for_page",
    "expert_page",
    "expert_rows",
    "filter_associations",
    "filter_experts",
    "home_sections",
    "prefecture_choices",
    "prefectures_of_region",
    "registry_links",
    "status_item",
    "work_items",
]
