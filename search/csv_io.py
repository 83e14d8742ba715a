"""CSV export and import for synonyms, CSV export for search analytics
(with the privacy rules of search/privacy.py: rare queries only counted).

Synonym files have the columns ``kind, terms, enabled, notes``; ``terms`` is
written as in the admin ("charley horse, muscle cramp" or "tummy => abdomen").
An import is all or nothing: every row is checked first (with the same rules
as the admin form) and nothing is saved if any row has a problem; each problem
is reported with its row number (the header is row 1).
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum

from . import privacy, synonyms
from .forms import RuleIndex, parse_rule, rule_keys, rule_text
from .models import SearchQueryDaily, Synonym
from .synonyms import normalise

SYNONYM_COLUMNS = ["kind", "terms", "enabled", "notes"]
MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 10000
KINDS = {
    "equivalent": Synonym.KIND_EQUIVALENT,
    "equivalent terms": Synonym.KIND_EQUIVALENT,
    "one_way": Synonym.KIND_ONE_WAY,
    "one-way": Synonym.KIND_ONE_WAY,
    "one way": Synonym.KIND_ONE_WAY,
    "one-way mapping": Synonym.KIND_ONE_WAY,
    "": None,
}
TRUE = {"", "1", "true", "yes", "y", "enabled", "on"}
FALSE = {"0", "false", "no", "n", "disabled", "off"}


FORMULA_STARTS = "=+-@\t\r"


def safe_cell(value):
    """Stop spreadsheet programs from running a cell as a formula: text
    starting with = + - @ (or a tab or carriage return) gets a leading '."""
    text = "" if value is None else str(value)
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def unsafe_cell(text):
    """The inverse of :func:`safe_cell` for imported cells, so an exported
    file imports unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _csv_text(rows):
    """Every cell passes :func:`safe_cell`: exports hold editor and visitor text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()


# ---------------------------------------------------------------- synonyms


def export_synonyms(queryset=None):
    rules = queryset if queryset is not None else Synonym.objects.order_by("pk")
    rows = [SYNONYM_COLUMNS]
    for rule in rules:
        rows.append(
            [
                rule.kind,
                rule_text(rule.kind, rule.term_list()),
                "yes" if rule.enabled else "no",
                rule.notes,
            ]
        )
    return _csv_text(rows)


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # "Row 3: ..." messages
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Row:
    number: int
    kind: str
    terms: list
    enabled: bool
    notes: str


def _decode(data):
    if len(data) > MAX_IMPORT_BYTES:
        raise ValueError("The file is too large: at most 1 MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not UTF-8 text: save it as “CSV UTF-8”.")


