"""Comparing a draft with hand-checked gold data (the acceptance figures of the seed documents)."""

from dataclasses import dataclass

from .draft import DirectiveDraft
from .text import nfc


@dataclass
class Score:
    gold_tasks: int
    found: int
    lead_equal: int
    deadline_equal: int
    kind_equal: int
    mismatches: list[str]

    def rate(self, value: int) -> float:
        return value / self.gold_tasks if self.gold_tasks else 1.0

    def __str__(self) -> str:
        return (
            f"tasks {self.found}/{self.gold_tasks} ({self.rate(self.found):.1%}), "
            f"lead {self.rate(self.lead_equal):.1%}, deadline {self.rate(self.deadline_equal):.1%}, "
            f"kind {self.rate(self.kind_equal):.1%}"
        )


def _norm(names) -> list[str]:
    return [nfc(n).casefold() for n in names]


def score(draft: DirectiveDraft, gold: dict, *, origin: str = "table") -> Score:
    gold_tasks = [t for t in gold["tasks"] if t["origin"] == origin]
    by_ref = {t.ref: t for t in draft.tasks}
    found = lead = deadline = kind = 0
    mismatches: list[str] = []
    for expected in gold_tasks:
        task = by_ref.get(expected["ref"])
        if task is None:
            mismatches.append(f"{expected['ref']}: missing")
            continue
        found += 1
        if _norm(m.text for m in task.lead) == _norm(expected["lead"]):
            lead += 1
        else:
            mismatches.append(f"{expected['ref']}: lead {[m.text for m in task.lead]} != {expected['lead']}")
        got = task.deadline.isoformat() if task.deadline else None
        if got == expected["deadline"]:
            deadline += 1
        else:
            mismatches.append(f"{expected['ref']}: deadline {got} != {expected['deadline']}")
        if task.deadline_kind == expected["deadline_kind"]:
            kind += 1
        else:
            mismatches.append(f"{expected['ref']}: kind {task.deadline_kind} != {expected['deadline_kind']}")
    return Score(len(gold_tasks), found, lead, deadline, kind, mismatches)
