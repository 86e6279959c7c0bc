from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag (a hash of the body) and If-None-Match → 304 on the API's GET responses.

    Hashing the rendered body is always right, whatever changed underneath (a review changes a task's
    status without touching the task): clients save the bandwidth; the server still computes the page.
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
