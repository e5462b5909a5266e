# The course's commands. Every target sets itself up from nothing: a virtual environment in .venv
# with the pinned install (.ci/constraints.txt) and the front-end files the offline site needs.
# Quick start: `make book` (build the student site), `make test` (run every test).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WIDGETS := book/_widgets/.stamp
HTML := _build/html
PORT ?= 8000
BOOK_FLAGS := -W --keep-going

.PHONY: help setup book serve lab test test-fast bench bench-grade grade release clean chromium bubblewrap

help:
	@echo "make book   - execute the lessons and build the student site into $(HTML)"
	@echo "make test   - run the whole test suite (builds the book, installs Debian chromium if missing)"
	@echo "make serve  - serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make lab    - open the lessons in JupyterLab"
	@echo "make bench  - time the build and every lesson (benchmark, not a test)"
	@echo "make release             - student versions of the assignments into _build/assignments/"
	@echo "make grade ASSIGNMENT=a2 SUBMISSIONS=folder  - grade a folder: gradebook.csv + feedback/"
	@echo "make bench-grade         - grade 100 generated A2 submissions and report the speed"

setup: $(STAMP) $(WIDGETS)

$(STAMP): pyproject.toml .ci/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c .ci/constraints.txt -e ".[book,test,lab,grade]"
	touch $@

# The widget manager and require.js, served from the site itself (the defaults come from CDNs).
$(WIDGETS):
	rm -rf book/_widgets book/_widgets_extra && mkdir -p book/_widgets/tmp
	cd book/_widgets/tmp && npm pack --silent @jupyter-widgets/html-manager@1.0.6 requirejs@2.3.4 >/dev/null
	cd book/_widgets/tmp && tar xzf jupyter-widgets-html-manager-1.0.6.tgz && mv package/dist ../html-manager && rm -rf package
	cd book/_widgets/tmp && tar xzf requirejs-2.3.4.tgz && mv package/require.js ../require.js && rm -rf package
	rm -rf book/_widgets/tmp
	rm -f book/_widgets/html-manager/*.map
	# The manager's CSS asks for its icon fonts relative to the page, so lesson pages need a copy beside them.
	rm -rf book/_widgets_extra && mkdir -p book/_widgets_extra/notebooks/@jupyter-widgets/html-manager/dist
	cp book/_widgets/html-manager/*.woff2 book/_widgets_extra/notebooks/@jupyter-widgets/html-manager/dist/
	cp book/_widgets/html-manager/*.woff2 book/_widgets_extra/notebooks/@jupyter-widgets/
	touch $@

# jupyter-cache keys executed notebooks on their own content only: when the kit, the quizzes or the
# data change, drop the cache so every lesson re-runs against them.
KIT_STAMP := _build/.kit-stamp
$(KIT_STAMP): $(wildcard course/*.py) $(wildcard exercises/quizzes/*.yaml) $(wildcard data/*)
	rm -rf .jupyter_cache _build/.jupyter_cache _build/jupyter_execute _build/.doctrees
	mkdir -p _build && touch $@

book: setup $(KIT_STAMP)
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)
	@echo ""
	@echo "Student site: $(CURDIR)/$(HTML)/index.html"
	@echo "Serve it with: make serve   (then open http://127.0.0.1:$(PORT))"

serve: book
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# Debian's chromium for the browser tests (these machines run as root; never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The grader's sandbox. If it cannot be installed, grading falls back to process isolation and says so.
bubblewrap:
	@command -v bwrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; } \
	  || echo "bubblewrap could not be installed: the grader will use process isolation (see the gradebook's isolation column)"

test: setup chromium bubblewrap book
	$(PY) -m pytest

# Everything but the book build and the browser (for quick iterations).
test-fast: setup
	$(PY) -m pytest -m "not browser and not book"

bench: setup
	$(PY) -m course.bench

# Grade a folder of submissions: make grade ASSIGNMENT=a2 SUBMISSIONS=path/to/folder [FORCE=1]
grade: setup bubblewrap
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=a2 SUBMISSIONS=path/to/folder [FORCE=1]"; exit 2; }
	$(PY) -m course.grading grade $(ASSIGNMENT) $(SUBMISSIONS) $(if $(FORCE),--force)

# Student versions of the assignments (solutions and hidden checks removed) into _build/assignments/
release: setup
	for a in $(or $(ASSIGNMENT),a1 a2 a3); do $(PY) -m course.grading release $$a --out _build/assignments; done

bench-grade: setup bubblewrap
	$(PY) -m course.grading bench

clean:
	rm -rf _build .jupyter_cache
