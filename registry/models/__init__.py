"""RECOATEX: embassies, Togo's geography, diaspora associations and experts."""

from registry.models.associations import (
    IDENTITY_FIELDS,
    Association,
    AssociationStatus,
    Membership,
    MembershipRole,
    current_year,
)
from registry.models.experts import Expert
from registry.models.geography import (
    Embassy,
    EmbassyGroupObjectPermission,
    EmbassyUserObjectPermission,
    Jurisdiction,
    Prefecture,
    Region,
)
from registry.models.imports import ImportBatch, ImportKind, ImportStatus
from registry.models.reference import (
    Bilingual,
    CompetenceDomain,
    EducationLevel,
    Sector,
    SectorChoice,
    SpokenLanguage,
)

__all__ = [
    "IDENTITY_FIELDS",
    "Association",
    "AssociationStatus",
    "Bilingual",
    "CompetenceDomain",
    "EducationLevel",
    "Embassy",
    "EmbassyGroupObjectPermission",
    "EmbassyUserObjectPermission",
    "Expert",
    "ImportBatch",
    "ImportKind",
    "ImportStatus",
    "Jurisdiction",
    "Membership",
    "MembershipRole",
    "Prefecture",
    "Region",
    "Sector",
    "SectorChoice",
    "SpokenLanguage",
    "current_year",
]
