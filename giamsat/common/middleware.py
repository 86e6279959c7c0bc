from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Vietnamese unless the user chose another language (cookie set by the language switch).

    The browser's Accept-Language is ignored on purpose: many officials' browsers are set to
    English, and the system must still speak Vietnamese by default.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        translation.activate(settings.LANGUAGE_CODE)  # the thread goes back to Vietnamese for the next user
        return response
