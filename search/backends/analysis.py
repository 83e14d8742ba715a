"""Analysis settings added to Wagtail's index: English stemming, ASCII folding,
UK/US spelling folding. Synonyms are applied at query time by search/query.py,
so a saved synonym never needs a reindex."""

from search.spelling import SPELLING_FRAGMENTS

TEXT_ANALYZER = "health_text"
# Wagtail's catch-all ``_all_text`` field (a second copy of every article body,
# searched only by Wagtail's generic search, e.g. the admin's page search):
# the same chain without the spelling char filter, which cost about a third of
# the engine's indexing time. Our queries (search/query.py) never use it.
ALL_TEXT_ANALYZER = "health_text_all"
# Whole words, folded but not stemmed: the target for typo tolerance.
WORDS_ANALYZER = "health_words"
AUTOCOMPLETE_SEARCH_ANALYZER = "health_autocomplete_search"

ANALYSIS_SETTINGS = {
    "char_filter": {
        "health_spelling": {
            "type": "mapping",
            # The mapping char filter is case-sensitive: cover the usual cases.
            "mappings": [
                f"{source} => {target}"
                for uk, us in SPELLING_FRAGMENTS
                for source, target in (
                    (uk, us),
                    (uk.capitalize(), us.capitalize()),
                    (uk.upper(), us.upper()),
                )
            ],
        }
    },
    "filter": {
        "health_possessive": {"type": "stemmer", "language": "possessive_english"},
        "health_stemmer": {"type": "stemmer", "language": "english"},
    },
    "analyzer": {
        TEXT_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["health_spelling"],
            "filter": [
                "health_possessive",
                "lowercase",
                "asciifolding",
                "health_stemmer",
            ],
        },
        ALL_TEXT_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "health_possessive",
                "lowercase",
                "asciifolding",
                "health_stemmer",
            ],
        },
        WORDS_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["health_spelling"],
            "filter": ["health_possessive", "lowercase", "asciifolding"],
        },
        # Wagtail's edgengram_analyzer folds case and accents at index time;
        # the search side must do the same.
        AUTOCOMPLETE_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["health_spelling"],
            "filter": ["lowercase", "asciifolding"],
        },
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": ["health_spelling"],
            "filter": ["asciifolding", "lowercase", "edgengram"],
        },
    },
}
