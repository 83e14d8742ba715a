"""The privacy rules for visitors' query text (see "Privacy" in README.md).

* :func:`redact` is the one function every stored query passes through
  (``analytics.query_key`` calls it): e-mail addresses, phone numbers, long
  digit runs and whatever matches the administrators' pattern list
  (``SearchAnalyticsSettings.redaction_patterns``) are replaced by a marker
  such as ``[email]`` before anything is written.
* :func:`verbatim_queries` gives the stored queries that may be shown word for
  word to editors (analytics admin, CSV): those searched on at least ``k``
  distinct days (``SearchAnalyticsSettings.min_distinct_days``, default 3).
  Rarer ones are only counted, in a "rare queries" bucket.
* :func:`past_query_suggestions` gives the visitors' past queries that may be
  offered to other visitors in the autocomplete: found results on at least
  ``max(5, k)`` distinct days, no digits, e-mail or phone number, nothing
  redacted, and not on the editors' block list (``BlockedSuggestion``).
"""

import re

from django.db.models import Count, F, Sum

from .freshness import DerivedCache
from .models import BlockedSuggestion, SearchAnalyticsSettings, SearchQueryDaily
from .synonyms import normalise

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: seven digits or more, perhaps with +, spaces, dots,
# dashes or brackets between them ("+44 20 7946 0958", "(555) 123-4567").
PHONE = re.compile(r"(?<![\w])\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?![\w])")
# Any other run of five digits or more (postcodes, record or card numbers).
DIGITS = re.compile(r"\d{5,}")
MARKERS = ("[email]", "[phone]", "[number]", "[redacted]")
SUGGESTION_MIN_DAYS = 5
SUGGESTION_CANDIDATES = 5000
CACHE_SECONDS = 60.0


def invalidate():
    """Forget the cached settings and suggestions (after an admin change in
    this process; other processes see it within ``CACHE_SECONDS``)."""
    _settings_cache.invalidate()
    _suggestions_cache.invalidate()


def compile_patterns(text):
    """The administrators' pattern list (one regular expression a line) ->
    compiled patterns; raises ``re.error`` naming the bad line."""
    patterns = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:
            raise re.error(f"line {number} ({line!r}): {exc}") from None
    return patterns


def _build_settings():
    settings = SearchAnalyticsSettings.load()
    try:
        patterns = compile_patterns(settings.redaction_patterns)
    except re.error:  # the form refuses these; a raw edit must not break search
        patterns = []
    return {"k": settings.min_distinct_days, "patterns": patterns}


_settings_cache = DerivedCache(_build_settings, max_age=CACHE_SECONDS)


def _settings():
    return _settings_cache.get()


def min_distinct_days():
    return _settings()["k"]


def redact(text, patterns=None):
    """``text`` with what could identify a person replaced by markers, then
    normalised (the stored form): "Call 0161 496 0000 re: Rash" ->
    "call [phone] re rash". Markers survive normalisation."""
    patterns = _settings()["patterns"] if patterns is None else patterns
    text = (text or "").replace("’", "'")
    for pattern in patterns:
        text = pattern.sub("\x00redacted\x00", text)
    text = EMAIL.sub("\x00email\x00", text)
    text = PHONE.sub("\x00phone\x00", text)
    text = DIGITS.sub("\x00number\x00", text)
    pieces = text.split("\x00")
    # Even pieces are text, odd ones the names of markers.
    out = []
    for index, piece in enumerate(pieces):
        words = f"[{piece}]" if index % 2 else normalise(piece)
        if words:
            out.append(words)
    return " ".join(out)


def is_redacted(key):
    return any(marker in key for marker in MARKERS)


def verbatim_queries(k=None):
    """A queryset of the stored query texts that were searched on at least
    ``k`` distinct days (in everything kept): the ones editors may read."""
    k = min_distinct_days() if k is None else k
    return (
        SearchQueryDaily.objects.filter(searches__gt=0)
        .values("query")
        .annotate(days=Count("date"))
        .filter(days__gte=k)
        .values("query")
    )


def rare_bucket(start, end, k=None):
    """Counts for the queries of a period that are not shown verbatim."""
    rows = SearchQueryDaily.objects.filter(date__gte=start, date__lte=end).exclude(
        query__in=verbatim_queries(k)
    )
    result = rows.aggregate(
        searches=Sum("searches"),
        zero_result_searches=Sum("zero_result_searches"),
        clicks=Sum("clicks"),
    )
    result = {key: value or 0 for key, value in result.items()}
    result["distinct_queries"] = (
        rows.filter(searches__gt=0).values("query").distinct().count()
    )
    return result


def blocked(key, block_list):
    """True when ``key`` contains a blocked term (as whole words)."""
    padded = f" {key} "
    return any(f" {term} " in padded for term in block_list)


def suggestable(key, block_list=()):
    """The text rule for offering a past query to visitors."""
    return bool(
        key
        and not any(ch.isdigit() for ch in key)
        and not is_redacted(key)
        and key == redact(key)
        and not blocked(key, block_list)
    )


def _candidates():
    """Past queries that pass every rule, most searched first (cached)."""
    days = max(SUGGESTION_MIN_DAYS, min_distinct_days())
    rows = (
        SearchQueryDaily.objects.filter(searches__gt=F("zero_result_searches"))
        .values("query")
        .annotate(days=Count("date"), total=Sum("searches"))
        .filter(days__gte=days)
        .order_by("-total", "query")[:SUGGESTION_CANDIDATES]
    )
    block_list = [
        normalise(term)
        for term in BlockedSuggestion.objects.values_list("term", flat=True)
        if normalise(term)
    ]
    return [row["query"] for row in rows if suggestable(row["query"], block_list)]


_suggestions_cache = DerivedCache(_candidates, max_age=CACHE_SECONDS)


def past_query_suggestions(prefix, exclude=(), limit=3):
    """Past queries (most searched first) whose words start with ``prefix``."""
    text = normalise(prefix)
    if not text or limit <= 0:
        return []
    found = []
    for key in _suggestions_cache.get():
        if key in exclude or not (key.startswith(text) or f" {text}" in key):
            continue
        found.append(key)
        if len(found) >= limit:
            break
    return found
