"""Search management in the Wagtail admin: synonyms, analytics, index health.

Permissions (see also search/wagtail_hooks.py and migration 0004):

* Synonyms (list, add, edit, delete, CSV import/export): Django's model
  permissions on ``search.Synonym`` (add/change/delete). Administrators only:
  superusers, or a group given those permissions in Settings > Groups.
* Search analytics (dashboard, CSV export): ``search.view_search_analytics``,
  given to Wagtail's "Editors" and "Moderators" groups by migration 0004.
* Analytics retention: ``search.change_searchanalyticssettings`` (administrators).
* Index health and rebuild: ``search.manage_search_index`` (administrators).
* Promoted results: Wagtail's own search_promotions permissions, given to
  "Editors" and "Moderators" by migration 0004.

Anonymous visitors are sent to the admin login by Wagtail; signed-in users
without the permission get Wagtail's "permission denied" redirect.
"""

import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.index import get_indexed_models

from . import analytics, background, csv_io, indexing, privacy, synonyms
from .admin_impact import ImpactPreviewMixin
from .forms import SearchAnalyticsSettingsForm, SynonymImportForm
from .index_health import index_health, short_error
from .models import IndexRebuild, SearchAnalyticsSettings, Synonym

logger = logging.getLogger("search")

VIEW_ANALYTICS = "search.view_search_analytics"
CONFIGURE_ANALYTICS = "search.change_searchanalyticssettings"
MANAGE_INDEX = "search.manage_search_index"
MANAGE_SYNONYMS = (
    "search.add_synonym",
    "search.change_synonym",
    "search.delete_synonym",
)
PROMOTE = "wagtailsearchpromotions.add_searchpromotion"


def can_view_analytics(user):
    return user.has_perm(VIEW_ANALYTICS)


def can_configure_analytics(user):
    return user.has_perm(CONFIGURE_ANALYTICS)


def can_manage_index(user):
    return user.has_perm(MANAGE_INDEX)


def can_add_synonyms(user):
    return user.has_perm("search.add_synonym")


def can_manage_synonyms(user):
    return any(user.has_perm(p) for p in MANAGE_SYNONYMS)


def can_promote(user):
    return user.has_perm(PROMOTE)


class PermissionRequiredMixin:
    """Raise PermissionDenied (Wagtail turns it into its usual redirect)."""

    permission_check = None

    def dispatch(self, request, *args, **kwargs):
        if not type(self).permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SearchAdminMixin(WagtailAdminTemplateMixin):
    section = None

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        items.append({"url": "", "label": "Search"})
        if self.section:
            items.append({"url": self.section[1], "label": self.section[0]})
        items.append({"url": "", "label": self.get_page_title()})
        return items


# ---------------------------------------------------------------- urgent help


class UrgentHelpIndexView(generic.IndexView):
    """The entries with how often each was shown in the last 30 days (the
    list's "Shown" column). Wagtail 8's index view builds its own queryset,
    so the count is annotated here, not in the viewset's get_queryset."""

    def get_base_queryset(self):
        since = datetime.date.today() - datetime.timedelta(days=29)
        in_range = Q(shown_counts__date__gte=since)
        return (
            super()
            .get_base_queryset()
            .annotate(
                shown=Coalesce(Sum("shown_counts__searches", filter=in_range), 0)
                + Coalesce(Sum("shown_counts__suggestions", filter=in_range), 0)
            )
        )


# ---------------------------------------------------------------- synonyms


class SynonymIndexView(generic.IndexView):
    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        buttons.append(
            HeaderButton(
                "Export CSV",
                url=reverse("search_synonyms:export"),
                icon_name="download",
            )
        )
        if can_add_synonyms(self.request.user):
            buttons.append(
                HeaderButton(
                    "Import CSV",
                    url=reverse("search_synonyms:import"),
                    icon_name="upload",
                )
            )
        return buttons


