from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import personal_data_views, two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    # Two-factor authentication (two_factor_views.py)
    path("xac-minh/", two_factor_views.verify, name="two_factor_verify"),
    path("bao-mat/", two_factor_views.account, name="two_factor"),
    path("bao-mat/xac-thuc-hai-lop/", two_factor_views.enrol, name="two_factor_enrol"),
    path("bao-mat/ma-du-phong/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("bao-mat/tat-xac-thuc-hai-lop/", two_factor_views.disable, name="two_factor_disable"),
    # Personal data (personal_data_views.py): the public notice, the user's own data and its download
    path("du-lieu-ca-nhan/thong-bao/", personal_data_views.privacy_notice, name="privacy_notice"),
    path("du-lieu-ca-nhan/", personal_data_views.personal_data, name="personal_data"),
    path("du-lieu-ca-nhan/tai-ve.json", personal_data_views.personal_data_download, name="personal_data_download"),
]
