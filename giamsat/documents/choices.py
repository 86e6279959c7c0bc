from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Layout(models.TextChoices):
    """The layout (thể thức) of a generated Word document.

    The Party layout (Hướng dẫn 36-HD/VPTW) is the standing office's own and the default; the state layout
    (Nghị định 30/2020/NĐ-CP) is for the People's Committee and its departments (docs/monthly-report.md).
    """

    PARTY = "dang", gettext_lazy("Thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")
    STATE = "nha_nuoc", gettext_lazy("Thể thức văn bản hành chính nhà nước (Nghị định 30/2020/NĐ-CP)")


def parse_layout(value: str | None) -> Layout:
    """'dang' (also when empty) or 'nha_nuoc'; anything else raises ValueError with a Vietnamese message."""
    if not value:
        return Layout.PARTY
    if value in Layout.values:
        return Layout(value)
    raise ValueError(
        _(
            "Thể thức “%(layout)s” không hỗ trợ; hãy chọn dang (văn bản của Đảng) hoặc nha_nuoc (văn bản hành "
            "chính nhà nước)."
        )
        % {"layout": value}
    )
