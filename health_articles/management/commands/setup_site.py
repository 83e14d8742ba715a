from django.core.management.base import BaseCommand

from health_articles.demo.site import setup_site


class Command(BaseCommand):
    help = (
        "Create the site tree (idempotent): a HomePage at the default Site's root, "
        "replacing Wagtail's welcome page, and the 'Health topics' articles index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="localhost")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        home, index = setup_site(
            hostname=options["hostname"], port=options["port"], stdout=self.stdout
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Site ready: home {home.url_path}, articles {index.url}"
            )
        )
