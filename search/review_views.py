"""Admin views of review freshness (search/review.py): Reports > Overdue
articles in popular searches, and its top five as a dashboard panel.

Both are for editors with the "view search analytics" permission (they show
query texts from search analytics)."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import review
from .admin_views import can_view_analytics

PANEL_ROWS = 5


class StaleSearchesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/stale_searches.html"
    page_title = "Overdue articles in popular searches"
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_analytics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=review.stale_popular_searches(),
            days=review.DAYS,
            top=review.TOP_RESULTS,
            checked=review.MAX_QUERIES,
        )
        return context


class StaleSearchesPanel(Component):
    name = "stale_searches"
    order = 150
    template_name = "search/admin/stale_searches_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            rows=review.stale_popular_searches(limit=PANEL_ROWS),
            days=review.DAYS,
        )
        return context
