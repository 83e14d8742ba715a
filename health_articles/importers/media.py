"""Images from a copy of WordPress's ``wp-content/uploads`` (``--media DIR``).

An image URL such as ``https://site/wp-content/uploads/2024/05/calf.jpg``
(or WordPress.com's ``https://site.files.wordpress.com/2024/05/calf.jpg``) is
looked up as ``DIR/2024/05/calf.jpg``; a resized copy's name
(``calf-300x200.jpg``) falls back to the original, then to a file of that name
anywhere in the folder when only one has it. Found files become Wagtail
images, matched by content hash so importing again reuses the same image.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from .base import ImageRef

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
_SIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)|-scaled(?=\.[A-Za-z0-9]+$)")
TITLE_MAX_CHARS = 255


class MediaLibrary:
    """Finds source images under ``root`` and makes Wagtail images of them.

    With ``root`` None nothing is found (every image is reported as not
    brought). With ``create`` False (a dry run) images are found but not saved.
    """

    def __init__(self, root: Path | None, create: bool = True):
        self.root = root.resolve() if root else None
        self.create = create
        self._by_name: dict[str, list[Path]] | None = None
        self._images: dict[Path, object] = {}

    def find(self, url: str) -> Path | None:
        """The file under the folder that ``url`` names, or None."""
        if self.root is None or not url:
            return None
        path = unquote(urlsplit(url).path)
        if Path(path).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        relative = path.split("/uploads/", 1)[1] if "/uploads/" in path else path
        candidates = [relative.lstrip("/"), _SIZED.sub("", relative).lstrip("/")]
        for candidate in candidates:
            found = self._inside(self.root / candidate)
            if found is not None:
                return found
        for name in dict.fromkeys(Path(c).name for c in candidates):
            matches = self._names().get(name, [])
            if len(matches) == 1:
                return matches[0]
        return None

    def _inside(self, path: Path) -> Path | None:
        try:
            resolved = path.resolve()
        except OSError:
            return None
        if resolved.is_file() and resolved.is_relative_to(self.root):
            return resolved
        return None

    def _names(self) -> dict[str, list[Path]]:
        if self._by_name is None:
            self._by_name = {}
            for path in sorted(self.root.rglob("*")):
                if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                    self._by_name.setdefault(path.name, []).append(path)
        return self._by_name

    def image_for(self, ref: ImageRef, *urls: str):
        """(Wagtail image or None, file found or None) for the first URL found.

        The image's description (its alt text in Wagtail) is the source's.
        Raises ``OSError``/``ValueError`` for files that are not images.
        """
        path = next(filter(None, (self.find(url) for url in (ref.url, *urls))), None)
        if path is None or not self.create:
            return None, path
        if path in self._images:
            return self._images[path], path
        try:
            with PILImage.open(path) as picture:
                picture.verify()
        except (OSError, SyntaxError) as exc:  # Pillow's errors for broken files
            raise ValueError(f"{path.name} is not a readable image") from exc
        Image = get_image_model()
        with path.open("rb") as handle:
            digest = hash_filelike(handle)
        image = Image.objects.filter(file_hash=digest).order_by("pk").first()
        if image is None:
            with path.open("rb") as handle:
                image = Image(
                    title=(ref.title or path.stem)[:TITLE_MAX_CHARS],
                    description=ref.alt[:TITLE_MAX_CHARS],
                    file=ImageFile(handle, name=path.name),
                    file_size=path.stat().st_size,
                    file_hash=digest,  # what the next import matches on
                )
                image.save()
        self._images[path] = image
        return image, path
