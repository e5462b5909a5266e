#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image from this zip (unpacked in
# /autograder/source). It installs the grader's sandbox (bubblewrap) and a Python 3.11+ with the course's pinned
# dependencies (requirements.txt, held to the versions of constraints.txt, the course's lock) in source/.venv.
# Written by `make autograder` (course/grading/autograder.py); see the Grading page's Gradescope section.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  command -v apt-get >/dev/null || return 1
  apt-get install -y -qq "$@" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null; }
}

# The sandbox. Without it the grader uses process isolation where the container allows it, or refuses with the
# reason in each student's results ("not graded"); it never runs a submission unisolated.
command -v bwrap >/dev/null || apt_install bubblewrap \
  || echo "setup.sh: bubblewrap could not be installed: the grader will use process isolation or refuse"
command -v unshare >/dev/null || apt_install util-linux || true

# A Python the lock was made for (3.11), else a newer one, else Python 3.11 from apt (Ubuntu 22.04).
python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
PYTHON=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null && python_ok "$candidate"; then PYTHON="$(command -v "$candidate")"; break; fi
done
if [ -z "$PYTHON" ]; then
  apt_install python3.11 python3.11-venv && PYTHON="$(command -v python3.11)" || true
fi
if [ -z "$PYTHON" ] || ! python_ok "$PYTHON"; then
  echo "setup.sh: no Python 3.11 or newer, and apt-get could not install python3.11: choose a newer base image in the autograder's settings" >&2
  exit 1
fi
if ! "$PYTHON" -m venv "$SOURCE/.venv" 2>/dev/null; then
  version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  rm -rf "$SOURCE/.venv"
  apt_install "python$version-venv" || apt_install python3-venv
  "$PYTHON" -m venv "$SOURCE/.venv"
fi
"$SOURCE/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$SOURCE/requirements.txt" -c "$SOURCE/constraints.txt"

# Import what the sandbox preloads once now (and build matplotlib's font cache), so a broken install stops the
# build here rather than failing every submission.
cd "$SOURCE" && PYTHONPATH="$SOURCE" "$SOURCE/.venv/bin/python" -c "from course.grading import autograder, runner; runner.preload()"
echo "setup.sh: ready ($("$SOURCE/.venv/bin/python" -V); bubblewrap: $(command -v bwrap || echo none))"