class SynonymCreateView(ImpactPreviewMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        terms = self.request.GET.get("terms", "")[:500]
        if terms:
            initial["terms"] = terms
        if self.request.GET.get("kind") in dict(Synonym.KINDS):
            initial["kind"] = self.request.GET["kind"]
        return initial

    def save_instance(self):
        instance = super().save_instance()
        synonyms.invalidate()
        return instance


class SynonymEditView(ImpactPreviewMixin, generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        synonyms.invalidate()
        return instance


class SynonymDeleteView(generic.DeleteView):
    def delete_action(self):
        super().delete_action()
        synonyms.invalidate()


class _InvalidatesPrivacy:
    def save_instance(self):
        instance = super().save_instance()
        privacy.invalidate()
        return instance


class BlockedSuggestionCreateView(_InvalidatesPrivacy, generic.CreateView):
    pass


class BlockedSuggestionEditView(_InvalidatesPrivacy, generic.EditView):
    pass


class BlockedSuggestionDeleteView(generic.DeleteView):
    def delete_action(self):
        super().delete_action()
        privacy.invalidate()


def synonyms_export(request):
    if not can_manage_synonyms(request.user):
        raise PermissionDenied
    response = HttpResponse(
        csv_io.export_synonyms(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="synonyms.csv"'
    return response


class SynonymImportView(PermissionRequiredMixin, SearchAdminMixin, FormView):
    permission_check = staticmethod(
        lambda user: all(user.has_perm(p) for p in MANAGE_SYNONYMS)
    )
    form_class = SynonymImportForm
    template_name = "search/admin/synonym_import.html"
    page_title = "Import synonyms"
    header_icon = "upload"

    @property
    def section(self):
        return ("Synonyms", reverse("search_synonyms:index"))

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > csv_io.MAX_IMPORT_BYTES:
            form.add_error("file", "The file is too large: at most 1 MB.")
            return self.form_invalid(form)
        result = csv_io.import_synonyms(upload.read(), mode=form.cleaned_data["mode"])
        if not result.ok:
            messages.error(
                self.request,
                "Nothing was imported: fix the problems listed below and try again.",
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=result.errors)
            )
        messages.success(
            self.request,
            f"Synonyms imported: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged"
            + (f", {result.deleted} replaced." if result.deleted else "."),
        )
        return redirect("search_synonyms:index")


# ---------------------------------------------------------------- analytics


def _period(request):
    try:
        days = int(request.GET.get("days", analytics.DEFAULT_PERIOD))
    except (TypeError, ValueError):
        days = analytics.DEFAULT_PERIOD
    return days if days in analytics.PERIODS else analytics.DEFAULT_PERIOD


class AnalyticsView(PermissionRequiredMixin, SearchAdminMixin, TemplateView):
    permission_check = staticmethod(can_view_analytics)
    template_name = "search/admin/analytics.html"
    page_title = "Search analytics"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        analytics.flush()  # this process's latest searches (others: within 2 s)
        analytics.maybe_prune()
        context = super().get_context_data(**kwargs)
        days = _period(self.request)
        end = timezone.localdate()
        start = analytics.period_start(days, end)
        user = self.request.user
        context.update(
            {
                "days": days,
                "periods": analytics.PERIODS,
                "start": start,
                "end": end,
                "totals": analytics.totals(start, end),
                "top_queries": analytics.top_queries(start, end),
                "zero_result_queries": analytics.zero_result_queries(start, end),
                "no_click_queries": analytics.no_click_queries(start, end),
                "chart": analytics.trend_chart(analytics.daily_trend(start, end)),
                "can_add_synonyms": can_add_synonyms(user),
                "can_promote": can_promote(user),
                "can_configure": can_configure_analytics(user),
                "retention_days": analytics.retention_days(),
                "synonym_add_url": reverse("search_synonyms:add"),
                "promote_url": reverse("search_analytics:promote"),
            }
        )
        return context


def analytics_export(request):
    if not can_view_analytics(request.user):
        raise PermissionDenied
    analytics.flush()
    days = _period(request)
    end = timezone.localdate()
    start = analytics.period_start(days, end)
    response = HttpResponse(
        csv_io.export_analytics(start, end), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="search-analytics-{start}-to-{end}.csv"'
    )
    return response


def promote_query(request):
    """Start (or continue) promoted results for a query: its edit form.

    A GET never writes: an existing query opens its edit form, a new one a
    page whose button POSTs here; the POST creates the query and opens its
    edit form.
    """
    if not can_promote(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    key = analytics.query_key(data.get("q", ""))
    if not key:
        return redirect("wagtailsearchpromotions:add")
    query = Query.objects.filter(query_string=key).first()
    if query is None and request.method == "POST":
        query = Query.get(key)
    if query is None:
        return TemplateResponse(
            request,
            "search/admin/promote_confirm.html",
            {"query_text": key, "page_title": "Promote a result"},
        )
    return redirect("wagtailsearchpromotions:edit", query.pk)


class AnalyticsSettingsView(PermissionRequiredMixin, SearchAdminMixin, FormView):
    permission_check = staticmethod(can_configure_analytics)
    form_class = SearchAnalyticsSettingsForm
    template_name = "search/admin/analytics_settings.html"
    page_title = "Analytics privacy and retention"
    header_icon = "cog"

    @property
    def section(self):
        return ("Search analytics", reverse("search_analytics:index"))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = SearchAnalyticsSettings.load()
        return kwargs

    def form_valid(self, form):
        form.save()
        privacy.invalidate()
        counts = analytics.prune()
        messages.success(
            self.request,
            f"Search analytics are kept for {form.instance.retention_days} days. "
            f"{counts['daily_rows']} older daily row(s) deleted.",
        )
        return redirect("search_analytics:index")


# ---------------------------------------------------------------- index health


class _ProgressOutput:
    """A stdout for update_index that counts indexed chunks into the row."""

    def __init__(self, rebuild_id, chunk_size):
        self.rebuild_id = rebuild_id
        self.chunk_size = chunk_size
        self.chunks = 0
        self.last_saved = 0.0

    def write(self, text):
        dots = text.count(".") if set(text.strip()) <= {"."} else 0
        if not dots:
            return
        self.chunks += dots
        now = timezone.now().timestamp()
        if now - self.last_saved >= 0.5:
            self.last_saved = now
            self.save()

    def save(self):
        IndexRebuild.objects.filter(pk=self.rebuild_id).update(
            documents=self.chunks * self.chunk_size
        )

    def flush(self):
        pass


def _expected_documents():
    total = 0
    for model in get_indexed_models():
        try:
            total += model.get_indexed_objects().count()
        except Exception:  # noqa: BLE001 - an estimate only
            continue
    return total


def run_rebuild(rebuild_id, chunk_size=100):
    """Rebuild the index for one IndexRebuild row (in the background thread)."""
    rebuild = IndexRebuild.objects.get(pk=rebuild_id)
    output = _ProgressOutput(rebuild_id, chunk_size)
    try:
        indexing.rebuild_index(rebuild.backend, chunk_size=chunk_size, stdout=output)
        IndexRebuild.objects.filter(pk=rebuild_id).update(
            status=IndexRebuild.STATUS_SUCCEEDED,
            finished_at=timezone.now(),
            documents=_expected_documents(),
        )
    except Exception as exc:  # noqa: BLE001 - recorded for the page
        logger.exception("Index rebuild failed")
        IndexRebuild.objects.filter(pk=rebuild_id).update(
            status=IndexRebuild.STATUS_FAILED,
            finished_at=timezone.now(),
            error=short_error(exc),
        )


STALE_AFTER = datetime.timedelta(hours=6)


def start_rebuild(backend_name="default"):
    """Create an IndexRebuild row and run it (in a thread unless disabled).

    Returns (rebuild, started): ``started`` is False if one is already running.
    """
    running = IndexRebuild.objects.filter(status=IndexRebuild.STATUS_RUNNING).first()
    if running is not None:
        if timezone.now() - running.started_at < STALE_AFTER:
            return running, False
        IndexRebuild.objects.filter(pk=running.pk).update(
            status=IndexRebuild.STATUS_FAILED,
            finished_at=timezone.now(),
            error="Interrupted (the server restarted while it was running).",
        )
    rebuild = IndexRebuild.objects.create(
        backend=backend_name, total=_expected_documents()
    )
    if getattr(settings, "SEARCH_REBUILD_IN_THREAD", True):
        background.start(run_rebuild, rebuild.pk, name="search-rebuild")
    else:
        run_rebuild(rebuild.pk)
        rebuild.refresh_from_db()
    return rebuild, True


class IndexHealthView(PermissionRequiredMixin, SearchAdminMixin, TemplateView):
    permission_check = staticmethod(can_manage_index)
    template_name = "search/admin/index_health.html"
    page_title = "Index health"
    header_icon = "cogs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        info = index_health()
        context["info"] = info
        context["rebuild"] = info["last_rebuild"]
        context["in_sync"] = info["indexed_documents"] == info["expected_documents"]
        context["refresh"] = bool(
            info["last_rebuild"] and info["last_rebuild"].is_running
        )
        return context


class RebuildIndexView(PermissionRequiredMixin, View):
    permission_check = staticmethod(can_manage_index)
    http_method_names = ["post"]

    def post(self, request):
        rebuild, started = start_rebuild("default")
        if started:
            messages.success(
                request,
                "The index is being rebuilt in the background. Search keeps "
                "answering from the current index until the new one is ready.",
            )
        else:
            messages.warning(
                request,
                format_html(
                    "A rebuild started at {} is still running.",
                    timezone.localtime(rebuild.started_at).strftime("%H:%M:%S"),
                ),
            )
        return redirect("search_index_health:index")
