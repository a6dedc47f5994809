"""A row's figures (``hinh``), copied into the batch folder when the row is planned.

The template's pictures are read from the template file's folder (as ``vanban build`` reads
them from the content file's); each row's DOCX is written later, possibly by a queue worker
on another machine that shares only the batch folder. So the planned row names its pictures
by content — ``van-ban/hinh/<sha256>.png`` — which also makes a changed picture change the
row's content hash: a resumed batch rebuilds exactly the rows whose picture changed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from generator.images import EXTENSIONS, figures
from generator.model import Document
from generator.paths import OutputFolder

from .outputs import FILES_DIR

FIGURES_DIR = "hinh"  # under FILES_DIR, where a row's content is validated from


class BatchFigures:
    """The batch folder's copies of the figures' pictures, for every row of one run."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._output = OutputFolder(out_dir)
        self._written: set[str] = set()  # copies this run wrote or found: not read again

    def rename(self, document: Document, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with each figure's ``hinh`` renamed to its copy in the batch folder
        (written there once); raises :class:`~generator.paths.OutputError` when a copy cannot
        be written."""
        found = list(figures(document))
        if not found:
            return data
        data = copy.deepcopy(data)
        for path, figure in found:
            picture = figure.image
            name = f"{FIGURES_DIR}/{picture.digest}.{EXTENSIONS[picture.kind]}"
            if name not in self._written:
                target = self.out_dir / FILES_DIR / name
                if not (self._output.check(target).is_file()
                        and target.read_bytes() == picture.data):
                    self._output.write(target, picture.data)
                self._written.add(name)
            node: Any = data
            for key in path:
                node = node[key]
            node["hinh"] = name
        return data
