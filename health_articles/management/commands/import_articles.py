"""Import health articles from scraped text/HTML, WordPress WXR or MedlinePlus XML.

    python manage.py import_articles PATH... [--format auto|text|html|wxr|medlineplus]
        [--parent SLUG] [--publish] [--dry-run] [--media DIR] [--report FILE.csv]

Idempotent: re-importing a source updates the same page (matched by source id)
and leaves unchanged articles alone. Items that are not articles (WordPress
attachments, menu items...) are skipped and counted, never failed. Exits
non-zero only for unreadable input or items whose content could not be
imported.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from health_articles.importers import FORMATS, ImportInputError, parse_file
from health_articles.importers.media import MediaLibrary
from health_articles.importers.report import ImportReport, ReportRow
from health_articles.importers.writer import (
    DRAFT,
    LIVE,
    RETIRED,
    SCHEDULED,
    SKIPPED,
    ArticleWriter,
    WriteError,
)
from health_articles.models import HealthArticleIndexPage, HealthArticlePage
from search.outbox import deferred_delivery

PROGRESS_EVERY = 100


class Progress:
    """``\\r``-style progress on a terminal, a line every N items otherwise."""

    def __init__(self, stdout, label: str, total: int, enabled: bool):
        self.stdout = stdout
        self.label = label
        self.total = total
        self.tty = enabled and stdout.isatty()
        self.enabled = enabled and (self.tty or total > PROGRESS_EVERY)

    def step(self, done: int) -> None:
        if not self.enabled:
            return
        if self.tty:
            self.stdout.write(f"\r{self.label}: {done}/{self.total}", ending="")
            self.stdout.flush()
        elif done % PROGRESS_EVERY == 0 or done == self.total:
            self.stdout.write(f"{self.label}: {done}/{self.total}")

    def finish(self) -> None:
        if self.enabled and self.tty:
            self.stdout.write("")


class Command(BaseCommand):
    help = (
        "Import health articles from scraped text or HTML files, a WordPress "
        "export (WXR) or MedlinePlus health-topics XML."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files to import")
        parser.add_argument(
            "--format",
            choices=["auto", *FORMATS],
            default="auto",
            help="input format (default: detect from each file's content)",
        )
        parser.add_argument(
            "--parent",
            metavar="SLUG",
            help="slug of the article index page to add new articles under "
            "(default: the first article index page)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish imported articles (WordPress posts follow their own status)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="parse and validate everything and report what would happen, "
            "but write nothing",
        )
        parser.add_argument(
            "--media",
            metavar="DIR",
            help="a copy of the site's wp-content/uploads: images found there "
            "become Wagtail images (with their alt text and captions)",
        )
        parser.add_argument(
            "--report",
            metavar="FILE.csv",
            help="write one row per item: old URL, new URL or the reason",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.report = ImportReport()
        media_dir = Path(options["media"]) if options["media"] else None
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media {media_dir}: no such folder")
        report_path = Path(options["report"]) if options["report"] else None
        if report_path is not None and not report_path.parent.is_dir():
            raise CommandError(f"--report {report_path}: no such folder")
        parent = self.get_parent(options["parent"])
        media = MediaLibrary(media_dir, create=not options["dry_run"])
        writer = ArticleWriter(parent, publish=options["publish"], media=media)
        paths = [Path(p) for p in options["paths"]]

        if options["dry_run"]:
            with transaction.atomic():
                self.run(paths, options["format"], writer)
                transaction.set_rollback(True)
        else:
            # Index changes are recorded with each article and delivered in
            # bulk once the import ends (see search/outbox.py).
            with deferred_delivery():
                self.run(paths, options["format"], writer)

        summary = self.report.summary()
        if options["dry_run"]:
            summary = f"Dry run, nothing written: {summary}"
        self.stdout.write(summary)
        if report_path is not None:
            self.report.write_csv(report_path)
            self.stdout.write(f"Report written to {report_path}")
        if self.report.failed:
            raise CommandError(
                f"{self.report.failed} item(s) failed; see the messages above"
            )

    def get_parent(self, slug):
        pages = HealthArticleIndexPage.objects.order_by("path")
        if slug:
            parent = pages.filter(slug=slug).first()
            if parent is None:
                known = ", ".join(pages.values_list("slug", flat=True)) or "none"
                raise CommandError(
                    f"No article index page with slug {slug!r} (index pages: {known})"
                )
            return parent
        parent = pages.first()
        if parent is None:
            raise CommandError(
                "No article index page exists: create a HealthArticleIndexPage "
                "in the Wagtail admin first, then import"
            )
        return parent

    def run(self, paths, fmt, writer: ArticleWriter) -> None:
        self.rows_by_page: dict[int, ReportRow] = {}
        for path in paths:
            self.import_file(path, fmt, writer)
        warnings_before = len(writer.report.warnings)
        relinked = writer.resolve_pending_links()
        if relinked and self.verbosity >= 2:
            self.stdout.write(f"Rewrote internal links on {relinked} page(s)")
        for page in HealthArticlePage.objects.filter(pk__in=self.rows_by_page):
            self.rows_by_page[page.pk].new_url = page.get_url() or ""
        updated, unresolved = writer.resolve_pending_related()
        for warning in writer.report.warnings[warnings_before:]:
            self.stderr.write(f"warning: {warning}")
        if updated and self.verbosity >= 1:
            self.stdout.write(f"Linked related articles on {updated} page(s)")
        if unresolved and self.verbosity >= 2:
            self.stdout.write(f"{unresolved} related topic(s) not found; left out")

    def import_file(self, path: Path, fmt: str, writer: ArticleWriter) -> None:
        try:
            fmt, result = parse_file(path, fmt)
        except ImportInputError as exc:
            self.fail(str(exc), str(path))
            return
        except Exception as exc:  # noqa: BLE001 - a parser bug must not hide other files
            self.fail(
                f"{path}: could not be parsed ({type(exc).__name__}: {exc})", str(path)
            )
            return

        if self.verbosity >= 2:
            self.stdout.write(f"{path}: {fmt}, {len(result.articles)} article(s)")
        for error in result.errors:
            self.fail(str(error), error.position)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        for item in result.skipped:
            self.report.add(
                ReportRow(
                    item.position,
                    "skipped",
                    kind=item.kind,
                    source_key=item.source_key,
                    title=item.title,
                    old_url=item.old_url,
                    reason=item.message,
                )
            )
        if result.skipped:
            if self.verbosity >= 2:
                for message in result.skipped:
                    self.stdout.write(str(message))
            elif self.verbosity >= 1:
                self.stdout.write(
                    f"{path}: skipped {len(result.skipped)} item(s) that are not "
                    "articles to import (use -v 2 to list them)"
                )

        progress = Progress(
            self.stdout, str(path), len(result.articles), self.verbosity >= 1
        )
        for done, article in enumerate(result.articles, start=1):
            warnings_before = len(writer.report.warnings)
            row = ReportRow(
                article.position,
                "",
                kind=article.kind,
                source_key=article.source_key,
                status=self.visibility(writer, article),
                title=article.title,
                old_url=article.source_url or next(iter(article.old_urls), ""),
                reason="; ".join(article.notes),
            )
            try:
                outcome = writer.write(article)
            except WriteError as exc:
                self.fail(f"{article.position}: {exc}", article.position, row)
            except Exception as exc:  # noqa: BLE001 - report, roll back, go on
                self.fail(
                    f"{article.position}: could not be saved "
                    f"({type(exc).__name__}: {exc})",
                    article.position,
                    row,
                )
            else:
                self.record(writer, article, outcome, row)
            for warning in writer.report.warnings[warnings_before:]:
                self.stderr.write(f"warning: {warning}")
            progress.step(done)
        progress.finish()

    @staticmethod
    def visibility(writer: ArticleWriter, article) -> str:
        mode = writer.mode(article)
        if mode == SCHEDULED:
            return f"scheduled {article.go_live_at:%Y-%m-%d %H:%M} UTC"
        if mode == RETIRED:
            return "trash"
        if article.restriction:
            return f"{mode}, restricted ({article.restriction})"
        return {LIVE: "live", DRAFT: "draft"}[mode]

    def record(self, writer, article, outcome: str, row: ReportRow) -> None:
        if outcome == SKIPPED:
            row.outcome, row.kind = "skipped", "trash"
            row.reason = "in the trash at the source; never imported"
            self.report.add(row)
            return
        row.outcome = outcome
        notes = writer.notes.get(writer.last_page_id, [])
        for note in notes:
            self.stderr.write(f"warning: {article.position}: {note}")
        row.reason = "; ".join([*article.notes, *notes])
        self.report.add(row)
        self.rows_by_page[writer.last_page_id] = row
        if self.verbosity >= 2:
            self.stdout.write(f"{outcome}: {article.title} ({article.position})")

    def fail(self, message: str, position: str, row: ReportRow | None = None) -> None:
        row = row or ReportRow(position, "")
        row.outcome, row.reason = "failed", message
        self.report.add(row)
        self.stderr.write(message)
