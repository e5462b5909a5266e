# The course's commands. Every target sets itself up from nothing: a virtual environment in .venv
# with the pinned install (.ci/constraints.txt) and the front-end files the offline site needs.
# Quick start: `make book` (build the student site), `make test` (run every test).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HTML := _build/html
PORT ?= 8000
BOOK_FLAGS := -W --keep-going

.PHONY: help setup lint lock freshness book instructor slides slides-instructor serve lab test test-fast bench bench-site bench-grade grade autograder release worksheets student-repo bundle clean chromium bubblewrap pdf pdf-instructor print-fonts poppler hub-image

help:
	@echo "make book   - execute the lessons and build the student site into $(HTML)"
	@echo "make test   - run the whole test suite (builds the book, installs Debian's chromium-headless-shell if missing)"
	@echo "make test-fast - the lint and the tests that need no book build and no browser"
	@echo "make lint   - ruff: lint and format check of course/ and tests/"
	@echo "make lock   - regenerate the pinned versions in .ci/constraints.txt"
	@echo "make serve  - serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make lab    - open the lessons in JupyterLab"
	@echo "make instructor - build the instructor edition into $(INSTRUCTOR)/_build/html"
	@echo "make slides - the lessons as offline reveal.js decks to lecture from, in $(SLIDES)/ (no notes)"
	@echo "make slides-instructor - the same decks with speaker notes, in $(INSTRUCTOR)/slides/"
	@echo "make pdf    - the print edition: every page, its charts, the quizzes with their answers at the end, _build/pdf/course.pdf"
	@echo "make pdf-instructor - the instructor edition as a PDF, _build/pdf/course-instructor.pdf"
	@echo "make hub-image - the hub image's requirements installed, as repo2docker's first layer: _build/hub-image (for the tests)"
	@echo "make bench  - time the build and every lesson (benchmark, not a test)"
	@echo "make bench-site - build time of each edition, weight and load time of each lesson page"
	@echo "make release             - student versions of the assignments into _build/assignments/"
	@echo "make worksheets          - the lessons without their challenge solutions into _build/worksheets/"
	@echo "make student-repo        - what students receive, as a git repository of its own, in _build/student-repo/"
	@echo "make bundle              - the lessons for any Jupyter (Colab, Anaconda, a hub): _build/bundle/course-lessons.zip"
	@echo "make grade ASSIGNMENT=a2 SUBMISSIONS=folder [LATE=late.yaml] - grade a folder: gradebook.csv, feedback/, Canvas, Moodle, Gradescope"
	@echo "make autograder ASSIGNMENT=a2 - Gradescope's autograder of one assignment: _build/autograder/a2.zip (instructor-only)"
	@echo "make freshness           - each table's newest observation, its sources' date, the lessons using it"
	@echo "make bench-grade         - grade 100 honest and 100 mixed A2 submissions: submissions/s of each, the floor, the ratio"

setup: $(STAMP)

# The lock's packages in hash-checking mode (each file must match its sha256 in .ci/requirements.txt), then the
# course itself without dependencies; the dry run, offline, fails if pyproject.toml names a package the lock lacks.
EXTRAS := book,test,lab,grade,hub
PIP := $(PY) -m pip --disable-pip-version-check
$(STAMP): pyproject.toml .ci/constraints.txt .ci/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r .ci/requirements.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) install --quiet --no-index --dry-run --no-build-isolation -e ".[$(EXTRAS)]" \
	  || { echo "pyproject.toml needs a package or version .ci/requirements.txt does not have: run make lock"; exit 1; }
	touch $@

