"""API tokens for the administrator: issue (the key is shown once), revoke, see the last use."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken
from .tokens import token_create, token_revoke


class TokenCreateForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope", "agency", "rate_per_minute"]

    def clean(self):
        cleaned = super().clean()
        probe = ApiToken(**{name: cleaned.get(name) for name in self.Meta.fields})
        try:
            probe.clean()
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict.get("agency", error.messages)) from error
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    list_display = ["name", "scope", "agency", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "agency__name"]
    readonly_fields = ["prefix", "user", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]
    autocomplete_fields = ["agency"]

    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.is_administrator

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request) and obj is None  # tokens are issued and revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the history and the last use stay

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TokenCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return TokenCreateForm.Meta.fields
        return ["name", "scope", "agency", "rate_per_minute", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        issued = token_create(
            name=obj.name,
            scope=obj.scope,
            agency=obj.agency,
            rate_per_minute=obj.rate_per_minute,
            acting_user=request.user,
        )
        obj.pk = issued.token.pk
        obj.__dict__.update({k: v for k, v in issued.token.__dict__.items() if not k.startswith("_")})
        messages.warning(
            request,
            _("Mã truy cập (chỉ hiển thị một lần, hãy sao chép ngay): %(key)s") % {"key": issued.key},
        )

    @admin.action(description=gettext_lazy("Thu hồi các mã truy cập đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token, acting_user=request.user)
        messages.success(request, _("Đã thu hồi %(n)d mã truy cập.") % {"n": queryset.count()})
