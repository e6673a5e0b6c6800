"""Exports of the lists (proposals, cases, associations, experts) as CSV and XLSX:
what each holds (`datasets`), how the files are written (`writers`), how an export is
asked for and recorded (`services`), and its page and API (`views`, `api`).

See docs/observatory.md, « Exports ».
"""
