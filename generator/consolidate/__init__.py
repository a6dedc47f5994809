"""Consolidation: agencies' submissions → one consolidated document with computed tables,
appendices, a status list, reminders, a PDF dossier and an XLSX workbook (``vanban
consolidate``), and XLSX forms for the agencies (``vanban form``).

A plan folder is ``plan.yaml`` plus one file per submission in ``units/`` (the format:
``content/plans/README.md``). The modules, in the order a run uses them:

``plan``         the plan file, validated, with located messages
``expressions``  the plan's formulas, checks and flag (sandboxed Jinja2 expressions)
``submissions``  one YAML file or filled XLSX form → a valid or invalid submission
``forms``        the XLSX forms: written per agency, read back as submissions
``status``       on time, late by N days, missing, invalid, replaced, conflicting
``aggregate``    the figures, computed once per agency, group and scope
``tables``       a plan table laid out for a scope (the DOCX and the XLSX share it)
``document``     the plan's Document templates filled in, with the computed blocks
``outputs``      which documents are written, and where
``workbook``     the summary XLSX
``pdfs``         DOCX → PDF (the LibreOffice pool, or one soffice run without it)
``dossier``      the merged PDF with bookmarks and page labels
``run``          the pipeline; ``commands`` the two subcommands
"""
