"""Forms and validation for search management in the Wagtail admin.

Synonym rules are validated in one place (:func:`parse_rule` and
:class:`RuleIndex`), shared by the admin form and the CSV import, so both give
the same message for the same problem.

Rules about duplicates (the same as the starter list's):
* a term may be in only one enabled equivalent set;
* a term may start only one enabled one-way mapping;
* the same term twice in one rule is an error.
A one-way mapping's source may also be in an equivalent set (the starter list
does this: "vertigo" is a kind of dizziness and also has equivalents).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import WagtailAdminModelForm

from .models import SearchAnalyticsSettings, Synonym
from .privacy import compile_patterns
from .synonyms import normalise

MAX_TERM_LENGTH = 100
MAX_TERMS = 30
MAX_TERMS_TEXT = 2000
ARROW = "=>"
MAX_PATTERNS_TEXT = 2000


def clean_term(text):
    return " ".join((text or "").split()).lower()


def parse_rule(text, kind=None):
    """``text`` ("a, b, c" or "a => b, c") -> (kind, [terms], [error messages]).

    "=>" always makes a one-way mapping; otherwise ``kind`` (default equivalent).
    """
    errors = []
    text = text or ""
    if len(text) > MAX_TERMS_TEXT:
        return (
            kind or Synonym.KIND_EQUIVALENT,
            [],
            [f"The terms are too long: at most {MAX_TERMS_TEXT} characters in all."],
        )
    if ARROW in text:
        parts = text.split(ARROW)
        if len(parts) != 2:
            return (
                Synonym.KIND_ONE_WAY,
                [],
                ["Use “=>” only once, as in “tummy => abdomen, belly”."],
            )
        kind = Synonym.KIND_ONE_WAY  # "=>" always means a one-way mapping
        source, targets = parts
        if "," in source:
            return (
                kind,
                [],
                ["Put exactly one term before “=>” (the words people type)."],
            )
        if not source.strip() or not targets.strip(" ,\t\n"):
            return (
                kind,
                [],
                [
                    "A one-way mapping needs the term people type, then “=>” and at "
                    "least one term it should also find, e.g. “tummy => abdomen”."
                ],
            )
        raw_terms = [source] + targets.split(",")
    else:
        kind = kind or Synonym.KIND_EQUIVALENT
        raw_terms = text.split(",")
    terms = []
    seen = {}
    empty_reported = False
    for position, raw in enumerate(raw_terms, start=1):
        term = clean_term(raw)
        if not term:
            if len(raw_terms) > 1 and not empty_reported and text.strip():
                errors.append(
                    f"Term {position} is empty: remove the extra comma or add "
                    "the missing term."
                )
                empty_reported = True
            continue
        if len(term) > MAX_TERM_LENGTH:
            errors.append(
                f"“{term[:40]}…” is too long: a term has at most "
                f"{MAX_TERM_LENGTH} characters."
            )
            continue
        key = normalise(term)
        if not key:
            errors.append(f"“{term}” has no letters or digits.")
            continue
        if key in seen:
            errors.append(f"“{term}” appears more than once in this rule.")
            continue
        seen[key] = term
        terms.append(term)
    if not text.strip():
        errors.append("Enter the terms, separated by commas.")
    elif len(terms) < 2 and not errors:
        if kind == Synonym.KIND_ONE_WAY:
            errors.append(
                "A one-way mapping needs the term people type, then “=>” and at "
                "least one term it should also find."
            )
        else:
            errors.append(
                "Enter at least two terms, separated by commas, e.g. “charley "
                "horse, muscle cramp”."
            )
    if len(terms) > MAX_TERMS:
        errors.append(f"Too many terms: at most {MAX_TERMS} in one rule.")
    return kind, terms, errors


def rule_text(kind, terms):
    """How a rule is written in the admin and in CSV files."""
    if kind == Synonym.KIND_ONE_WAY and terms:
        return f"{terms[0]} {ARROW} {', '.join(terms[1:])}"
    return ", ".join(terms)


def rule_keys(kind, terms):
    """The terms a rule claims: every term of a set, the source of a mapping."""
    keys = [normalise(t) for t in terms]
    return keys if kind == Synonym.KIND_EQUIVALENT else keys[:1]


class RuleIndex:
    """Which enabled rule already claims each term (for duplicate checks)."""

    def __init__(self, rules=()):
        self.claims = {Synonym.KIND_EQUIVALENT: {}, Synonym.KIND_ONE_WAY: {}}
        for rule in rules:
            if rule.enabled:
                self.add(rule.kind, rule.term_list(), str(rule))

    @classmethod
    def from_database(cls, exclude_pk=None):
        rules = Synonym.objects.filter(enabled=True)
        if exclude_pk is not None:
            rules = rules.exclude(pk=exclude_pk)
        return cls(rules)

    def add(self, kind, terms, label):
        for key in rule_keys(kind, terms):
            self.claims[kind].setdefault(key, label)

    def conflicts(self, kind, terms):
        errors = []
        for term, key in zip(terms, rule_keys(kind, terms), strict=False):
            other = self.claims[kind].get(key)
            if other is None:
                continue
            if kind == Synonym.KIND_EQUIVALENT:
                errors.append(
                    f"“{term}” is already in the synonym set “{other}”. A term "
                    "can be in only one set: edit that set instead."
                )
            else:
                errors.append(
                    f"“{term}” already has a one-way mapping: “{other}”. Add the "
                    "new terms to that mapping instead."
                )
        return errors


class SynonymForm(WagtailAdminModelForm):
    terms = forms.CharField(
        label="Terms",
        max_length=MAX_TERMS_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Equivalent terms: separate with commas, e.g. “charley horse, muscle "
            "cramp, leg cramp”. One-way mapping: the term people type, “=>”, then "
            "what it should also find, e.g. “tummy => abdomen”."
        ),
    )

    class Meta:
        model = Synonym
        fields = ["kind", "terms", "enabled", "notes"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["terms"] = rule_text(
                self.instance.kind, self.instance.term_list()
            )

    def clean(self):
        cleaned = super().clean()
        if "terms" not in cleaned:
            return cleaned
        kind, terms, errors = parse_rule(cleaned["terms"], cleaned.get("kind"))
        if not errors and cleaned.get("enabled"):
            errors = RuleIndex.from_database(exclude_pk=self.instance.pk).conflicts(
                kind, terms
            )
        if errors:
            raise ValidationError({"terms": errors})
        cleaned["kind"] = kind
        cleaned["terms"] = ", ".join(terms)
        return cleaned


class SynonymImportForm(forms.Form):
    MODE_MERGE = "merge"
    MODE_REPLACE = "replace"

    file = forms.FileField(
        label="CSV file",
        help_text="Columns: kind, terms, enabled, notes (as in the export). "
        "UTF-8, at most 1 MB.",
    )
    mode = forms.ChoiceField(
        label="What to do",
        choices=[
            (MODE_MERGE, "Add new rules and update matching ones"),
            (MODE_REPLACE, "Replace all synonyms with the file's rules"),
        ],
        initial=MODE_MERGE,
        widget=forms.RadioSelect,
    )


class SearchAnalyticsSettingsForm(forms.ModelForm):
    class Meta:
        model = SearchAnalyticsSettings
        fields = ["retention_days", "min_distinct_days", "redaction_patterns"]
        labels = {
            "retention_days": "Keep search analytics for (days)",
            "min_distinct_days": "Show a query only after it was searched on (days)",
            "redaction_patterns": "Also remove text matching (one pattern a line)",
        }
        widgets = {"redaction_patterns": forms.Textarea(attrs={"rows": 4})}

    def clean_redaction_patterns(self):
        text = self.cleaned_data.get("redaction_patterns", "")
        if len(text) > MAX_PATTERNS_TEXT:
            raise ValidationError(
                f"Too long: at most {MAX_PATTERNS_TEXT} characters in all."
            )
        try:
            patterns = compile_patterns(text)
        except re.error as exc:
            raise ValidationError(f"Not a valid regular expression: {exc}.")
        for pattern in patterns:
            if pattern.search(""):
                raise ValidationError(
                    f"“{pattern.pattern}” matches empty text: it would remove "
                    "nothing useful and mark every query as redacted."
                )
        return text
