"""Consolidation: agencies' submissions → one consolidated document with computed tables,
appendices, a status list, reminders, a PDF dossier and an XLSX workbook (``vanban
consolidate``), and XLSX forms for the agencies (``vanban form``).

A plan folder is ``plan.yaml`` (see :mod:`.plan`) plus one file per submission in ``units/``.
"""
