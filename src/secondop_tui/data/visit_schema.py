"""The progress file's tables for the visit (questions, what each doctor said, the opinions side by side).

Each table's fields and the kinds of value they may hold; ``schema`` checks every file against them.

  visit_questions: {"<question id>": {"text": ..., "section": ..., "own": ..., "picked": ..., "top": ...,
                                      "answer": ..., "created": ...}}
      A guide question is keyed by its checklist item's id and keeps its words only as a fallback (the guide's
      words, in the language in use, are shown); the person's own are keyed "own-...".
  visit_order:     {"card": {"ids": [question ids on the card, in order]}}
  visit_opinions:  {"1": {"doctor": ..., "plan": ..., ...}, "2": ..., "3": ...}  (text fields of OPINION_FIELDS)
  visit_worksheet: {"worksheet": {"options": ..., "matters": ..., ...}}  (text fields of WORKSHEET_FIELDS)
"""

from __future__ import annotations

from secondop_tui.visit.opinions import OPINION_FIELDS
from secondop_tui.visit.worksheet import WORKSHEET_FIELDS

TEXT = (str,)

VISIT_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "visit_questions": {
        "text": TEXT,
        "section": TEXT,
        "own": (bool,),
        "picked": (bool,),
        "top": (bool,),
        "answer": TEXT,
        "created": (int, float),
    },
    "visit_order": {"ids": (list,)},
    "visit_opinions": {field.key: TEXT for field in OPINION_FIELDS},
    "visit_worksheet": {field.key: TEXT for field in WORKSHEET_FIELDS},
}
