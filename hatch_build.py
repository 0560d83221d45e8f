"""Build hook: compile the translation catalogues (``.po``) into the ``.mo`` files gettext reads.

Compiled catalogues are binary and would drift from their source, so they are never kept in the repository:
each wheel gets fresh ones, made here with Babel (needed only to build, not to run).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "secondop_tui"


class CompileCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        locale = Path(self.root) / "src" / PACKAGE / "locale"
        out = Path(tempfile.mkdtemp(prefix="secondop-mo-"))
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source)
            mo = out / po.relative_to(locale).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as target:
                write_mo(target, catalog)  # fuzzy entries are left out, as msgfmt does
            build_data["force_include"][str(mo)] = f"{PACKAGE}/locale/{mo.relative_to(out)}"
