"""Benchmarks (figures for notes, never tests).

- ``lessons``: ``make bench``: the build and each lesson's run time.
- ``site``: ``make bench-site``: each edition's build time, each lesson page's weight and load time.
- ``grader``: ``make bench-grade``: 100 generated A2 submissions graded: submissions/s against the floor.
"""
