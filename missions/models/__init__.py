"""The solidarity volunteering missions (VSD): host institutions post needs, diaspora
experts are matched to them, and each mission (one expert on one need) runs from the
candidacy to the certified attestation (docs/missions.md).

`MissionNeed.status`, `Mission.status` and `ProfessionalLicence.status` are
django-fsm-2 fields fired only by `missions.services`; who sees and does what is
decided in `missions.access` only.
"""

from missions.models.base import (
    MAX_MISSION_DAYS,
    MAX_REPORTED_PEOPLE,
    MAX_VOLUNTEERS,
    CodeList,
    labels_of,
)
from missions.models.experts import Availability, ProfessionalLicence
from missions.models.institutions import HostInstitution
from missions.models.missions import Mission, MissionReport
from missions.models.needs import MissionNeed

__all__ = [
    "MAX_MISSION_DAYS",
    "MAX_REPORTED_PEOPLE",
    "MAX_VOLUNTEERS",
    "Availability",
    "CodeList",
    "HostInstitution",
    "Mission",
    "MissionNeed",
    "MissionReport",
    "ProfessionalLicence",
    "labels_of",
]
