"""Bulk import of associations and experts from the CSV files embassies keep.

A file goes through three steps:

1. it is read (`reading`): size, encoding (UTF-8 with or without BOM, else
   Windows-1252 as Excel writes it), delimiter (`;` or `,`), header (French column
   names, the model's English field names accepted too; `columns`);
2. every row is validated (`validation`) with the registry's own forms and rules
   (`row_forms`), reference codes being resolved from tables loaded once per file
   (`references`); nothing is written;
3. only when no row is in error, every row is created through the registry
   services inside one transaction (`batches`), so that any failure leaves
   nothing behind.

Line numbers are physical lines of the file, the header being line 1.
"""

from registry.importing.batches import import_batch, preview_batch, save_batch
from registry.importing.columns import COLUMNS, Column, column_label
from registry.importing.errors import AlreadyImported, ImportFileError, ImportRefused, RowError
from registry.importing.reading import ParsedFile, ParsedRow, check_size, decode, parse, read
from registry.importing.references import References, reference_codes
from registry.importing.row_forms import AssociationRowForm, ExpertRowForm
from registry.importing.validation import Preview, RowResult, validate

__all__ = [
    "COLUMNS",
    "AlreadyImported",
    "AssociationRowForm",
    "Column",
    "ExpertRowForm",
    "ImportFileError",
    "ImportRefused",
    "ParsedFile",
    "ParsedRow",
    "Preview",
    "References",
    "RowError",
    "RowResult",
    "check_size",
    "column_label",
    "decode",
    "import_batch",
    "parse",
    "preview_batch",
    "read",
    "reference_codes",
    "save_batch",
    "validate",
]
