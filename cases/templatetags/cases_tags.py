"""Template helpers of the case pages: status colours and navigation links."""

from __future__ import annotations

from django import template

from cases import home
from processes.pages import status_classes

register = template.Library()

# `{{ case.status|case_status_css }}` → the badge classes of a case status.
register.filter("case_status_css", status_classes(home.STATUS_CSS))
register.filter("referral_css", status_classes(home.REFERRAL_CSS))
register.simple_tag(home.case_links)
