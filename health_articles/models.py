import copy
import datetime
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from . import readability
from .blocks import ArticleBodyBlock

ARTICLES_PER_PAGE = 12


class ArticleQuerySet(PageQuerySet):
    def visible(self):
        """THE rule for what a visitor may see: live, and not in or under a
        page with a view restriction (password, login or groups).

        Every public surface (search results, totals, facets, autocomplete,
        did-you-mean, related reading, listings, tag pages, the A-Z, the
        JSON APIs) draws from this one method; search/query/visibility.py
        derives the engine's filter from it. Written as one NOT EXISTS
        subquery, the same rule as Wagtail's ``live().public()`` without its
        extra round trip to read every restriction first.
        """
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.live().exclude(Exists(restricted))


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


def also_known_as_names(text):
    """The other names in an ``also_known_as`` value: one per line, blanks
    dropped (also for search results built without a model instance)."""
    return [name.strip() for name in (text or "").splitlines() if name.strip()]


class HomePage(Page):
    """Site root: an introduction, the search box and the newest articles."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["health_articles.HealthArticleIndexPage", "wagtailcore.Page"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # An imported site's old /?p=ID addresses land here with a 200, so the
        # redirects middleware (which only looks at 404s) never sees them.
        if request.GET:
            from .old_addresses import old_address_redirect

            moved = old_address_redirect(request)
            if moved is not None:
                return moved
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = HealthArticlePage.objects.visible().order_by(
            "-first_published_at"
        )[:6]
        context["popular_tags"] = popular_tags(limit=16)
        return context


def popular_tags(limit=20):
    """Tags used by visible articles, most used first."""
    visible = HealthArticlePage.objects.visible().values("pk")
    return (
        Tag.objects.filter(
            health_articles_healtharticletag_items__content_object__in=visible
        )
        .annotate(article_count=models.Count("health_articles_healtharticletag_items"))
        .order_by("-article_count", "name")[:limit]
    )


class HealthArticleIndexPage(RoutablePageMixin, Page):
    """Lists live articles, filterable by tag (``?tag=slug`` or ``tag/<slug>/``)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["health_articles.HealthArticlePage"]
    parent_page_types = ["health_articles.HomePage", "wagtailcore.Page"]

    def articles(self):
        return (
            HealthArticlePage.objects.visible()
            .descendant_of(self)
            .prefetch_related("tags")
            .order_by("title")
        )

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, ARTICLES_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = kwargs.get("tag")
        if tag is None and request.GET.get("tag"):
            tag = Tag.objects.filter(slug=request.GET["tag"]).first()
            if tag is None:
                articles = articles.none()
        if tag is not None:
            articles = articles.filter(tags=tag)
        context["tag"] = tag
        context["articles"] = self.paginate(request, articles)
        context["tags"] = popular_tags(limit=40)
        return context

    def _merged_redirect(self, request, slug, query=False):
        """A permanent redirect to the tag ``slug`` was merged into, or None."""
        merged = MergedTag.objects.filter(old_slug=slug).select_related("tag").first()
        if merged is None:
            return None
        base = self.get_url(request=request) or self.url_path
        if query:
            return redirect(
                f"{base}?{urlencode({'tag': merged.tag.slug})}", permanent=True
            )
        return redirect(
            base + self.reverse_subpage("tag", args=(merged.tag.slug,)), permanent=True
        )

    @path("")
    def index_route(self, request):
        slug = request.GET.get("tag")
        if slug and not Tag.objects.filter(slug=slug).exists():
            response = self._merged_redirect(request, slug, query=True)
            if response is not None:
                return response
        return self.render(request)

    @path("tag/<slug:slug>/", name="tag")
    def tag_route(self, request, slug):
        if not Tag.objects.filter(slug=slug).exists():
            response = self._merged_redirect(request, slug)
            if response is not None:
                return response
        # A tag only drafts, private or deleted articles use is answered
        # like an unknown one: a 200 "(0)" would confirm a hidden topic.
        tag = get_object_or_404(
            Tag.objects.filter(
                health_articles_healtharticletag_items__content_object__in=(
                    self.articles().values("pk")
                )
            ).distinct(),
            slug=slug,
        )
        return self.render(request, tag=tag)


class HealthArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "health_articles.HealthArticlePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )


