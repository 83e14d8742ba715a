"""Show the search index outbox backlog, deliver it now, or keep delivering it."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from search import outbox
from search.indexing import reconcile


class Command(BaseCommand):
    help = (
        "Show pending search index changes. --drain delivers them now; "
        "--worker keeps delivering (retrying with backoff) until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--drain",
            action="store_true",
            help="Deliver every pending change now, ignoring backoff.",
        )
        parser.add_argument(
            "--worker",
            action="store_true",
            help="Run forever, delivering due changes every --interval seconds.",
        )
        parser.add_argument(
            "--reconcile",
            action="store_true",
            help="Compare the engine's index with the database and queue "
            "whatever differs (then deliver it with --drain).",
        )
        parser.add_argument("--interval", type=float, default=2.0)

    def handle(self, *args, drain=False, worker=False, interval=2.0, **options):
        if options.get("reconcile"):
            queued = reconcile("default")
            self.stdout.write(f"Queued {queued} change(s) to match the database.")
        if drain:
            delivered = outbox.deliver(due_only=False)
            self.stdout.write(f"Delivered {delivered} change(s).")
        if worker:
            self.stdout.write("Delivering index changes; Ctrl+C to stop.")
            try:
                while True:
                    # Survive database restarts: drop broken connections.
                    close_old_connections()
                    delivered = outbox.deliver_safely()
                    if delivered:
                        self.stdout.write(f"Delivered {delivered} change(s).")
                    time.sleep(interval)
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")
        self.show()
        if drain and outbox.status()["pending"]:
            # Exit non-zero so scripts notice an engine that is still down.
            raise SystemExit(1)

    def show(self):
        state = outbox.status()
        self.stdout.write(f"Pending changes: {state['pending']}")
        for name, count in state["by_backend"].items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(f"Due now: {state['due']}, failing: {state['failing']}")
        if state["oldest"]:
            self.stdout.write(f"Oldest: {state['oldest']:%Y-%m-%d %H:%M:%S %Z}")
        if state["last_error"]:
            self.stdout.write(f"Last error: {state['last_error']}")
