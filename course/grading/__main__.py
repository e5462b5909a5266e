"""Command line: ``python -m course.grading release|grade …`` (see ``--help``). The benchmark is
``python -m course.bench.grader`` (``make bench-grade``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grading", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="write the student version of an assignment")
    rel.add_argument("assignment")
    rel.add_argument("--out", default="_build/assignments", type=Path)
    gr = sub.add_parser("grade", help="grade a folder of submitted notebooks")
    gr.add_argument("assignment")
    gr.add_argument("submissions", type=Path)
    gr.add_argument("--out", type=Path, help="output folder (default: <submissions>-graded)")
    gr.add_argument("--force", action="store_true", help="regrade submissions already graded")
    gr.add_argument("--workers", type=int, default=None, help="parallel submissions (default: number of cores)")
    gr.add_argument("--isolation", default="auto", choices=["auto", "bubblewrap", "process"])
    gr.add_argument("--hidden", type=Path, default=None, help="folder with hidden.yaml, if kept outside the repository")
    gr.add_argument("--late-policy", type=Path, default=None,
                    help="YAML file: due date, penalty per day or late days, extensions (see the Grading page)")
    args = parser.parse_args(argv)

    from . import spec

    if args.command == "release":
        from .release import release

        print(release(args.assignment, args.out))
        return 0
    if args.command == "grade":
        from .grade import grade_folder
        from .late import LatePolicyError

        if args.assignment not in spec.assignments():
            parser.error(f"unknown assignment {args.assignment!r}; choose from {spec.assignments()}")
        if not args.submissions.is_dir():
            parser.error(f"{args.submissions} is not a folder: pass the folder of submitted notebooks")
        out = args.out or args.submissions.with_name(args.submissions.name + "-graded")
        try:
            results = grade_folder(args.assignment, args.submissions, out, workers=args.workers, force=args.force,
                                   mode=args.isolation, hidden_dir=args.hidden, late_policy=args.late_policy)
        except LatePolicyError as err:
            parser.error(str(err))
        statuses = {}
        for r in results:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        print(f"{len(results)} submissions graded into {out}/gradebook.csv ({', '.join(f'{v} {k}' for k, v in sorted(statuses.items()))}); "
              f"isolation: {', '.join(sorted({r.isolation for r in results}))}; feedback in {out}/feedback/; "
              f"for upload: {out}/canvas.csv, {out}/moodle.csv and {out}/gradescope/<student>/results.json")
        if args.late_policy:
            from .late import load

            unknown = load(args.late_policy).unknown([r.student for r in results])
            if unknown:
                print(f"note: the late policy names students with no submission here: {', '.join(unknown)} "
                      "(check the ids against gradebook.csv's student column)", file=sys.stderr)
        not_graded = [r for r in results if r.status == "not graded"]
        if not_graded:
            print(f"NOT GRADED: {not_graded[0].reason}", file=sys.stderr)
            return 1
        return 0
    return 2  # argparse has refused any other command


if __name__ == "__main__":
    sys.exit(main())