class HealthArticlePage(Page):
    objects = ArticleManager()

    summary = models.TextField(
        blank=True,
        help_text="The standfirst: one or two sentences shown under the title "
        "and in search results.",
    )
    also_known_as = models.TextField(
        blank=True,
        help_text="Other names people use for this topic, one per line "
        "(e.g. 'charley horse' for muscle cramps).",
    )
    clinical_terms = models.TextField(
        blank=True,
        help_text="Clinical names for this topic, one per line (e.g. the MeSH "
        "headings 'Mastitis' or 'Tachycardia'): search finds the article by "
        "them; visitors never see them.",
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=HealthArticleTag, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it.",
    )
    author = models.CharField(max_length=200, blank=True)
    reviewer = models.CharField(
        "medical reviewer",
        max_length=200,
        blank=True,
        help_text="Name and credentials, e.g. 'Dr Ana Silva, GP'.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    source_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="Identifier of the imported source item (set by the importer).",
    )
    source_url = models.URLField(max_length=500, blank=True)
    source_credit = models.CharField(max_length=300, blank=True)
    source_parent = models.CharField(
        max_length=255,
        blank=True,
        help_text="Source id of this item's parent page at the source (imported "
        "pages are placed flat under the article index).",
    )

    # Computed from the body whenever the page is saved (so at publish):
    # health_articles/readability.py. Shown read-only in the editor.
    reading_ease = models.FloatField(
        "Flesch reading ease",
        null=True,
        blank=True,
        editable=False,
        help_text="0-100: higher is easier. 60-70 is plain English; aim higher "
        "for health information.",
    )
    reading_grade = models.FloatField(
        "Flesch-Kincaid grade level",
        null=True,
        blank=True,
        editable=False,
        help_text="US school grade needed to follow the text; aim for 6-8.",
    )

    exclude_fields_in_copy = ["source_id", "source_url", "source_parent"]
    parent_page_types = ["health_articles.HealthArticleIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("also_known_as"),
        FieldPanel("clinical_terms"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading="Hero image",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("reading_ease", read_only=True),
                FieldPanel("reading_grade", read_only=True),
            ],
            heading="Readability (of the body as last published)",
        ),
        InlinePanel("related_links", label="Related articles (editor's picks)"),
    ]
    review_panels = [
        FieldPanel("author"),
        FieldPanel("reviewer"),
        FieldPanel("last_reviewed"),
        FieldPanel("next_review_due"),
        MultiFieldPanel(
            [
                FieldPanel("source_id"),
                FieldPanel("source_url"),
                FieldPanel("source_credit"),
                FieldPanel("source_parent"),
            ],
            heading="Imported from",
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("also_known_as", boost=5),
        index.AutocompleteField("also_known_as"),
        index.SearchField("clinical_terms"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields(
            "tags",
            [
                index.SearchField("name", boost=3),
                index.AutocompleteField("name"),
                index.FilterField("slug"),
            ],
        ),
        index.FilterField("last_reviewed"),
        index.FilterField("next_review_due"),
        index.SearchField("tag_names", boost=3),
        index.FilterField("tag_slugs"),
    ]

    class Meta:
        verbose_name = "health article"

    def save(self, *args, **kwargs):
        # Score a deep copy: reading blocks binds them and converts their raw
        # data in place, and a bound list block is saved in Wagtail's newer
        # form, which importers would then see as a changed body.
        body = self.body
        raw = copy.deepcopy(body.get_prep_value()) if body else None
        unbound = body.stream_block.to_python(raw) if body else body
        self.reading_ease, self.reading_grade = readability.scores(
            readability.body_text(unbound)
        )
        return super().save(*args, **kwargs)

    @property
    def review_due(self):
        """Past its next-review date: marked for editors only (admin
        listings and previews), never shown to visitors."""
        return (
            self.next_review_due is not None
            and self.next_review_due < datetime.date.today()
        )

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return f"{title} (review due)" if self.review_due else title

    @property
    def also_known_as_list(self):
        return also_known_as_names(self.also_known_as)

    def tag_slugs(self):
        return [tag.slug for tag in self.tags.all()]

    def tag_names(self):
        """Tag names as one text field, so queries need no nested lookups."""
        return " | ".join(tag.name for tag in self.tags.all())

    @cached_property
    def headings(self):
        """(anchor, text, level) for each heading block: the table of contents."""
        result = []
        for block in self.body:
            if block.block_type == "heading":
                anchor = block.block.get_anchor(block.value)
                result.append((anchor, block.value["text"], block.value["level"]))
        return result

    def faq_items(self):
        items = []
        for block in self.body:
            if block.block_type == "faq":
                items.extend(block.value["items"])
        return items

    def editor_picks(self):
        """The editor's related picks that visitors may see, in their order
        (related reading shows them first: search/related.py)."""
        ids = [
            link.page_id
            for link in self.related_links.all()
            if link.page_id and link.page_id != self.pk
        ]
        if not ids:  # most articles: no query for the rule
            return []
        visible = HealthArticlePage.objects.visible().filter(pk__in=ids)
        by_id = {page.pk: page for page in visible}
        return [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]


class RelatedArticle(Orderable):
    """An editor's pick shown first in an article's related reading."""

    source = ParentalKey(
        HealthArticlePage, related_name="related_links", on_delete=models.CASCADE
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page", "health_articles.HealthArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "related article"


class MergedTag(models.Model):
    """The slug of a tag that was merged into ``tag``: its old addresses
    (``tag/<old_slug>/``, ``?tag=<old_slug>``) redirect to the merged tag."""

    old_slug = models.SlugField(max_length=100, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "merged tag"

    def __str__(self):
        return f"{self.old_slug} -> {self.tag.slug}"
