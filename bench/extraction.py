"""How fast is `extract()`? The three seeds, and a generated 2,000-row appendix in each format.

Run from the repository root:

    .venv/bin/python bench/extraction.py              # measure, write the results and docs/performance.md
    .venv/bin/python bench/extraction.py --profile appendix-2000.pdf   # cProfile one input, print the top 30

Each input is extracted 5 times and the best time is kept (time.perf_counter); an input whose first run
takes more than 10 s is run once. Writes bench/results-extraction.json and the "## Extraction" section of
docs/performance.md. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from giamsat.extraction import extract  # noqa: E402
from giamsat.extraction.tests.documents import make_docx, make_pdf, make_xlsx  # noqa: E402

SAMPLES = ROOT / "giamsat" / "directives" / "sample_data"
SEEDS = ("000_574d689b82046503", "002_025e011caf0adbee", "003_02333590f65b17dc")
RESULTS = ROOT / "bench" / "results-extraction.json"
DOC = ROOT / "docs" / "performance.md"
COMMAND = ".venv/bin/python bench/extraction.py"

APPENDIX_ROWS = 2000
APPENDIX_TARGET_SECONDS = 2.0
PDF_GENERATION_LIMIT_SECONDS = 60.0
RUNS = 5
SLOW_RUN_SECONDS = 10.0

HEADER = [
    "STT",
    "Tên nhiệm vụ",
    "Cơ quan chỉ đạo",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Yêu cầu kết quả",
    "Thời gian giao theo kế hoạch",
    "Văn bản giao nhiệm vụ",
    "Nội dung Ban Chỉ đạo giao",
]
TITLE = ["Số 13-TB/CQTT", "Thái Nguyên, ngày 01 tháng 4 năm 2026", "PHỤ LỤC DANH MỤC CÁC NHIỆM VỤ"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def appendix_rows(count: int = APPENDIX_ROWS) -> list[list[str]]:
    """`count` task rows like seed 000's appendix (its gold table tasks over and over), a section every 50 rows."""
    gold = json.loads((SAMPLES / f"{SEEDS[0]}.json").read_text(encoding="utf-8"))
    tasks = [task for task in gold["tasks"] if task["origin"] == "table"]
    rows: list[list[str]] = []
    for index in range(count):
        if index % 50 == 0:
            section = ROMAN[(index // 50) % len(ROMAN)]
            rows.append([section, f"Nhóm nhiệm vụ thứ {index // 50 + 1}", *[""] * (len(HEADER) - 2)])
        task = tasks[index % len(tasks)]
        rows.append(
            [
                str(index + 1),
                task["title"],
                "; ".join(task["directing"]),
                "; ".join(task["lead"]),
                "; ".join(task["coordinating"]),
                task["expected_result"] or "",
                task["planned_time"] or "",
                ", ".join(task["source_documents"]),
                task["deadline_text"] or "",
            ]
        )
    return rows


def inputs() -> tuple[list[dict], list[str]]:
    """(name, bytes, target) of every input, and notes on what could not be generated."""
    found = [
        {"input": f"{stem}.txt", "kind": "seed", "data": (SAMPLES / f"{stem}.txt").read_bytes(), "target": None}
        for stem in SEEDS
    ]
    notes = []
    rows = appendix_rows()
    text = "\n".join([*TITLE, "", "\t".join(HEADER), *("\t".join(row) for row in rows)])
    makers = {
        "txt": lambda: text.encode("utf-8"),
        "docx": lambda: make_docx(TITLE, HEADER, rows),
        "xlsx": lambda: make_xlsx(HEADER, rows, title_rows=TITLE),
        "pdf": lambda: make_pdf(TITLE, HEADER, rows, column_weights=[2.5, 18, 7, 10, 10, 13, 7, 9, 20], font_size=8),
    }
    for fmt, make in makers.items():
        started = time.perf_counter()
        data = make()
        generated = time.perf_counter() - started
        if fmt == "pdf" and generated > PDF_GENERATION_LIMIT_SECONDS:
            notes.append(f"The PDF appendix took {generated:.0f} s to generate (limit 60 s) and was left out.")
            continue
        found.append(
            {
                "input": f"appendix-{APPENDIX_ROWS}.{fmt}",
                "kind": "appendix",
                "data": data,
                "target": APPENDIX_TARGET_SECONDS,
                "generated_in": round(generated, 2),
            }
        )
    return found, notes


def measure(item: dict) -> dict:
    times = []
    draft = None
    for _ in range(RUNS):
        started = time.perf_counter()
        draft = extract(item["data"], item["input"])
        times.append(time.perf_counter() - started)
        if times[0] > SLOW_RUN_SECONDS:
            break
    best = min(times)
    result = {
        "input": item["input"],
        "kind": item["kind"],
        "bytes": len(item["data"]),
        "tasks": len(draft.tasks),
        "table_tasks": sum(task.origin == "table" for task in draft.tasks),
        "seconds": round(best, 3),
        "runs": len(times),
        "target_seconds": item["target"],
        "target_met": None if item["target"] is None else best <= item["target"],
    }
    if "generated_in" in item:
        result["generated_in_seconds"] = item["generated_in"]
    if item["input"].endswith(".pdf"):
        result["pages"] = _pdf_pages(item["data"])
    return result


def _pdf_pages(data: bytes) -> int | None:
    try:
        import pypdfium2

        return len(pypdfium2.PdfDocument(data))
    except Exception:  # the page count is only a figure for the notes
        return None


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    import pdfplumber

    return {
        "cpu": cpu or "unknown",
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "pdfplumber": pdfplumber.__version__,
        "platform": platform.platform(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KiB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MiB"


PDF_MISSED = """\
The PDF target is missed. cProfile (`{command} --profile appendix-2000.pdf`) puts about three quarters of
the time in pdfminer/pdfplumber parsing each page's content stream into character objects
(`pdfplumber.page.Page.parse_objects`), a sixth in pdfplumber's own table and text extraction, and well
under a tenth in giamsat.extraction: the cost is per page (this appendix prints on {pages} pages, about
{per_page:.0f} ms a page), not per task. Nothing inside giamsat.extraction can bring it near 2 s. The way
to meet it would be a reader on pypdfium2 (already installed as a pdfplumber dependency): a prototype
read the text and the ruling paths of all pages in 1.4 s and the text of 23,500 cell rectangles in
1.5 s, so about 3-4 s for this input — still above the target, and a new table finder to validate on real
documents. At {per_page:.0f} ms a page, a usual appendix of 10-40 pages takes {low:.1f}-{high:.1f} s with the
present reader."""


PROFILED = """\
Profiled and fixed before these figures (same machine, single runs): the appendix took 1.08 s as text,
1.07 s as .docx and 1.02 s as .xlsx. cProfile showed three hot spots in giamsat.extraction (times under
cProfile), each fixed without changing results: the text reader counted control characters one
character at a time in Python (0.44 s; now one regular expression), the table parser folded every cell
of every row to spot a repeated header (0.49 s; now it stops at the first cell that differs), and the
agency splitter scanned each cell character by character for parentheses (0.28 s; now `re.split` when
the cell has none)."""


def write_doc(results: list[dict], facts: dict, notes: list[str]) -> str:
    lines = [
        "## Extraction",
        "",
        "`extract()` (giamsat.extraction) on the three seed documents and on a generated appendix of "
        f"{APPENDIX_ROWS:,} task rows (seed 000's table rows repeated, a section row every 50 rows, seed 000's "
        "nine columns) written as tab-separated text like seed 000, Word (.docx), Excel (.xlsx) and PDF "
        "(A4 landscape, 8 pt, gridded, header repeated on every page). Best of 5 runs (one run when the "
        "first takes over 10 s), wall clock (`time.perf_counter`), one process.",
        "",
        "| Input | Size | Tasks found | Seconds | Target | Met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for row in results:
        target = "—" if row["target_seconds"] is None else f"≤ {row['target_seconds']:g} s"
        met = "—" if row["target_met"] is None else ("yes" if row["target_met"] else "**no**")
        runs = "" if row["runs"] == RUNS else f" ({row['runs']} run)"
        seconds = f"{row['seconds']:.3f}{runs}"
        lines.append(f"| {row['input']} | {_size(row['bytes'])} | {row['tasks']} | {seconds} | {target} | {met} |")
    lines += [
        "",
        f"Command (from the repository root): `{COMMAND}`; raw figures in `bench/results-extraction.json`.",
        "",
        f"Machine: {facts['cpu']}, {facts['cores']} cores; Python {facts['python']}; pdfplumber "
        f"{facts['pdfplumber']}; {facts['platform']}; measured {facts['date']}.",
        "",
    ]
    appendix = [row for row in results if row["kind"] == "appendix"]
    met = [row["input"] for row in appendix if row["target_met"]]
    missed = [row["input"] for row in appendix if row["target_met"] is False]
    verdict = f"Target ≤ {APPENDIX_TARGET_SECONDS:g} s for the {APPENDIX_ROWS:,}-row appendix: "
    verdict += f"met for {', '.join(met) or 'none'}"
    verdict += f"; missed for {', '.join(missed)}." if missed else "."
    lines += [verdict, "", PROFILED, ""]
    pdf = next((row for row in appendix if row["input"].endswith(".pdf") and row["target_met"] is False), None)
    if pdf is not None and pdf.get("pages"):
        per_page = pdf["seconds"] / pdf["pages"] * 1000
        text = PDF_MISSED.format(
            command=COMMAND, pages=pdf["pages"], per_page=per_page, low=per_page * 10 / 1000, high=per_page * 40 / 1000
        )
        lines += [text, ""]
    lines += [*notes, ""] if notes else []
    section = "\n".join(lines).rstrip() + "\n"

    header = (
        "# Performance\n\nSpeed is measured by the scripts in `bench/`, never asserted in tests: timings depend "
        "on the machine, so a test would either flake or assert nothing. Each section below is rewritten by "
        "its script.\n"
    )
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else header
    pattern = re.compile(r"^## Extraction\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _m: section + "\n", current) if pattern.search(current) else None
    if updated is None:
        updated = current.rstrip() + "\n\n" + section
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(updated.rstrip() + "\n", encoding="utf-8")
    return section


def profile(name: str, items: list[dict]) -> None:
    [item] = [i for i in items if i["input"] == name]
    profiler = cProfile.Profile()
    profiler.enable()
    extract(item["data"], item["input"])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", metavar="INPUT", help="cProfile one input (e.g. appendix-2000.pdf) and stop")
    args = parser.parse_args()
    items, notes = inputs()
    if args.profile:
        profile(args.profile, items)
        return
    results = []
    for item in items:
        result = measure(item)
        results.append(result)
        print(f"{result['input']:32} {result['tasks']:5} tasks  {result['seconds']:8.3f} s", flush=True)
    facts = machine()
    RESULTS.write_text(
        json.dumps({"command": COMMAND, "machine": facts, "results": results, "notes": notes}, indent=2) + "\n",
        encoding="utf-8",
    )
    print()
    print(write_doc(results, facts, notes))


if __name__ == "__main__":
    main()
