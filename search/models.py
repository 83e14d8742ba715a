from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


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
