"""Build, site and maintenance tooling (never imported by a lesson).

- ``sphinx_site``: the Sphinx extension listed in ``_config.yml`` (scripts, styles, the progress page, the
  worksheet downloads); ``static/`` holds the site's own scripts and styles.
- ``instructor``: the instructor edition (``make instructor``).
- ``slides``: the lessons as offline reveal.js decks to lecture from (``make slides``; with speaker notes:
  ``make slides-instructor``; template in ``slides_template/``).
- ``worksheets``: the lessons without their challenge solutions (``make worksheets``).
- ``catalog``: the data-sources page, from ``data/datapackage.json``.
- ``readings``: the Readings page, from ``data/readings.csv`` (``python -m course.site.readings``).
- ``excerpts`` and ``articles_page``: the source articles' own words for each checked claim, proved verbatim
  against each article's fingerprint, and the page that shows them (``python -m course.site.articles_page``).
- ``datapackage``: ``python -m course.site.datapackage --rehash`` after an intended edit of a table.
- ``environment``: ``.binder/requirements.txt`` for a JupyterHub or Binder image.
- ``student_repo``: what students receive, as a git repository of its own (``make student-repo``): the one list of
  its contents, which the hub links, the hub image and the worksheet downloads follow.
- ``localsite``: a local static server and the Chromium settings (browser tests, ``make bench-site``).
"""
