"""Turning a Django template into a PDF/A-3b file with its data attached as JSON.

Generic: the caller names the template and gives the context; this module
knows nothing of proposals or cases. Templates are rendered with Django's
autoescaping, in French whatever the current request's language, and every
resource they load goes through `ProjectFetcher`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from documents.fetcher import ProjectFetcher

# WeasyPrint (and the fetcher built on it) is imported when a document is
# rendered, not when Django starts: it takes a second or so to load and most
# processes never render a PDF.

# Who issues every document (the letterhead of templates/documents/base.html).
MINISTRY = (
    "Ministère des Affaires étrangères, de l'Intégration africaine et des Togolais de l'Extérieur"
)
PDF_VARIANT = "pdf/a-3b"
JSON_NAME = "data.json"

# A font configuration loads the @font-face files once and is then reused by
# later renderings in the same thread (Pango objects are not shared between threads).
_fonts = threading.local()


class RenderingError(Exception):
    """The document could not be rendered (a refused or missing resource, a bad template)."""


def json_bytes(data: Mapping[str, Any]) -> bytes:
    """The embedded file's exact bytes: stable key order, UTF-8, readable."""
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, indent=2
    ).encode("utf-8")


def plain_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as it reads back from the embedded file (dates and decimals as strings)."""
    result: dict[str, Any] = json.loads(json_bytes(data))
    return result


def static_base_url() -> str:
    """The base against which templates' relative asset paths resolve (fonts/…)."""
    from documents.fetcher import STATIC_BASE, static_prefix

    return STATIC_BASE.rstrip("/") + static_prefix()


def _font_config() -> Any:
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def render_html(template_name: str, context: Mapping[str, Any]) -> str:
    with translation.override("fr"):
        return render_to_string(template_name, dict(context))


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    attachments_json: Mapping[str, Any],
    footer_fields: Mapping[str, str],
    json_description: str = "Données du document (JSON)",
    fetcher: ProjectFetcher | None = None,
) -> bytes:
    """Render `template_name` to PDF/A-3b bytes.

    `footer_fields` are printed in every page's footer by the base layout
    (`documents/base.html`); `attachments_json` is embedded as `data.json`.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    from documents.fetcher import ProjectFetcher

    url_fetcher = fetcher or ProjectFetcher()
    html = render_html(template_name, {**context, "footer": dict(footer_fields)})
    try:
        document = weasyprint.HTML(string=html, base_url=static_base_url(), url_fetcher=url_fetcher)
        data = weasyprint.Attachment(
            string=json_bytes(attachments_json),
            name=JSON_NAME,
            description=json_description,
            relationship="Data",
            url_fetcher=url_fetcher,
        )
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT, attachments=[data], font_config=_font_config()
        )
    except FatalURLFetchingError as refused:
        # WeasyPrint's fatal fetch error is a BaseException: turn it into an
        # ordinary error the callers record.
        cause = refused.__cause__ or refused
        raise RenderingError(f"{refused} ({cause})") from refused
    if not isinstance(pdf, bytes):
        raise RenderingError("WeasyPrint returned no PDF.")
    return pdf
