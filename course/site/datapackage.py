"""Maintenance helper: ``python -m course.site.datapackage --rehash`` updates every resource's sha256 and size.

Run it after an intended edit of a file in ``data/``; the tests then check the table against its schema.
"""

from __future__ import annotations

import json
import sys

from ..kit import data
from .. import paths


def rehash() -> list[str]:
    """Recompute 'hash' and 'bytes' for every resource; return the names that changed."""
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    changed = []
    for res in package["resources"]:
        path = paths.DATA / res["path"]
        digest = "sha256:" + data.sha256_of(path)
        if res.get("hash") != digest or res.get("bytes") != path.stat().st_size:
            res["hash"], res["bytes"] = digest, path.stat().st_size
            changed.append(res["name"])
    paths.DATAPACKAGE.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    if "--rehash" not in sys.argv:
        sys.exit("usage: python -m course.site.datapackage --rehash")
    print("updated:", ", ".join(rehash()) or "nothing")
