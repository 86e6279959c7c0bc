from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import User
from .services import user_apply_role
from .two_factor import two_factor_reset

# django-otp's own pages for the devices (in English, showing keys) are left out: a user's second factor is reset
# from the user's page below, and enrolled by the user alone.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "agency", "is_active", "two_factor"]
    list_filter = ["role", "is_active"]
    actions = ["reset_two_factor"]
    search_fields = ["username", "first_name", "last_name", "agency__name"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Vai trò trong hệ thống"), {"fields": ["role", "agency", "position_title", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Vai trò trong hệ thống"), {"fields": ["role", "agency"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_apply_role(form.instance)

    def get_queryset(self, request):
        enabled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_enabled=Exists(enabled))

    @admin.display(description=_("Xác thực hai lớp"), boolean=True, ordering="two_factor_enabled")
    def two_factor(self, user) -> bool:
        return user.two_factor_enabled

    def has_two_factor_reset_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_administrator

    @admin.action(
        description=_("Đặt lại xác thực hai lớp (người dùng phải đăng ký lại ứng dụng xác thực)"),
        permissions=["two_factor_reset"],
    )
    def reset_two_factor(self, request, queryset):
        """A lost phone: the authenticator and recovery codes are removed (two_factor.two_factor_reset), recorded
        in the admin's log."""
        reset = 0
        for user in queryset:
            if two_factor_reset(user=user, acting_user=request.user):
                self.log_change(request, user, str(_("Đặt lại xác thực hai lớp.")))
                reset += 1
        self.message_user(
            request,
            _("Đã đặt lại xác thực hai lớp của %(count)d người dùng.") % {"count": reset},
            messages.SUCCESS,
        )
