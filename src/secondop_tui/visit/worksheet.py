"""A short decision worksheet in our own words, after the Ottawa Personal Decision Guide.

The Ottawa guide's own text may not be copied or changed, so these are our questions on the same steps, with
the source named wherever the worksheet is shown or taken away.
"""

from __future__ import annotations

from secondop_tui.i18n import N_
from secondop_tui.visit.opinions import Field

SOURCE_NAME = N_("After the Ottawa Personal Decision Guide (Ottawa Hospital Research Institute)")
SOURCE_ADDRESS = "https://decisionaid.ohri.ca/decguide.html"

WORKSHEET_FIELDS: tuple[Field, ...] = (
    Field("options", N_("The choices I am weighing")),
    Field("matters", N_("What matters most to me")),
    Field("helpers", N_("Who helps me decide")),
    Field("sure", N_("How sure I feel, and what would help")),
    Field("next", N_("My next step")),
)
WORKSHEET_KEYS = frozenset(field.key for field in WORKSHEET_FIELDS)
