"""How well the extractor reads documents against hand-checked gold: the seeds and the development corpus.

    .venv/bin/python -m giamsat.extraction.accuracy            # print the figures
    .venv/bin/python -m giamsat.extraction.accuracy --write    # and write them into docs/import.md

(`make accuracy` runs the second.) Table tasks are matched by ref, as printed or qualified by their group
(convention of the gold files); a task found counts for the lead when its lead agencies equal the gold's
(as printed, case and whitespace folded), for the deadline when the date is equal. Extracted table tasks
with no gold counterpart are *invented*. Prose tasks are matched by title (rapidfuzz token-set similarity of
the folded titles) since where a sentence sits has no printed number; unmatched extracted prose tasks are
counted as invented prose.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .draft import DirectiveDraft, ExtractionError, TaskDraft
from .pipeline import extract
from .text import fold

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "giamsat" / "directives" / "sample_data"
CORPUS = ROOT / "giamsat" / "extraction" / "tests" / "corpus"
DOC = ROOT / "docs" / "import.md"
TARGETS = {"found": 0.95, "lead": 0.93, "deadline": 0.93, "invented": 0.05}
TITLE_MATCH = 80  # token-set similarity of folded titles for a prose task to count as the same


@dataclass
class Figures:
    gold: int = 0
    found: int = 0
    lead: int = 0
    deadline: int = 0
    invented: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.gold += other.gold
        self.found += other.found
        self.lead += other.lead
        self.deadline += other.deadline
        self.invented += other.invented
        self.mismatches += other.mismatches

    def rate(self, name: str) -> float:
        if name == "invented":
            return self.invented / self.gold if self.gold else float(self.invented > 0)
        return getattr(self, name) / self.gold if self.gold else 1.0


@dataclass
class DocumentFigures:
    name: str
    table: Figures
    prose: Figures
    error: str = ""


def _agencies(names) -> list[str]:
    return [" ".join(fold(name).split()) for name in names]


def _compare(task: TaskDraft, expected: dict, figures: Figures, label: str) -> None:
    figures.found += 1
    got_lead = [mention.text for mention in task.lead]
    if _agencies(got_lead) == _agencies(expected["lead"]):
        figures.lead += 1
    else:
        figures.mismatches.append(f"{label}: lead {got_lead} ≠ {expected['lead']}")
    got = task.deadline.isoformat() if task.deadline else None
    if got == expected["deadline"]:
        figures.deadline += 1
    else:
        figures.mismatches.append(f"{label}: deadline {got} ({task.deadline_text!r}) ≠ {expected['deadline']}")


def score_table(draft: DirectiveDraft | None, gold: dict) -> Figures:
    expected = [t for t in gold["tasks"] if t["origin"] == "table"]
    figures = Figures(gold=len(expected))
    tasks = [t for t in (draft.tasks if draft else []) if t.origin == "table"]
    by_ref = {task.ref: task for task in tasks}
    for item in expected:
        task = by_ref.get(item["ref"])
        if task is None:
            figures.mismatches.append(f"{item['ref']}: missing")
            continue
        _compare(task, item, figures, item["ref"])
    known = {item["ref"] for item in expected}
    for task in tasks:
        if task.ref not in known:
            figures.invented += 1
            figures.mismatches.append(f"{task.ref}: invented ({task.title[:60]!r})")
    return figures


def _title_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def score_prose(draft: DirectiveDraft | None, gold: dict) -> Figures:
    expected = [t for t in gold["tasks"] if t["origin"] == "body"]
    figures = Figures(gold=len(expected))
    free = [t for t in (draft.tasks if draft else []) if t.origin == "body"]
    for item in expected:
        key = _title_key(item["title"])
        best, best_score = None, 0.0
        for task in free:
            similarity = fuzz.token_set_ratio(key, _title_key(task.title))
            if similarity > best_score:
                best, best_score = task, similarity
        if best is None or best_score < TITLE_MATCH:
            figures.mismatches.append(f"{item['ref']}: missing ({item['title'][:60]!r})")
            continue
        free.remove(best)
        _compare(best, item, figures, f"{item['ref']}~{best.ref}")
    figures.invented = len(free)
    figures.mismatches += [f"{task.ref}: invented ({task.title[:60]!r})" for task in free]
    return figures


def gold_files() -> list[Path]:
    seeds = sorted(SEEDS.glob("*.json"))
    corpus = sorted(CORPUS.glob("*.json"))
    return seeds + corpus


def document_of(gold_path: Path) -> Path:
    for suffix in (".txt", ".md"):
        candidate = gold_path.with_suffix(suffix)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(gold_path)


def measure(paths: list[Path] | None = None) -> list[DocumentFigures]:
    results = []
    for gold_path in paths or gold_files():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        error = ""
        try:
            draft = extract(document_of(gold_path))
        except ExtractionError as exc:
            draft, error = None, str(exc)
        results.append(DocumentFigures(gold_path.stem, score_table(draft, gold), score_prose(draft, gold), error))
    return results


def totals(results: list[DocumentFigures], *, corpus_only: bool = True) -> tuple[Figures, Figures]:
    table, prose = Figures(), Figures()
    for result in results:
        if corpus_only and (SEEDS / f"{result.name}.json").exists():
            continue
        table.add(result.table)
        prose.add(result.prose)
    return table, prose


def _pct(figures: Figures, name: str) -> str:
    if not figures.gold:
        return "—"
    return f"{figures.rate(name):.0%}" if name != "invented" else str(figures.invented)


def table_markdown(results: list[DocumentFigures]) -> str:
    lines = [
        "| document | table tasks | found | lead | deadline | invented | prose tasks | found | lead | deadline"
        " | invented |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t, p = r.table, r.prose
        invented_table = str(t.invented) if t.gold or t.invented else "0"
        lines.append(
            f"| {r.name} | {t.gold} | {_pct(t, 'found')} | {_pct(t, 'lead')} | {_pct(t, 'deadline')} | "
            f"{invented_table} | {p.gold} | {_pct(p, 'found')} | {_pct(p, 'lead')} | {_pct(p, 'deadline')} | "
            f"{p.invented} |"
        )
    table, prose = totals(results)
    seeds_table, seeds_prose = Figures(), Figures()
    for r in results:
        if (SEEDS / f"{r.name}.json").exists():
            seeds_table.add(r.table)
            seeds_prose.add(r.prose)
    for label, t, p in (("**seeds**", seeds_table, seeds_prose), ("**corpus**", table, prose)):
        lines.append(
            f"| {label} | {t.gold} | {_pct(t, 'found')} | {_pct(t, 'lead')} | {_pct(t, 'deadline')} | {t.invented} | "
            f"{p.gold} | {_pct(p, 'found')} | {_pct(p, 'lead')} | {_pct(p, 'deadline')} | {p.invented} |"
        )
    return "\n".join(lines)


def verdict(table: Figures) -> list[str]:
    """The targets over the corpus's table tasks, each with its measured figure."""
    out = []
    for name, target in TARGETS.items():
        rate = table.rate(name)
        met = rate <= target if name == "invented" else rate >= target
        sign = "≤" if name == "invented" else "≥"
        out.append(f"{name} {rate:.1%} (target {sign} {target:.0%}): {'met' if met else 'MISSED'}")
    return out


BEGIN, END = "<!-- accuracy:begin -->", "<!-- accuracy:end -->"


def write_doc(text: str) -> None:
    current = DOC.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        current = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: block, current, flags=re.S)
    else:
        current = current.rstrip("\n") + "\n\n## Accuracy / Độ chính xác (`make accuracy`)\n" + block + "\n"
    DOC.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the figures into docs/import.md")
    parser.add_argument("--details", action="store_true", help="print every mismatch")
    args = parser.parse_args(argv)
    results = measure()
    markdown = table_markdown(results)
    table, prose = totals(results)
    lines = verdict(table)
    summary = (
        f"{markdown}\n\nCorpus ({sum(1 for r in results if not (SEEDS / f'{r.name}.json').exists())} documents with"
        f" hand-checked gold), table tasks: " + "; ".join(lines) + "."
    )
    print(summary)
    for result in results:
        if result.error:
            print(f"\n{result.name}: {result.error}")
        if args.details:
            for mismatch in result.table.mismatches + result.prose.mismatches:
                print(f"  {result.name} {mismatch}")
    if args.write:
        write_doc(summary + "\n\nCommand: `make accuracy` (`.venv/bin/python -m giamsat.extraction.accuracy --write`).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
