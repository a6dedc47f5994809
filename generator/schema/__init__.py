"""JSON Schema of the content format, generated from :mod:`generator.model`.

The shipped file ``vanban.schema.json`` lets an editor with a YAML extension complete and
check fields as the clerk types (the sample files reference it in their first line). A
test keeps it equal to what the model generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("vanban.schema.json")


def json_schema() -> dict[str, Any]:
    from ..model import Document

    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vanban.local/schema/vanban.schema.json"
    return schema


def write_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")

