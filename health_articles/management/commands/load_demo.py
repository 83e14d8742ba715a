from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from health_articles.demo.loader import ensure_users, load_demo
from search.outbox import deferred_delivery

DEFAULT_MEDLINEPLUS = (
    Path(settings.BASE_DIR).parent
    / "shared"
    / "data"
    / "medlineplus"
    / "health-topics.xml"
)


class Command(BaseCommand):
    help = (
        "Set up the site and load the original demo articles (idempotent). "
        "Creates the 'admin' and 'editor' users if they do not exist. "
        "--medlineplus (or LOAD_MEDLINEPLUS=1) also imports the MedlinePlus topics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--medlineplus",
            action="store_true",
            help="Also import the MedlinePlus health topics XML.",
        )
        parser.add_argument(
            "--medlineplus-path",
            default=str(DEFAULT_MEDLINEPLUS),
            help="Path of the MedlinePlus health-topics XML file.",
        )
        parser.add_argument("--hostname", default="localhost")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create demo users."
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2
        self.stdout.write("Loading demo articles...")
        with deferred_delivery():  # one bulk index delivery at the end
            index, result = load_demo(
                stdout=self.stdout if verbose else None,
                hostname=options["hostname"],
                port=options["port"],
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo articles under {index.url_path}: {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )

        if not options["no_users"]:
            self.report_users(ensure_users())

        if options["medlineplus"] or getattr(settings, "LOAD_MEDLINEPLUS", False):
            path = options["medlineplus_path"]
            self.stdout.write(f"Importing MedlinePlus topics from {path}...")
            try:
                call_command(
                    "import_articles",
                    path,
                    format="medlineplus",
                    publish=True,
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
            except CommandError as error:
                if "Unknown command" in str(error):
                    raise CommandError(
                        "The import_articles command is not available."
                    ) from error
                raise

    def report_users(self, users):
        for username, password in users.items():
            if password is None:
                self.stdout.write(
                    f"User '{username}' already exists (password unchanged)."
                )
            else:
                self.stdout.write(
                    self.style.WARNING(
                        f"Created user '{username}' with password: {password}"
                    )
                )
