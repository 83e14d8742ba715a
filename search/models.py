from django.contrib.contenttypes.models import ContentType
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


class IndexOutboxEntry(models.Model):
    """One pending change to one search backend's index.

    Written in the same transaction as the content change, removed only once
    the backend has accepted it. A newer change to the same object replaces
    the pending one (``version`` guards against removing a change that arrived
    while an older one was being delivered).
    """

    ACTION_INDEX = "index"
    ACTION_DELETE = "delete"
    ACTIONS = [(ACTION_INDEX, "index"), (ACTION_DELETE, "delete")]

    backend = models.CharField(max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=ACTIONS)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    # A delivering process claims rows for a short lease, so two processes
    # never send the same object at once (an older copy could land last).
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "index outbox entry"
        verbose_name_plural = "index outbox entries"
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "content_type", "object_id"],
                name="unique_pending_index_change",
            )
        ]

    def __str__(self):
        return (
            f"{self.action} {self.content_type_id}:{self.object_id} -> {self.backend}"
        )


class Synonym(models.Model):
    """A search-time synonym rule, applied to queries (never needs a reindex).

    ``equivalent``: every term finds every other ("charley horse, muscle cramp").
    ``one_way``: the first term also finds the others ("tummy => abdomen").
    """

    KIND_EQUIVALENT = "equivalent"
    KIND_ONE_WAY = "one_way"
    KINDS = [
        (KIND_EQUIVALENT, "Equivalent terms"),
        (KIND_ONE_WAY, "One-way mapping"),
    ]

    kind = models.CharField(max_length=20, choices=KINDS, default=KIND_EQUIVALENT)
    terms = models.TextField(
        help_text="Comma-separated. For a one-way mapping, the first term is the "
        "one people type and the rest are what it should also find."
    )
    enabled = models.BooleanField(default=True)
    notes = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        terms = self.term_list()
        if self.kind == self.KIND_ONE_WAY and terms:
            return f"{terms[0]} => {', '.join(terms[1:])}"
        return ", ".join(terms)

    def term_list(self):
        return [t.strip().lower() for t in self.terms.split(",") if t.strip()]


# ---------------------------------------------------------------- analytics


class SearchQueryDaily(models.Model):
    """Daily counts for one normalised query text. No personal data: no IP
    addresses, user ids or sessions, only the query text, a date and counts."""

    query = models.CharField(max_length=255)
    date = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    autocomplete_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "search query (daily)"
        verbose_name_plural = "search queries (daily)"
        constraints = [
            models.UniqueConstraint(
                fields=["query", "date"], name="unique_search_query_per_day"
            )
        ]
        permissions = [("view_search_analytics", "Can view search analytics")]

    def __str__(self):
        return f"{self.query} ({self.date}): {self.searches}"


class SearchAnalyticsSettings(models.Model):
    """Singleton (pk=1): how long search analytics are kept."""

    DEFAULT_RETENTION_DAYS = 365

    retention_days = models.PositiveIntegerField(
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Daily search counts older than this many days are deleted.",
    )
    last_pruned_on = models.DateField(null=True, blank=True, editable=False)
    min_distinct_days = models.PositiveIntegerField(
        "k: distinct days before a query is shown",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A query is shown word for word in the analytics and the CSV "
        "only once it was searched on at least this many different days; rarer "
        "ones are counted together as “rare queries”. Suggestions to visitors "
        "need at least 5 days, and never fewer than this.",
    )
    redaction_patterns = models.TextField(
        blank=True,
        help_text="Extra text to remove from queries before they are stored: one "
        "regular expression a line (case-insensitive), e.g. a patient number "
        "format “\\bMRN\\s*\\w+”. E-mail addresses, phone numbers and runs of five "
        "digits or more are always removed.",
    )

    class Meta:
        verbose_name = "search analytics settings"
        verbose_name_plural = "search analytics settings"

    def __str__(self):
        return f"Keep search analytics for {self.retention_days} days"

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


class BlockedSuggestion(models.Model):
    """A word or phrase editors never want offered to visitors as a
    suggested search (a past query containing it is never suggested)."""

    term = models.CharField(max_length=100, unique=True)
    notes = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "blocked suggestion"
        verbose_name_plural = "blocked suggestions"

    def __str__(self):
        return self.term


class IndexRebuild(models.Model):
    """One full rebuild of a backend's index, run in the background."""

    STATUS_RUNNING = "running"
    STATUS_SUCCEEDED = "succeeded"
    STATUS_FAILED = "failed"
    STATUSES = [
        (STATUS_RUNNING, "Running"),
        (STATUS_SUCCEEDED, "Succeeded"),
        (STATUS_FAILED, "Failed"),
    ]

    backend = models.CharField(max_length=50, default="default")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default=STATUS_RUNNING)
    documents = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"
        permissions = [
            ("manage_search_index", "Can see index health and rebuild the index")
        ]

    def __str__(self):
        started = f"{self.started_at:%Y-%m-%d %H:%M}"
        return f"Rebuild of {self.backend} at {started} ({self.status})"

    @property
    def is_running(self):
        return self.status == self.STATUS_RUNNING

    @property
    def percent(self):
        if self.status == self.STATUS_SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.documents / self.total))


# ---------------------------------------------------------------- popular topics


class ArticleClickDaily(models.Model):
    """Clicks from search (results or suggestions) to one article on one day.

    Only the article, a date and a count: nothing about the visitor and not
    the query text. Feeds "Popular topics" (search/popular.py)."""

    article = models.ForeignKey(
        "health_articles.HealthArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(db_index=True)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "article clicks (daily)"
        verbose_name_plural = "article clicks (daily)"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "date"], name="unique_article_clicks_per_day"
            )
        ]

    def __str__(self):
        return f"{self.article_id} ({self.date}): {self.clicks}"


