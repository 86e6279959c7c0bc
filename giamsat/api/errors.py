"""JSON errors with a stable code and a Vietnamese message; validation errors per field.

    {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "errors": {"progress_percent": ["…"]}}

The services raise Django's ValidationError / PermissionDenied / Http404 with Vietnamese messages;
they arrive here unchanged, so the API says what the pages say.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from giamsat.common.uploads import UploadTooLarge

MESSAGES = {
    "not_authenticated": lambda: _("Chưa xác thực: hãy gửi mã truy cập (Authorization: Bearer …) hoặc đăng nhập."),
    "authentication_failed": lambda: _("Mã truy cập không hợp lệ hoặc đã bị thu hồi."),
    "permission_denied": lambda: _("Bạn không có quyền thực hiện thao tác này."),
    "not_found": lambda: _("Không tìm thấy."),
    "method_not_allowed": lambda: _("Phương thức này không được hỗ trợ ở địa chỉ này."),
    "not_acceptable": lambda: _("Không trả được dữ liệu theo định dạng yêu cầu (chỉ hỗ trợ JSON)."),
    "unsupported_media_type": lambda: _("Kiểu dữ liệu gửi lên không được hỗ trợ (dùng JSON hoặc multipart)."),
    "parse_error": lambda: _("Dữ liệu gửi lên không đọc được (sai cú pháp JSON)."),
    "throttled": lambda: _("Quá nhiều yêu cầu; hãy thử lại sau."),
    "invalid": lambda: _("Dữ liệu không hợp lệ."),
}


def _as_drf(exc):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    return exc


def exception_handler(exc, context):
    if isinstance(exc, exceptions.ParseError) and isinstance(exc.__context__, UploadTooLarge):
        # refused while it streamed in (giamsat.common.uploads): say so, not "bad JSON"
        return Response({"code": "too_large", "message": str(exc.__context__)}, status=413)
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = exc.default_code
    body = {"code": code, "message": str(MESSAGES.get(code, lambda: exc.default_detail)())}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["errors"] = {field: [str(m) for m in _flat(messages)] for field, messages in detail.items()}
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) != str(exc.default_detail):
        body["message"] = str(exc.detail)  # the policy's own words
    elif isinstance(exc, exceptions.Throttled) and exc.wait:
        body["retry_after"] = int(exc.wait)
    return Response(body, status=response.status_code, headers=_headers(response))


def _flat(messages):
    if isinstance(messages, dict):
        for value in messages.values():
            yield from _flat(value)
    elif isinstance(messages, list | tuple):
        for value in messages:
            yield from _flat(value)
    else:
        yield messages


def _headers(response) -> dict:
    return {name: response[name] for name in ("WWW-Authenticate", "Retry-After", "Allow") if response.has_header(name)}
