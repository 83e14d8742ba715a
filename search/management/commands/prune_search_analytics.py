"""Delete search analytics older than the retention period (default 365 days).

python manage.py prune_search_analytics [--days N] [--dry-run]
"""

from django.core.management.base import BaseCommand, CommandError

from search import analytics


class Command(BaseCommand):
    help = "Delete daily search analytics older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the configured retention.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be deleted.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        counts = analytics.prune(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts['daily_rows']} daily query row(s) and "
            f"{counts['query_hits']} daily hit row(s) from before {counts['cutoff']}."
        )
