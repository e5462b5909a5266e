"""Write the lock from pip's installation report: ``python .ci/lock.py REPORT.json``.

``make lock`` resolves the course with every extra (``pip install --dry-run --ignore-installed --report``) and
calls this to write two files from that one resolution:

- ``.ci/constraints.txt``: ``name==version`` for every package, the constraints every install uses (``-c``) and
  that ``course/site/environment.py`` pins the students' hub image from;
- ``.ci/requirements.txt``: the same packages with the sha256 of the file pip chose, which ``make setup``
  installs in hash-checking mode (``--require-hashes --no-deps``) before the course itself (pip refuses an
  editable install in that mode, and does not check hashes given in a constraints file, hence two files).

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
HEADER = "# Written by `make lock` (.ci/lock.py) from one resolution of the course with every extra: do not edit.\n"


def pins(report: dict) -> list[tuple[str, str, str]]:
    """(name, version, sha256) of every package in a pip installation report, the course itself left out."""
    found = []
    for item in report["install"]:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if name == "course":
            continue
        archive = item["download_info"].get("archive_info", {})
        digest = archive.get("hashes", {}).get("sha256") or archive.get("hash", "").partition("sha256=")[2]
        if not digest:
            raise SystemExit(f"lock: pip reported no sha256 for {name}=={version} ({item['download_info'].get('url')})")
        found.append((name, version, digest))
    return sorted(found, key=lambda p: p[0].lower())


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    found = pins(report)
    (HERE / "constraints.txt").write_text(HEADER + "".join(f"{n}=={v}\n" for n, v, _ in found), encoding="utf-8")
    (HERE / "requirements.txt").write_text(
        HEADER + "".join(f"{n}=={v} --hash=sha256:{h}\n" for n, v, h in found), encoding="utf-8")
    print(f"lock: {len(found)} packages in .ci/constraints.txt and .ci/requirements.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
