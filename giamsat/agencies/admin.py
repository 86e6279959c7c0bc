"""Registry upkeep for the standing office: add, rename (old name kept), merge duplicates, deactivate."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from giamsat.extraction.agency_names import agency_key

from . import services
from .models import Agency, AgencyAlias, AgencyGroup


def _check_name_free(name: str, *, agency_id=None, group_id=None, alias_id=None) -> None:
    """Refuse, in Vietnamese, a name that already designates another agency or group."""
    taken = AgencyAlias.objects.filter(key=agency_key(name)).exclude(pk=alias_id).select_related("agency", "group")
    for alias in taken:
        if alias.agency_id != agency_id or alias.group_id != group_id:
            raise ValidationError(_("Tên “%(name)s” đã dùng cho “%(other)s”.") % {"name": name, "other": alias.target})


class AliasForm(forms.ModelForm):
    class Meta:
        model = AgencyAlias
        fields = ["name", "source"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        # inline formsets set the agency or group on the instance before validation
        _check_name_free(
            name, agency_id=self.instance.agency_id, group_id=self.instance.group_id, alias_id=self.instance.pk
        )
        return name


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    form = AliasForm
    fields = ["name", "source"]
    extra = 1


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "parent", "administrative_code", "is_active", "note"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        _check_name_free(name, agency_id=self.instance.pk)
        return name


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True), label=gettext_lazy("Hợp nhất vào cơ quan")
    )


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    form = AgencyForm
    list_display = ["name", "kind", "parent", "is_active", "administrative_code"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_folded", "aliases__name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["merged_into"]
    inlines = [AliasInline]
    actions = ["merge_action", "deactivate_action"]

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:  # the old name stays an alias
            stored = Agency.objects.get(pk=obj.pk)
            services.agency_rename(agency=stored, new_name=obj.name, acting_user=request.user)
        super().save_model(request, obj, form, change)
        if not change:
            services.alias_add(name=obj.name, agency=obj, acting_user=request.user)
        services.groups_sync_members()

    @admin.action(description=gettext_lazy("Ngừng hoạt động các cơ quan đã chọn"))
    def deactivate_action(self, request, queryset):
        for agency in queryset:
            services.agency_deactivate(agency=agency, acting_user=request.user)
        self.message_user(request, _("Đã ngừng hoạt động %(n)d cơ quan.") % {"n": queryset.count()})

    @admin.action(description=gettext_lazy("Hợp nhất các cơ quan đã chọn (trùng lặp) vào một cơ quan"))
    def merge_action(self, request, queryset):
        form = MergeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            into = form.cleaned_data["into"]
            try:
                for duplicate in queryset.exclude(pk=into.pk):
                    services.agency_merge(duplicate=duplicate, into=into, acting_user=request.user)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, _("Đã hợp nhất vào “%(name)s”.") % {"name": into.name})
            return None
        return render(
            request,
            "admin/agencies/merge.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "agencies": queryset,
                "title": _("Hợp nhất cơ quan trùng lặp"),
                "opts": self.model._meta,
            },
        )


@admin.register(AgencyGroup)
class AgencyGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_active"]
    search_fields = ["name", "aliases__name"]
    filter_horizontal = ["member_parents", "included"]
    readonly_fields = ["member_list"]
    inlines = [AliasInline]
    exclude = ["members"]

    @admin.display(description=gettext_lazy("Thành viên (tính tự động)"))
    def member_list(self, obj):
        return ", ".join(obj.members.order_by("name").values_list("name", flat=True)) if obj.pk else ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.groups_sync_members(groups=[form.instance])


@admin.register(AgencyAlias)
class AgencyAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency", "group", "source"]
    list_filter = ["source"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["agency"]
