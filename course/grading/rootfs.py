"""The process fallback's sandbox root: the same mount steps as bubblewrap's (:func:`.sandbox.layout`), built
by the grader's own Python, as root, in the fresh mount, PID, network, IPC and UTS namespaces that util-linux
``unshare`` gives it; then the old root is detached and the fork server is started in the new one.

    unshare --mount --pid --net --ipc --uts --fork --kill-child \\
        python -m course.grading.rootfs NEW_ROOT STEPS_JSON -- python -m course.grading.runner serve /jobs

``NEW_ROOT`` is an empty folder (a size-limited filesystem is mounted on it, in this namespace only).
"""

from __future__ import annotations

import json
import os
import sys

from . import linux

RO = linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


def _target(root: str, dest: str) -> str:
    return os.path.join(root, dest.lstrip("/"))


def _bind(src: str, target: str, read_only: bool) -> None:
    if os.path.isdir(src):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    linux.mount(src, target, None, linux.MS_BIND | linux.MS_REC)
    flags = linux.MS_REMOUNT | linux.MS_BIND | linux.MS_NOSUID | linux.MS_NODEV | (linux.MS_RDONLY if read_only else 0)
    linux.mount(None, target, None, flags)


def _dev(target: str) -> None:
    os.makedirs(target, exist_ok=True)
    linux.mount("tmpfs", target, "tmpfs", linux.MS_NOSUID | linux.MS_NOEXEC, "mode=0755,size=1m")
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            open(os.path.join(target, name), "a").close()
            linux.mount(f"/dev/{name}", os.path.join(target, name), None, linux.MS_BIND)
    for name, link in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                       ("stderr", "/proc/self/fd/2")):
        os.symlink(link, os.path.join(target, name))
    os.mkdir(os.path.join(target, "shm"), 0o755)


def build(new_root: str, steps: list[list]) -> None:
    """Mount ``steps`` (see :func:`.sandbox.layout`) under ``new_root`` and make it this namespace's ``/``."""
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)  # nothing here reaches the machine's mounts
    linux.mount("tmpfs", new_root, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "mode=0755,size=4m")
    os.umask(0o022)
    for step in steps:
        kind, target = step[0], _target(new_root, step[2] if step[0] in ("ro-bind", "bind", "symlink") else step[1])
        if kind in ("ro-bind", "bind"):
            _bind(step[1], target, kind == "ro-bind")
        elif kind == "dir":
            os.makedirs(target, exist_ok=True)
            os.chmod(target, step[2])
        elif kind == "symlink":
            os.symlink(step[1], target)
        elif kind == "tmpfs":
            os.makedirs(target, exist_ok=True)
            size = f",size={step[3]}m" if step[3] else ""
            linux.mount("tmpfs", target, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, f"mode={step[2]:o}{size}")
        elif kind == "proc":
            os.makedirs(target, exist_ok=True)
            linux.mount("proc", target, "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
        elif kind == "dev":
            _dev(target)
        else:
            raise ValueError(f"unknown mount step {kind!r}")
    old = os.path.join(new_root, ".old-root")
    os.mkdir(old, 0o700)
    linux.pivot_root(new_root, old)
    os.chdir("/")
    linux.umount("/.old-root", linux.MNT_DETACH)
    os.rmdir("/.old-root")
    linux.mount(None, "/", None, linux.MS_REMOUNT | RO)


def main(argv: list[str]) -> None:
    """``NEW_ROOT STEPS_JSON -- COMMAND...``: build the root, then exec the command in it."""
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: python -m course.grading.rootfs NEW_ROOT STEPS_JSON -- COMMAND...")
    build(argv[0], json.loads(argv[1]))
    os.execve(argv[3], argv[3:], dict(os.environ))


if __name__ == "__main__":
    main(sys.argv[1:])
