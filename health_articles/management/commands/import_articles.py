"""Import health articles from scraped text/HTML, WordPress WXR or MedlinePlus XML.

    python manage.py import_articles PATH... [--format auto|text|html|wxr|medlineplus]
        [--parent SLUG] [--publish] [--dry-run]

Idempotent: re-importing a source updates the same page (matched by source id)
and leaves unchanged articles alone. Exits non-zero when any item failed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from health_articles.importers import FORMATS, ImportInputError, parse_file
from health_articles.importers.writer import ArticleWriter, WriteError
from health_articles.models import HealthArticleIndexPage
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

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        parent = self.get_parent(options["parent"])
        writer = ArticleWriter(parent, publish=options["publish"])
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

        summary = ", ".join(f"{name} {n}" for name, n in self.counts.items())
        if options["dry_run"]:
            summary = f"Dry run, nothing written: {summary}"
        self.stdout.write(summary)
        if self.counts["failed"]:
            raise CommandError(
                f"{self.counts['failed']} item(s) failed; see the messages above"
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
        for path in paths:
            self.import_file(path, fmt, writer)
        warnings_before = len(writer.report.warnings)
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
            self.fail(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a parser bug must not hide other files
            self.fail(f"{path}: could not be parsed ({type(exc).__name__}: {exc})")
            return

        if self.verbosity >= 2:
            self.stdout.write(f"{path}: {fmt}, {len(result.articles)} article(s)")
        for error in result.errors:
            self.fail(str(error))
        if result.skipped:
            if self.verbosity >= 2:
                for message in result.skipped:
                    self.stdout.write(message)
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
            try:
                outcome = writer.write(article)
            except WriteError as exc:
                self.fail(f"{article.position}: {exc}")
            except Exception as exc:  # noqa: BLE001 - report, roll back, go on
                self.fail(
                    f"{article.position}: could not be saved "
                    f"({type(exc).__name__}: {exc})"
                )
            else:
                self.counts[outcome] += 1
                if self.verbosity >= 2:
                    self.stdout.write(
                        f"{outcome}: {article.title} ({article.position})"
                    )
            for warning in writer.report.warnings[warnings_before:]:
                self.stderr.write(f"warning: {warning}")
            progress.step(done)
        progress.finish()

    def fail(self, message: str) -> None:
        self.counts["failed"] += 1
        self.stderr.write(message)
