"""Full rebuilds of a backend's index (atomic on the engine: alias swap)."""

import io

from django.core.management import call_command


def rebuild_index(backend_name="default", chunk_size=500, stdout=None):
    """Rebuild one backend's index from the database with Wagtail's update_index.

    On Elasticsearch/OpenSearch Wagtail builds a new index and swaps the alias
    at the end, so search keeps answering from the old index meanwhile.
    """
    out = stdout or io.StringIO()
    call_command(
        "update_index",
        backend_name=backend_name,
        chunk_size=chunk_size,
        stdout=out,
    )
    return out
