from django.core.management.base import BaseCommand, CommandError

from giamsat.monitoring.history import status_history_refresh, status_history_stale
from giamsat.monitoring.tallies import status_tally_compact, status_tally_rebuild, status_tally_stale


class Command(BaseCommand):
    help = (
        "Kiểm tra (và với --refresh, tính lại) lịch sử trạng thái lưu sẵn của các nhiệm vụ và số đếm trạng thái "
        "theo ngày. Cần sau khi ghi dữ liệu hàng loạt bằng SQL hoặc khôi phục cơ sở dữ liệu; các thao tác qua ứng "
        "dụng tự cập nhật. --compact gộp các dòng số đếm (nên chạy hằng đêm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Tính lại những gì bị lệch.")
        parser.add_argument("--compact", action="store_true", help="Gộp các dòng số đếm trạng thái.")

    def handle(self, *args, refresh, compact, **options):
        if compact:
            before, after = status_tally_compact()
            self.stdout.write(f"Đã gộp số đếm trạng thái: {before} dòng còn {after} dòng.")
        stale = status_history_stale()
        tally_stale = status_tally_stale()
        if not stale and not tally_stale:
            self.stdout.write("Lịch sử trạng thái và số đếm trạng thái của mọi nhiệm vụ đều khớp.")
            return
        if not refresh:
            problems = []
            if stale:
                problems.append(f"{len(stale)} nhiệm vụ có lịch sử trạng thái bị thiếu hoặc lệch (ví dụ: {stale[:10]})")
            if tally_stale:
                problems.append("số đếm trạng thái theo ngày không khớp với lịch sử trạng thái")
            raise CommandError(f"{'; '.join(problems)}. Chạy lại với --refresh để tính lại.")
        if stale:
            status_history_refresh(stale)
            self.stdout.write(f"Đã tính lại lịch sử trạng thái của {len(stale)} nhiệm vụ.")
        if status_tally_stale():  # also when the spans were just repaired: their old rows were counted
            rows = status_tally_rebuild()
            self.stdout.write(f"Đã đếm lại số đếm trạng thái từ lịch sử trạng thái ({rows} dòng).")
