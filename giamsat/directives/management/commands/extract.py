import json
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from giamsat.directives.importing import draft_resolve
from giamsat.extraction import ExtractionError, extract

NO_REGISTRY = (
    "Cảnh báo: chưa có danh mục cơ quan (hãy chạy `giamsat migrate` rồi `giamsat load_registry`); "
    "tên cơ quan được giữ như in, chưa đối chiếu với danh mục.\n"
)


class Command(BaseCommand):
    help = (
        "Trích xuất nhiệm vụ từ một văn bản chỉ đạo (.docx, .doc, .rtf, .xlsx, .pdf kể cả bản chụp, .html, .txt) "
        "và in bản nháp."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp văn bản")
        parser.add_argument("--format", choices=["json", "table"], default="json", help="json (mặc định) hoặc table")

    def handle(self, *args, **options):
        try:
            draft = extract(options["file"])
        except ExtractionError as error:
            sys.stderr.write(f"Lỗi: {error}\n")
            sys.exit(2)
        try:
            draft = draft_resolve(draft)
        except DatabaseError:  # no database yet: the extraction stands on its own, names as printed
            sys.stderr.write(NO_REGISTRY)
        if options["format"] == "json":
            self.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
            return
        doc = draft.document
        self.stdout.write(f"{doc.kind} {doc.number or '(chưa có số)'} · {doc.issued_on or ''} · {doc.title}")
        for task in draft.tasks:
            lead = "; ".join(m.agency or f"?{m.text}" for m in task.lead)
            deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else task.deadline_kind
            flag = " ⚠" if task.warnings else ""
            self.stdout.write(f"{task.ref:>14}  {deadline:<12} {lead[:40]:<40} {task.title[:70]}{flag}")
        self.stdout.write(f"{len(draft.tasks)} nhiệm vụ; {sum(bool(t.warnings) for t in draft.tasks)} cần xem lại.")
