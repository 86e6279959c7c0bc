import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from giamsat.directives.choices import Confidentiality
from giamsat.directives.importing import directive_import_file
from giamsat.extraction import ExtractionError


class Command(BaseCommand):
    help = (
        "Nhập một văn bản chỉ đạo: trích xuất nhiệm vụ và ghi vào hệ thống trong một giao dịch. "
        "Nhập lại cùng văn bản chỉ cập nhật, không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp văn bản")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì vào cơ sở dữ liệu")
        parser.add_argument(
            "--confidentiality",
            choices=Confidentiality.values,
            default=Confidentiality.INTERNAL,
            help="Mức độ công khai của các nhiệm vụ mới (mặc định: internal)",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Từ chối cả văn bản nếu có tên cơ quan chưa có trong danh mục"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError:
            self._fail(f"Không mở được tệp “{path}”.")
        try:
            imported = directive_import_file(
                data=data,
                name=path.name,
                confidentiality=options["confidentiality"],
                dry_run=options["dry_run"],
                allow_unresolved=not options["strict"],
            )
        except ExtractionError as error:
            self._fail(str(error))
        except ValidationError as error:
            self._fail("; ".join(error.messages))
        result, draft = imported.result, imported.draft
        prefix = "[Chạy thử, không ghi] " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{result.directive}: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
        review = [t for t in draft.tasks if t.warnings]
        for task in review:
            self.stdout.write(f"  ⚠ {task.ref}: {' '.join(task.warnings)}")
        for warning in draft.warnings:
            self.stdout.write(f"  ⚠ {warning}")

    def _fail(self, message: str):
        sys.stderr.write(f"Lỗi: {message}\n")
        sys.exit(2)
