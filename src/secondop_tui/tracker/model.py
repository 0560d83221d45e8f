"""What the tracker holds: records asked for, and insurance calls and answers, as read from the progress file.

A field a person edited by hand into the wrong kind of value (a number for a date, an impossible date) reads
as unknown here: the request still shows, with that field left blank, and nothing else is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from secondop_tui.i18n import N_, _
from secondop_tui.tracker.dates import from_stored

OWN_WORDS = "own"
RECORDS_SECTION = "records"  # the guide's section whose steps the record kinds complete
# What can be asked for, from the guide's records section, and the checklist step each one completes.
RECORD_KINDS: dict[str, tuple[str, str | None]] = {
    "pathology": (N_("Pathology report"), "pathology-report"),
    "slides": (N_("Slides or blocks"), None),
    "imaging-report": (N_("Imaging report"), "imaging"),
    "images": (N_("Images (DICOM)"), "imaging"),
    "labs": (N_("Lab results"), "lab-results"),
    "biomarkers": (N_("Biomarker tests"), "biomarker-reports"),
    "visit-notes": (N_("Visit notes"), "visit-notes"),
    "operation-notes": (N_("Operation notes"), "treatment-reports"),
    "treatment-plan": (N_("Treatment plan"), "treatment-plan"),
}
HOW_ASKED: dict[str, str] = {
    "portal": N_("Patient portal"),
    "form": N_("The office's form"),
    "letter": N_("Letter"),
    "phone": N_("Phone"),
    "in-person": N_("In person"),
}
CALL = "call"
DENIAL = "denial"
FINAL = "final"  # the plan's final answer to an internal appeal
CALL_KINDS: dict[str, str] = {
    CALL: N_("A call with the plan"),
    DENIAL: N_("A denial (the plan said no)"),
    FINAL: N_("The plan's final answer (it still says no)"),
}


def _text(doc: Mapping[str, Any], name: str) -> str:
    value = doc.get(name)
    return value if isinstance(value, str) else ""


def _flag(doc: Mapping[str, Any], name: str) -> bool:
    return doc.get(name) is True


@dataclass(frozen=True)
class RecordRequest:
    id: str
    what: str  # a key of RECORD_KINDS, or OWN_WORDS
    words: str  # the person's own words for it
    office: str
    how: str  # a key of HOW_ASKED, or ""
    asked: date | None
    extended: bool  # the office said in writing that it needs 30 more days
    received: date | None
    sent: date | None
    note: str
    item: str  # the checklist step it completes, or ""

    @classmethod
    def from_doc(cls, request_id: str, doc: Mapping[str, Any]) -> RecordRequest:
        return cls(
            request_id,
            _text(doc, "what"),
            _text(doc, "words"),
            _text(doc, "office"),
            _text(doc, "how"),
            from_stored(doc.get("asked")),
            _flag(doc, "extended"),
            from_stored(doc.get("received")),
            from_stored(doc.get("sent")),
            _text(doc, "note"),
            _text(doc, "item"),
        )

    @property
    def title(self) -> str:
        if self.what in RECORD_KINDS and not self.words:
            return _(RECORD_KINDS[self.what][0])
        return self.words or _("A record")


@dataclass(frozen=True)
class InsuranceEvent:
    id: str
    kind: str  # CALL, DENIAL or FINAL
    on: date | None
    who: str
    reference: str
    said: str  # what they said, or the reason for the denial
    appealed: date | None  # when the appeal or the review was sent
    note: str

    @classmethod
    def from_doc(cls, event_id: str, doc: Mapping[str, Any]) -> InsuranceEvent:
        kind = _text(doc, "kind")
        return cls(
            event_id,
            kind if kind in CALL_KINDS else CALL,
            from_stored(doc.get("on")),
            _text(doc, "who"),
            _text(doc, "reference"),
            _text(doc, "said"),
            from_stored(doc.get("appealed")),
            _text(doc, "note"),
        )

    @property
    def title(self) -> str:
        return {CALL: _("Call with the plan"), DENIAL: _("Denial"), FINAL: _("Final answer")}[self.kind]