# jupyter-cache keys executed notebooks on their own content only: when the kit, the quizzes, the challenges or the
# data change, drop the cache so every lesson re-runs against them (and the instructor edition's build, which
# would otherwise keep its pages from the old run).
KIT_STAMP := _build/.kit-stamp
$(KIT_STAMP): $(wildcard course/*.py course/*/*.py course/*/*/*.py) $(wildcard exercises/quizzes/*.yaml) $(wildcard exercises/challenges/*.yaml) $(wildcard data/*)
	rm -rf .jupyter_cache _build/.jupyter_cache _build/jupyter_execute _build/.doctrees $(INSTRUCTOR)/_build
	mkdir -p _build && touch $@

INSTRUCTOR := _build/instructor-edition

# Sphinx copies the site's own scripts and styles only when some page is out of date ("no targets are out of
# date" returns before it copies them). A change to course/site/static/ drops both editions' Sphinx state (not the
# executions) so that every page is rewritten and the new files are copied.
SITE_STAMP := _build/.site-stamp
$(SITE_STAMP): $(wildcard course/site/static/*.* course/site/static/*/*.* course/kit/explorers/static/*.*)
	rm -rf _build/.doctrees $(INSTRUCTOR)/_build
	mkdir -p _build && touch $@

# What the builds read: every file git tracks or would track (tests/ and .ci/ aside; the lock reaches the builds
# through $(STAMP)). SOURCE_LIST is rewritten only when that set of files changes (a file added, removed, renamed),
# so a build follows a deletion too. Outside a git checkout make cannot tell what changed: every build runs.
SOURCES := $(wildcard $(shell git ls-files -co --exclude-standard -- . ':!tests' ':!.ci' 2>/dev/null))
SOURCE_LIST := _build/.source-list
ifeq ($(strip $(SOURCES)),)
SOURCES := FORCE
else
$(shell mkdir -p _build && { echo '$(SOURCES)' | cmp -s - $(SOURCE_LIST) || echo '$(SOURCES)' > $(SOURCE_LIST); })
SOURCES += $(SOURCE_LIST)
endif
.PHONY: FORCE
FORCE:

# Each build leaves a stamp in its output, newer than everything it was built from: `make test` after `make book`
# then rebuilds nothing that is up to date (no-op builds of the two editions and the decks took about 40 s).
BOOK_STAMP := $(HTML)/.built-from-sources
INSTRUCTOR_STAMP := $(INSTRUCTOR)/_build/html/.built-from-sources

# The build's log is kept in _build/book.log: the test suite checks it instead of building the book again.
book: $(BOOK_STAMP)
	@echo ""
	@echo "Student site: $(CURDIR)/$(HTML)/index.html"
	@echo "Serve it with: make serve   (then open http://127.0.0.1:$(PORT))"
$(BOOK_STAMP): $(STAMP) $(KIT_STAMP) $(SITE_STAMP) $(SOURCES)
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS) 2>&1 | tee _build/book.log; exit $${PIPESTATUS[0]}
	touch $@

# The instructor edition: the student site plus timing plans, model answers, misconceptions, quiz keys and
# assignment solutions (pages generated by course/site/instructor.py). Never publish it where students can reach it.
instructor: $(INSTRUCTOR_STAMP)
	@echo "Instructor site: $(CURDIR)/$(INSTRUCTOR)/_build/html/index.html"
$(INSTRUCTOR_STAMP): $(STAMP) $(KIT_STAMP) $(SITE_STAMP) $(SOURCES)
	$(PY) -m course.site.instructor
	$(VENV)/bin/jupyter-book build . --toc $(INSTRUCTOR)/_toc.yml --config $(INSTRUCTOR)/_config.yml --path-output $(INSTRUCTOR) $(BOOK_FLAGS)
	touch $@

# Lesson slide decks to lecture from (reveal.js, served from the decks' own lib/; see course/site/slides.py):
# the student decks have no speaker notes; the instructor's add them from book/instructor/notes.yaml.
SLIDES := _build/slides
INSTRUCTOR_SLIDES := $(INSTRUCTOR)/slides
$(SLIDES)/lib/.stamp: book/favicon.svg
	rm -rf $(SLIDES)/lib && mkdir -p $(SLIDES)/lib/tmp
	cd $(SLIDES)/lib/tmp && npm pack --silent reveal.js@4.6.0 >/dev/null
	.ci/npm-integrity $(SLIDES)/lib/tmp/reveal.js-4.6.0.tgz reveal.js@4.6.0
	cd $(SLIDES)/lib/tmp && tar xzf reveal.js-4.6.0.tgz && mkdir ../reveal.js && mv package/dist package/plugin ../reveal.js/ && rm -rf package
	cp book/favicon.svg $(SLIDES)/lib/favicon.svg
	rm -rf $(SLIDES)/lib/tmp
	touch $@

slides: $(SLIDES)/.built-from-sources
	@echo "Slides: $(CURDIR)/$(SLIDES)/ (open any .slides.html; arrow keys move, Esc shows the overview)"
$(SLIDES)/.built-from-sources: $(STAMP) $(SLIDES)/lib/.stamp $(SOURCES)
	$(PY) -m course.site.slides
	touch $@

# Never give these to students: the speaker notes hold the model answers.
slides-instructor: $(INSTRUCTOR_SLIDES)/.built-from-sources
	@echo "Instructor slides: $(CURDIR)/$(INSTRUCTOR_SLIDES)/ (press S in a deck for the speaker view with the notes)"
$(INSTRUCTOR_SLIDES)/.built-from-sources: $(STAMP) $(SLIDES)/lib/.stamp $(SOURCES)
	rm -rf $(INSTRUCTOR_SLIDES)/lib && mkdir -p $(INSTRUCTOR_SLIDES) && cp -r $(SLIDES)/lib $(INSTRUCTOR_SLIDES)/lib
	$(PY) -m course.site.slides --instructor
	touch $@

serve: book
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# Debian's chromium-headless-shell for the browser tests and the PDF (these machines run as root; never a downloaded
# browser). The headless shell, not the full browser: see course/site/localsite.py.
chromium:
	@command -v chromium-headless-shell >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; }

# The print edition (course/site/print_edition.py): Chromium prints the built site; the emoji font draws the ✅ and ❌
# the lessons use (without it they print as empty boxes).
print-fonts:
	@fc-list 2>/dev/null | grep -qi "noto color emoji" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null; } \
	  || echo "fonts-noto-color-emoji could not be installed: the PDF will show ✅ and ❌ as empty boxes"

# poppler's pdftotext: the print edition's tests read the PDFs' text with it (tests/test_print_edition.py).
poppler:
	@command -v pdftotext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

# Each PDF is rebuilt only when its edition or a source has changed since it was printed (the tests read these).
PDF_DIR := _build/pdf
pdf: $(PDF_DIR)/course.pdf
$(PDF_DIR)/course.pdf: $(BOOK_STAMP) $(SOURCES) | chromium print-fonts
	$(PY) -m course.site.print_edition --edition student

pdf-instructor: $(PDF_DIR)/course-instructor.pdf
$(PDF_DIR)/course-instructor.pdf: $(INSTRUCTOR_STAMP) $(SOURCES) | chromium print-fonts
	$(PY) -m course.site.print_edition --edition instructor

# The hub image's first layer, as repo2docker (and Docker's layer cache) builds it: .binder/requirements.txt
# installed into a fresh environment, rebuilt only when the requirements change. tests/test_launch.py runs the
# later steps on a copy of it (postBuild, the pull into a home folder, a lesson), every run. A copy of the
# requirements it was built from is kept inside, so the test can tell a stale layer. Compiled, as pip does by default:
# 82 s once instead of 50 s, and each test run 20 s instead of 30 s (the copy's lesson no longer compiles its imports).
HUB_IMAGE := _build/hub-image
hub-image: $(HUB_IMAGE)/.installed
$(HUB_IMAGE)/.installed: .binder/requirements.txt .binder/runtime.txt
	rm -rf $(HUB_IMAGE)
	$(PYTHON) -m venv $(HUB_IMAGE)
	$(HUB_IMAGE)/bin/python -m pip install --quiet --disable-pip-version-check -r .binder/requirements.txt
	cp .binder/requirements.txt $(HUB_IMAGE)/requirements.txt
	touch $@

# The grader's sandbox. If it cannot be installed, grading falls back to process isolation and says so.
bubblewrap:
	@command -v bwrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; } \
	  || echo "bubblewrap could not be installed: the grader will use process isolation (see the gradebook's isolation column)"

# Tests run in parallel (pytest-xdist, one worker per core; a test file, or a notebook, stays on one worker: see
# the groups in tests/conftest.py).
# The book build executes each lesson once: the notebook check, the slides and the instructor edition reuse that
# run (course/site/executed.py), and nbval runs only a notebook the build did not run. JOBS=1 runs serially.
JOBS ?= auto
PYTEST := $(PY) -m pytest -n $(JOBS) --dist loadgroup

test: setup lint chromium bubblewrap poppler book instructor slides slides-instructor pdf pdf-instructor hub-image
	$(PYTEST)

# The quick loop: the lint, then everything but the book build, the browser and the tests that install from the
# package registry (nbval runs the lessons), from a fresh clone too. After set-up it makes no network request.
test-fast: setup lint
	$(PYTEST) -m "not browser and not book and not network"

# Lint and format check of the Python (configuration and the files not yet formatted: pyproject.toml, [tool.ruff]).
lint: setup
	$(VENV)/bin/ruff check course tests
	$(VENV)/bin/ruff format --check course tests

# Regenerate the lock from one resolution of the course with every extra (pip's --dry-run --report; .ci/lock.py
# writes .ci/constraints.txt, the versions, and .ci/requirements.txt, the same with each file's sha256).
# `make lock` keeps the locked versions and adds what pyproject.toml newly needs; `make lock UPGRADE=1` takes the
# newest versions its ranges allow. Then `python -m course.site.environment` re-pins the hub image, and make test.
# Not on `setup`: setup refuses a pyproject.toml that names a package the lock lacks, which is what lock is for.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --dry-run --ignore-installed --report _build/lock-report.json \
	  $(if $(UPGRADE),,-c .ci/constraints.txt) ".[$(EXTRAS)]"
	$(PY) .ci/lock.py _build/lock-report.json

# How current the course is (course/site/freshness.py): run it before and after a data update.
freshness: setup
	$(PY) -m course.site.freshness

bench: setup
	$(PY) -m course.bench.lessons

# Build time of each edition, and the weight and load time of every lesson page in Chromium (rebuilds _build).
bench-site: setup chromium
	$(PY) -m course.bench.site

# Grade a folder of submissions: make grade ASSIGNMENT=a2 SUBMISSIONS=path/to/folder [FORCE=1] [LATE=policy.yaml]
# Writes gradebook.csv, canvas.csv, moodle.csv, gradescope/, feedback/ next to the folder (LATE: a late policy
# applied to the totals, see the Grading page); exits 1 if nothing could be graded safely.
grade: setup bubblewrap
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=a2 SUBMISSIONS=path/to/folder [FORCE=1] [LATE=policy.yaml]"; exit 2; }
	$(PY) -m course.grading grade $(ASSIGNMENT) $(SUBMISSIONS) $(if $(FORCE),--force) $(if $(LATE),--late-policy $(LATE))

# Gradescope's autograder of one assignment (course/grading/autograder.py): upload _build/autograder/<id>.zip to a
# Gradescope programming assignment. It holds the hidden checks: never give it to students. [HIDDEN=folder]
AUTOGRADER_OUT ?= _build/autograder
autograder: setup
	@test -n "$(ASSIGNMENT)" || { echo "usage: make autograder ASSIGNMENT=a2 [HIDDEN=folder with hidden.yaml]"; exit 2; }
	$(PY) -m course.grading.autograder build $(ASSIGNMENT) --out $(AUTOGRADER_OUT) $(if $(HIDDEN),--hidden $(HIDDEN))

# Student versions of the assignments (solutions and hidden checks removed) into _build/assignments/
release: setup
	for a in $(or $(ASSIGNMENT),a1 a2 a3); do $(PY) -m course.grading release $$a --out _build/assignments; done

# The lessons as worksheets to hand out: challenge solutions removed, starters and checks kept (course/site/worksheets.py).
worksheets: setup
	$(PY) -m course.site.worksheets --out _build/worksheets

# What students receive (lessons, data, kit, quizzes, challenges, released assignments; no solution, hidden check or
# instructor note), as a git repository with its own history: one commit per build. `git push` in it publishes it
# to repository.url of _config.yml, where the site's JupyterHub links pull from (course/site/student_repo.py).
student-repo: setup
	$(PY) -m course.site.student_repo --out _build/student-repo

# The lessons for any Jupyter (Colab, Kaggle, Anaconda, a hub), no clone and no make: the worksheets, data/, the
# quizzes' and challenges' files and the kit as a wheel, in one zip; each notebook's first cell installs the wheel
# (course/site/bundle.py). Its files are a subset of the students' repository's.
bundle: setup
	$(PY) -m course.site.bundle --out _build/bundle

bench-grade: setup bubblewrap
	$(PY) -m course.bench.grader

clean:
	rm -rf _build .jupyter_cache
