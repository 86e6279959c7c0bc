"""Finishing touches on the generated OpenAPI schema."""

from django.utils.translation import gettext as _


def describe_path_ids(result, generator, request, public):
    """Path ids: integers, described in Vietnamese (the generator knows them only as strings)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter["description"] = _("Mã số bản ghi")
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}
    return result
