"""The 消保专线 reader pages: the form at /xiaobao/, the receipt, and the status page.

Thin: validation and storage are in intake.py and services.py. The pages carry a CSRF token
(they are forms), so the page cache never stores them; every answer says `no-store`.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from .errors import RequestNotFound
from .forms import DeskRequestForm
from .intake import submission_take
from .models.requests import Kind, Source
from .ratelimit import RATE_LIMIT_MESSAGE, limit_exceeded, submission_limit
from .rules import desk_rules
from .screenshots import max_bytes, max_count
from .services import request_for_reader

LOOKUPS_PER_MINUTE = 30


def _source_page(value) -> Page | None:
    try:
        return Page.objects.live().public().filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _form_context(form, *, errors=None, rate_limited=False) -> dict:
    return {
        "form": form,
        "errors": errors or {},
        "rate_limited": rate_limited,
        "kinds": Kind.choices,
        "max_screenshots": max_count(),
        "max_screenshot_mb": max_bytes() // (1024 * 1024),
        "ask_url": _ask_url(),
    }


def _ask_url() -> str:
    """The answer desk's address when the project has one (URL name `ask`), else empty."""
    try:
        return reverse("ask")
    except NoReverseMatch:
        return ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def desk_form(request):
    """The form (GET) and its submission (POST), which shows the receipt or the form with the errors."""
    if request.method != "POST":
        initial = {"kind": request.GET.get("kind") if request.GET.get("kind") in Kind.values else Kind.CONSULTATION}
        source = _source_page(request.GET.get("from"))
        if source is not None:
            initial["page"] = source.pk
        context = _form_context(DeskRequestForm(initial=initial))
        context["source_page"] = source
        return TemplateResponse(request, "desk/form.html", context)
    if limit_exceeded(request, scope="submit", limit=submission_limit()):
        return TemplateResponse(request, "desk/form.html", _form_context(DeskRequestForm(request.POST), rate_limited=True), status=429)
    intake = submission_take(data=request.POST, files=request.FILES.getlist("screenshots"), channel=Source.WEB)
    if intake.receipt is None:
        return TemplateResponse(request, "desk/form.html", _form_context(intake.form, errors=intake.errors), status=400)
    context = {"receipt": intake.receipt, "desk_request": intake.receipt.request, "advice": intake.receipt.urgent_advice}
    return TemplateResponse(request, "desk/receipt.html", context, status=201)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def desk_status(request):
    """Look a request up by its number and the phone's last four digits (or the query code); POST only, so they stay out of URLs."""
    context = {"number": "", "error": "", "desk_request": None, "advice": desk_rules().urgent_advice}
    if request.method == "POST":
        context["number"] = request.POST.get("number", "").strip()[:40]
        if limit_exceeded(request, scope="lookup", limit=LOOKUPS_PER_MINUTE):
            context["error"] = RATE_LIMIT_MESSAGE
            return TemplateResponse(request, "desk/status.html", context, status=429)
        try:
            context["desk_request"] = request_for_reader(
                number=context["number"], phone_last4=request.POST.get("phone_last4", ""), code=request.POST.get("code", "")
            )
        except RequestNotFound as error:
            context["error"] = str(error)
            return TemplateResponse(request, "desk/status.html", context, status=404)
    return TemplateResponse(request, "desk/status.html", context)