class PopularTopic(models.Model):
    """An article editors choose for "Popular topics" when there are not
    enough clicks to go on (a new site, a quiet month)."""

    page = models.ForeignKey(
        "health_articles.HealthArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="article",
    )
    sort_order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first."
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "popular topic"
        verbose_name_plural = "popular topics (editors' choice)"
        constraints = [
            models.UniqueConstraint(fields=["page"], name="unique_popular_topic")
        ]

    def __str__(self):
        return self.page.title


class WordStart(models.Model):
    """One start of a word (its first 1 to ``search.word_starts.LONGEST``
    letters) of a live article's title, other names or tags: the database
    backend's autocomplete index, kept by the outbox (search/word_starts.py).

    ``rank`` orders candidates as autocomplete shows them: 0 the title
    starts with it, 1 an other name does, 2 a later title word, 3 the rest.
    """

    prefix = models.CharField(max_length=12)
    article_id = models.PositiveIntegerField()
    rank = models.PositiveSmallIntegerField()
    title_length = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "article_id"], name="unique_word_start"
            )
        ]
        indexes = [
            # A prefix's best candidates are the first rows of this index.
            models.Index(
                fields=["prefix", "rank", "title_length", "article_id"],
                name="search_wordstart_best",
            ),
            models.Index(fields=["article_id"], name="search_wordstart_article"),
        ]

    def __str__(self):
        return f"{self.prefix} -> {self.article_id}"


# ---------------------------------------------------------------- urgent help


class UrgentHelpEntry(models.Model):
    """An urgent-help message shown above every result when a query matches.

    Matched by search/urgent.py through the same normalisation, synonym
    expansion and question-word handling as search. The message may hold
    ``{emergency_number}``, ``{poison_control_number}`` and
    ``{crisis_line_number}``: they are replaced with the numbers of the site
    (Settings > Urgent help numbers), also inside ``tel:`` links.
    """

    title = models.CharField(max_length=200)
    message = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Shown in a banner above the results. Use {emergency_number}, "
        "{poison_control_number} or {crisis_line_number} for the site's numbers "
        "(also in phone links: tel:{emergency_number}).",
    )
    phrases = models.TextField(
        help_text="One per line. The entry shows when every word of a phrase is "
        "in the query (any order; question and filler words are ignored; "
        "typos and inflections are tolerated), e.g. 'chest pain'."
    )
    synonym_sets = models.TextField(
        blank=True,
        help_text="One set per line, comma-separated words that mean the same "
        "for this entry, e.g. 'pain, hurts, ache, tight, pressure'. The site's "
        "own synonym rules apply as well.",
    )
    exclusions = models.TextField(
        blank=True,
        help_text="One phrase per line: the entry never shows when the query "
        "holds one of these (e.g. 'food' for a poisoning entry).",
    )
    article = models.ForeignKey(
        "health_articles.HealthArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: an article to read next (shown only while live "
        "and public).",
    )
    priority = models.PositiveIntegerField(
        default=100,
        help_text="When several entries match, the lowest number shows.",
    )
    enabled = models.BooleanField(default=True)
    starter = models.BooleanField(
        default=False,
        editable=False,
        help_text="Shipped with the project (removed if its migration is reversed).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "title"]
        verbose_name = "urgent help entry"
        verbose_name_plural = "urgent help entries"

    def __str__(self):
        return self.title

    @staticmethod
    def _lines(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def phrase_list(self):
        return self._lines(self.phrases)

    def exclusion_list(self):
        return self._lines(self.exclusions)

    def synonym_set_list(self):
        return [
            [term.strip() for term in line.split(",") if term.strip()]
            for line in self._lines(self.synonym_sets)
        ]


dialable_number = RegexValidator(
    r"^\+?[0-9(][0-9 ().-]*[0-9]$|^[0-9]$",
    "Enter one number to dial: digits, spaces, dashes, dots or brackets, with "
    "an optional leading +. Messages link it as tel:, so '999 or 112' would "
    "dial 999112: put a second number in the message itself.",
)


@register_setting(icon="warning")
class UrgentHelpSettings(BaseSiteSetting):
    """The phone numbers urgent-help messages refer to, per site."""

    emergency_number = models.CharField(
        max_length=40,
        validators=[dialable_number],
        default="911",
        help_text="Replaces {emergency_number} in urgent-help messages.",
    )
    poison_control_number = models.CharField(
        max_length=40,
        validators=[dialable_number],
        default="1-800-222-1222",
        help_text="Replaces {poison_control_number}.",
    )
    crisis_line_number = models.CharField(
        max_length=40,
        validators=[dialable_number],
        default="988",
        help_text="Replaces {crisis_line_number}.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "urgent help numbers"

    def numbers(self):
        return {
            "emergency_number": self.emergency_number,
            "poison_control_number": self.poison_control_number,
            "crisis_line_number": self.crisis_line_number,
        }


class UrgentHelpShownDaily(models.Model):
    """How often one urgent-help entry showed on one day: the entry, a date
    and counts, never the query text."""

    entry = models.ForeignKey(
        UrgentHelpEntry, on_delete=models.CASCADE, related_name="shown_counts"
    )
    date = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(
        default=0, help_text="Shown above search results (first page)."
    )
    suggestions = models.PositiveIntegerField(
        default=0, help_text="Shown at the top of the live-search dropdown."
    )

    class Meta:
        verbose_name = "urgent help shown (daily)"
        verbose_name_plural = "urgent help shown (daily)"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "date"], name="unique_urgent_help_shown_per_day"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} ({self.date}): {self.searches}+{self.suggestions}"