def read_synonym_rows(text, result):
    """Parse and check each row on its own; returns the good rows."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append("The file is empty.")
        return []
    except csv.Error as exc:
        result.errors.append(f"Row 1: not valid CSV ({exc}).")
        return []
    columns = [c.strip().lower() for c in header]
    if "terms" not in columns:
        result.errors.append(
            "Row 1: the header must name the columns, with at least “terms” "
            f"(expected: {', '.join(SYNONYM_COLUMNS)})."
        )
        return []
    unknown = [c for c in columns if c and c not in SYNONYM_COLUMNS]
    if unknown:
        result.errors.append(
            f"Row 1: unknown column(s): {', '.join(unknown)} "
            f"(expected: {', '.join(SYNONYM_COLUMNS)})."
        )
        return []
    rows = []
    number = 1
    try:
        for values in reader:
            number += 1
            if number - 1 > MAX_IMPORT_ROWS:
                result.errors.append(
                    f"Row {number}: too many rows (at most {MAX_IMPORT_ROWS})."
                )
                break
            if not any(v.strip() for v in values):
                continue  # blank line
            if len(values) > len(columns):
                result.errors.append(
                    f"Row {number}: {len(values)} values but {len(columns)} "
                    "columns (put terms with commas in double quotes)."
                )
                continue
            cells = dict(
                zip(columns, [unsafe_cell(v.strip()) for v in values], strict=False)
            )
            row = _check_row(number, cells, result)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        result.errors.append(f"Row {number}: not valid CSV ({exc}).")
    return rows


def _check_row(number, cells, result):
    problems = []
    kind_text = cells.get("kind", "").lower().replace("_", "-")
    kind_text = "one_way" if kind_text == "one-way" else kind_text
    if kind_text not in KINDS:
        problems.append(
            f"unknown kind “{cells.get('kind')}” (use “equivalent” or “one_way”)"
        )
        kind = None
    else:
        kind = KINDS[kind_text]
    enabled_text = cells.get("enabled", "").lower()
    if enabled_text in TRUE:
        enabled = True
    elif enabled_text in FALSE:
        enabled = False
    else:
        problems.append(f"“enabled” must be yes or no, not “{cells.get('enabled')}”")
        enabled = True
    notes = cells.get("notes", "")
    if len(notes) > 255:
        problems.append("the notes are too long (at most 255 characters)")
    kind, terms, errors = parse_rule(cells.get("terms", ""), kind)
    problems.extend(_lower_first(e) for e in errors)
    if problems:
        for problem in problems:
            result.errors.append(f"Row {number}: {problem}")
        return None
    return _Row(number, kind, terms, enabled, notes)


def _row_number(message):
    """Sort key: messages in row order (file-level ones first), stable otherwise."""
    if message.startswith("Row "):
        number = message[4:].split(":", 1)[0]
        if number.isdigit():
            return int(number)
    return 0


def _lower_first(message):
    return message[:1].lower() + message[1:] if message[:1].isalpha() else message


def import_synonyms(data, mode="merge"):
    """Import a CSV file (bytes). ``mode``: "merge" (add new rules, update the
    enabled flag and notes of identical ones) or "replace" (the file becomes
    the whole list). Nothing is saved unless every row is valid."""
    result = ImportResult()
    try:
        text = _decode(data)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    rows = read_synonym_rows(text, result)
    if result.errors and not rows:
        return result
    existing = {}
    if mode != "replace":
        existing = {
            signature(rule.kind, rule.term_list()): rule
            for rule in Synonym.objects.all()
        }
    seen = {}
    plan = []
    for row in rows:
        key = signature(row.kind, row.terms)
        if key in seen:
            result.errors.append(f"Row {row.number}: the same rule as row {seen[key]}.")
            continue
        seen[key] = row.number
        plan.append((row, existing.get(key)))
    # Duplicates between rows of the file...
    _check_file_conflicts(plan, result)
    # ...and against enabled rules already saved that the file does not touch.
    if mode != "replace":
        matched = {match.pk for _, match in plan if match is not None}
        saved = RuleIndex(
            rule
            for rule in Synonym.objects.filter(enabled=True)
            if rule.pk not in matched
        )
        for row, match in plan:
            if match is None and row.enabled:
                for error in saved.conflicts(row.kind, row.terms):
                    result.errors.append(f"Row {row.number}: {_lower_first(error)}")
    if result.errors:
        result.errors.sort(key=_row_number)
        return result
    with transaction.atomic():
        if mode == "replace":
            result.deleted = Synonym.objects.count()
            Synonym.objects.all().delete()
        for row, match in plan:
            terms = ", ".join(row.terms)
            if match is None:
                Synonym.objects.create(
                    kind=row.kind, terms=terms, enabled=row.enabled, notes=row.notes
                )
                result.created += 1
            elif (match.enabled, match.notes) != (row.enabled, row.notes):
                match.enabled, match.notes = row.enabled, row.notes
                match.save(update_fields=["enabled", "notes", "updated_at"])
                result.updated += 1
            else:
                result.unchanged += 1
    synonyms.invalidate()
    return result


def signature(kind, terms):
    """Identity of a rule whatever the order of its terms (a mapping's source
    stays first)."""
    keys = [normalise(t) for t in terms]
    if kind == Synonym.KIND_ONE_WAY:
        return (kind, tuple(keys[:1] + sorted(keys[1:])))
    return (kind, tuple(sorted(keys)))


def _check_file_conflicts(plan, result):
    claims = {Synonym.KIND_EQUIVALENT: {}, Synonym.KIND_ONE_WAY: {}}
    for row, _ in plan:
        if not row.enabled:
            continue
        for term, key in zip(row.terms, rule_keys(row.kind, row.terms), strict=False):
            first = claims[row.kind].get(key)
            if first is None:
                claims[row.kind][key] = row.number
            elif row.kind == Synonym.KIND_EQUIVALENT:
                result.errors.append(
                    f"Row {row.number}: “{term}” is already in the synonym set in "
                    f"row {first}; a term can be in only one set."
                )
            else:
                result.errors.append(
                    f"Row {row.number}: “{term}” already has a one-way mapping in "
                    f"row {first}."
                )


# ---------------------------------------------------------------- analytics


ANALYTICS_COLUMNS = [
    "date",
    "query",
    "searches",
    "zero_result_searches",
    "clicks",
    "autocomplete_clicks",
    "queries",
]
RARE_LABEL = "(rare queries)"


def export_analytics(start, end):
    """Daily rows between two dates (inclusive): one per query that may be
    shown verbatim (searched on at least k distinct days), and per day one
    "(rare queries)" row adding up the others; ``queries`` says how many
    distinct queries a row covers."""
    fields = ANALYTICS_COLUMNS[2:6]
    days = SearchQueryDaily.objects.filter(date__gte=start, date__lte=end)
    shown = privacy.verbatim_queries()
    rows = {}
    for item in (
        days.filter(query__in=shown).values_list("date", "query", *fields).iterator()
    ):
        rows[(item[0], 0, item[1])] = [item[0].isoformat(), *item[1:], 1]
    rare = (
        days.exclude(query__in=shown)
        .values("date")
        .annotate(
            queries=Count("query", distinct=True),
            **{name: Sum(name) for name in fields},
        )
    )
    for item in rare:
        counts = [item[name] or 0 for name in fields]
        rows[(item["date"], 1, "")] = [
            item["date"].isoformat(),
            RARE_LABEL,
            *counts,
            item["queries"],
        ]
    return _csv_text([ANALYTICS_COLUMNS] + [rows[key] for key in sorted(rows)])
