"""What a written file is, for manifests that let a reader check it: its SHA-256 and its size."""

import hashlib
from pathlib import Path

CHUNK = 1024 * 1024


def file_description(path: Path) -> dict:
    """{"sha256": hex digest, "size": bytes} of the file at `path`, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}
