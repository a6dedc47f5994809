"""Mail merge: one document per row of a spreadsheet (XLSX/CSV) through a template, built
in process or by workers behind a Redis queue (RQ); ``vanban merge`` and ``merge-worker``."""
