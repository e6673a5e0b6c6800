"""Returnee cases API (README.md, « The API »): `cases` (the case, its transitions and
history), `work` (assessment, plan, referrals, follow-ups, transfer), `documents`,
`referrals` (and the survey's indicators); `serializers` and `fields` they share."""

from cases.api.cases import CaseViewSet
from cases.api.referrals import ReferralViewSet, SurveyIndicatorViewSet

__all__ = ["CaseViewSet", "ReferralViewSet", "SurveyIndicatorViewSet"]
