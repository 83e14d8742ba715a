"""Search > Readability: every live article's reading ease and grade level
(stored at publish, health_articles/readability.py), most visited from
search first (clicks in ``ArticleClickDaily`` over the last 30 days), so
editors simplify the articles people actually read."""

from django.core.paginator import Paginator
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.views.generic import TemplateView

from health_articles.models import HealthArticlePage
from health_articles.readability import describe

from .admin_views import PermissionRequiredMixin, SearchAdminMixin, can_view_analytics
from .analytics import period_start
from .models import ArticleClickDaily

DAYS = 30
PER_PAGE = 50


def articles_by_traffic(days=DAYS, today=None):
    """Live articles with ``clicks`` (last ``days`` days), most clicked first;
    among equals the hardest to read first."""
    start = period_start(days, today or timezone.localdate())
    clicks = (
        ArticleClickDaily.objects.filter(article=OuterRef("pk"), date__gte=start)
        .values("article")
        .annotate(total=Sum("clicks"))
        .values("total")
    )
    return (
        HealthArticlePage.objects.live()
        .annotate(
            clicks=Coalesce(Subquery(clicks, output_field=IntegerField()), Value(0))
        )
        .order_by("-clicks", F("reading_ease").asc(nulls_last=True), "title")
        .only("id", "title", "reading_ease", "reading_grade")
    )


class ReadabilityReportView(PermissionRequiredMixin, SearchAdminMixin, TemplateView):
    permission_check = staticmethod(can_view_analytics)
    template_name = "search/admin/readability.html"
    page_title = "Readability"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(articles_by_traffic(), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        for article in page:
            article.reading_label = describe(article.reading_ease)
        context.update({"page_obj": page, "days": DAYS})
        return context
