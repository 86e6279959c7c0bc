from django.conf import settings


def site(request):
    return {"SITE_NAME": "Giám sát NQ57", "REPORTING_DUE_DAY": settings.REPORTING_DUE_DAY}
