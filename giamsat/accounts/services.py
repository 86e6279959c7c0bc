"""Roles, their Django permissions, and the demo accounts."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency

from .choices import STAFF_ROLES, Role
from .inactivity import account_last_use, accounts_unused
from .models import User

# Model permissions of the standing office in the admin (registry upkeep and corrections).
STANDING_OFFICE_PERMISSIONS = {
    "agencies": {"agency": "vac", "agencygroup": "vac", "agencyalias": "vacd"},
    "directives": {
        "directive": "vac",
        "task": "vac",
        "taskassignment": "vacd",
        "documentreference": "vac",
        "deadlinechange": "v",
    },
    "reporting": {"reportingperiod": "vac", "progressreport": "v", "evidence": "v", "review": "v"},
    # Values and requests move through their review chains on the app's pages, never by an admin edit.
    "indicators": {
        "indicator": "vac",
        "milestone": "vacd",
        "indicatorvalue": "v",
        "valuestep": "v",
        "targetproposal": "v",
        "indexscore": "vac",
    },
    "explanations": {"explanationrequest": "v"},
}
ACTIONS = {"v": "view", "a": "add", "c": "change", "d": "delete"}


def roles_sync() -> Group:
    """Create the standing office's permission group (idempotent)."""
    group, _created = Group.objects.get_or_create(name=str(Role.STANDING_OFFICE.label))
    wanted = []
    for app_label, models in STANDING_OFFICE_PERMISSIONS.items():
        for model, letters in models.items():
            codenames = [f"{ACTIONS[letter]}_{model}" for letter in letters]
            wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    group.permissions.set(wanted)
    return group


@transaction.atomic
def users_disable_unused(*, now: datetime) -> list[User]:
    """Disable the active accounts unused for ACCOUNT_INACTIVE_DAYS (inactivity.py); idempotent. Each account's
    history records the change with its reason; an administrator re-enables it in the admin ("Hoạt động")."""
    disabled = []
    for user in accounts_unused(now=now):
        last_use = formats.date_format(timezone.localtime(account_last_use(user)), "SHORT_DATE_FORMAT")
        user.is_active = False
        user._change_reason = _(
            "Tự động khóa (giamsat disable_inactive_accounts): không sử dụng quá %(days)s ngày, lần cuối %(date)s."
        ) % {"days": settings.ACCOUNT_INACTIVE_DAYS, "date": last_use}
        user.save(update_fields=["is_active"])
        disabled.append(user)
    return disabled


def user_apply_role(user: User) -> None:
    """Staff access and permission group follow the role; administrators are superusers."""
    group = roles_sync()
    user.is_staff = user.role in STAFF_ROLES or user.is_superuser
    if user.role == Role.ADMINISTRATOR:
        user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    if user.role == Role.STANDING_OFFICE:
        user.groups.add(group)
    elif user.groups.filter(pk=group.pk).exists():  # not removed when absent: the audit trail would record it
        user.groups.remove(group)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency_code: str
    full_name: str
    position_title: str


DEMO_PASSWORD = "GiamSat57@demo"  # noqa: S105 - demo accounts only, printed by make run and in the README
DEMO_ACCOUNTS = (
    DemoAccount(
        "cqtt",
        Role.STANDING_OFFICE,
        "co-quan-thuong-truc-ban-chi-dao",
        "Nguyễn Văn Thường Trực",
        "Chuyên viên P.CĐS-CY",
    ),
    DemoAccount(
        "skhcn.chuyenvien", Role.AGENCY_OFFICER, "so-khoa-hoc-va-cong-nghe", "Trần Thị Chuyên Viên", "Chuyên viên"
    ),
    DemoAccount("skhcn.giamdoc", Role.AGENCY_HEAD, "so-khoa-hoc-va-cong-nghe", "Lê Văn Giám Đốc", "Giám đốc Sở"),
    DemoAccount("xa.chuyenvien", Role.AGENCY_OFFICER, "xa-05443", "Phạm Văn Xã", "Công chức Văn phòng HĐND-UBND"),
    DemoAccount("lanhdao", Role.LEADER, "tinh-uy-thai-nguyen", "Hoàng Văn Lãnh Đạo", "Thành viên Ban Chỉ đạo"),
    DemoAccount("quantri", Role.ADMINISTRATOR, "van-phong-tinh-uy", "Quản Trị Hệ Thống", "Quản trị hệ thống"),
    DemoAccount("kiemtra", Role.INSPECTOR, "", "Đỗ Văn Kiểm Tra", "Ủy viên Ủy ban Kiểm tra Tỉnh ủy"),
)


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that are missing (one per role); existing ones are left as they are."""
    results = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        created = user is None
        if created:
            last, _sep, first = account.full_name.rpartition(" ")  # family and middle names, given name
            user = User(
                username=account.username,
                role=account.role,
                first_name=first,
                last_name=last,
                agency=Agency.objects.get(code=account.agency_code) if account.agency_code else None,
                position_title=account.position_title,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        user_apply_role(user)
        results.append((account, created))
    return results
