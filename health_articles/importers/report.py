"""What an import did: counts for the summary line and one row per item.

The summary line reads ``created 3, updated 0, unchanged 1, skipped 72
(attachment 2, nav_menu_item 70), failed 0``; ``--report FILE.csv`` writes
every item with its old URL and its new URL or the reason it was left out.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from search.csv_io import safe_cell

OUTCOMES = ("created", "updated", "unchanged")


@dataclass
class ReportRow:
    position: str
    outcome: str  # created, updated, unchanged, skipped, failed
    kind: str = ""  # post, page, attachment, ... (skipped: what was skipped)
    source_key: str = ""  # WordPress post id
    status: str = ""  # live, scheduled, draft, restricted ...
    title: str = ""
    old_url: str = ""
    new_url: str = ""
    reason: str = ""


COLUMNS = [f.name for f in fields(ReportRow)]


class ImportReport:
    def __init__(self):
        self.rows: list[ReportRow] = []
        self.counts = Counter({name: 0 for name in OUTCOMES})
        self.skipped = Counter()
        self.failed = 0

    def add(self, row: ReportRow) -> None:
        self.rows.append(row)
        if row.outcome == "skipped":
            self.skipped[row.kind or "other"] += 1
        elif row.outcome == "failed":
            self.failed += 1
        else:
            self.counts[row.outcome] += 1

    def summary(self) -> str:
        parts = [f"{name} {self.counts[name]}" for name in OUTCOMES]
        skipped = sum(self.skipped.values())
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(self.skipped.items()))
        parts.append(f"skipped {skipped} ({by_kind})" if skipped else "skipped 0")
        parts.append(f"failed {self.failed}")
        return ", ".join(parts)

    def write_csv(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in self.rows:
                writer.writerow(safe_cell(getattr(row, name)) for name in COLUMNS)
