/* A student's progress, kept in this browser only (localStorage; nothing is sent anywhere).
   - Quiz answers (jupyterquiz, see course/kit/quiz.py): each answer is recorded per page and question id, and replayed
     into the quiz when the page is opened again, so the feedback and the score come back.
   - Challenges ("Your turn", course/kit/challenges.py): every starter cell (tagged `challenge-starter`; myst-nb gives
     it the class tag_challenge-starter) gets an "I've done this" checkbox, kept under the challenge's id ("03.1").
   - The evidence board's ratings and the policy weights (course/kit/explorers/static/course-explorers.js calls get/set).
   - The "Your progress" page (book/progress.md): every lesson's quiz score, and export / import / clear as a JSON file.
   One localStorage entry holds it all: {"version": 1, "pages": {"notebooks/01_…": {"quiz": {question id: {…}}, …}}}
   (quiz answers were kept under the question's text before ids: see migrateQuiz). */
(function () {
  'use strict';
  var KEY = 'russia-china-course-progress';
  var VERSION = 1;

  function empty() { return {version: VERSION, pages: {}}; }
  function valid(d) { return d && typeof d === 'object' && d.version === VERSION && d.pages && typeof d.pages === 'object'; }
  function load() {
    try {
      var d = JSON.parse(window.localStorage.getItem(KEY));
      return valid(d) ? d : empty();
    } catch (e) { return empty(); }
  }
  function save(d) {
    try { window.localStorage.setItem(KEY, JSON.stringify(d)); return true; } catch (e) { return false; }
  }
  function available() {
    try { window.localStorage.setItem(KEY + '-probe', '1'); window.localStorage.removeItem(KEY + '-probe'); return true; }
    catch (e) { return false; }
  }

  /* The page's name in the site (e.g. "notebooks/01_nerchinsk_to_alliance"), the same from a server and file:// */
  function pageId() {
    var root = new URL(document.documentElement.dataset.content_root || './', window.location.href).href;
    var here = window.location.href.split('#')[0].split('?')[0];
    return decodeURIComponent(here.indexOf(root) === 0 ? here.slice(root.length) : window.location.pathname)
      .replace(/\.html$/, '');
  }
  var PAGE = pageId();

  function get(section, page) {
    var p = load().pages[page || PAGE];
    return p && p[section] !== undefined ? p[section] : null;
  }
  function set(section, value, page) {
    var d = load();
    var p = d.pages[page || PAGE] = d.pages[page || PAGE] || {};
    if (value === null || value === undefined) delete p[section]; else p[section] = value;
    p.updated = new Date().toISOString();
    save(d);
  }

  /* ---- quizzes ------------------------------------------------------------------------------------ */
  // Answers are kept under each question's stable id, which course/kit/quiz.py writes into the question
  // (<span class="course-qid" data-qid="…">), so editing a question's wording keeps them. Answers kept by an
  // earlier version of this script under the question's text move to its id once, the first time a page that
  // lists that text (the question itself, its data-former wordings, or the progress page) is opened.
  var replaying = false;
  function questionText(quiz) {
    var q = quiz.querySelector('[id^="quizQn"]');
    return q ? q.textContent.trim() : '';
  }
  function marker(quiz) { return quiz.querySelector('.course-qid'); }
  function questionId(quiz) {
    var m = marker(quiz);
    return m && m.dataset.qid ? m.dataset.qid : questionText(quiz);
  }
  function wordings(quiz) {
    var m = marker(quiz), former = [];
    try { former = JSON.parse((m && m.dataset.former) || '[]'); } catch (e) { former = []; }
    return [questionText(quiz)].concat(former);
  }
  /* Move answers kept under a question's wording to its id. `saved` is a page's quiz entry ({key: answer}),
     `questions` a list of {id, texts}. An id that already holds an answer keeps it (it is the newer one) and the
     old entry is dropped; entries that match no question are left alone. Returns whether anything changed. */
  function migrateQuiz(saved, questions) {
    var changed = false;
    var ids = questions.map(function (q) { return q.id; });
    Object.keys(saved).forEach(function (key) {
      if (ids.indexOf(key) >= 0) return;
      var owner = questions.filter(function (q) { return (q.texts || []).map(function (t) { return t.trim(); }).indexOf(key) >= 0; })[0];
      if (!owner) return;
      if (!saved[owner.id]) saved[owner.id] = saved[key];
      delete saved[key];
      changed = true;
    });
    return changed;
  }
  function pageQuestions() {
    return Array.prototype.map.call(document.querySelectorAll('.Quiz'), function (quiz) {
      return {id: questionId(quiz), texts: wordings(quiz)};
    });
  }
  function isCorrect(quiz) {
    var fb = quiz.querySelector('.Feedback');
    if (!fb || !fb.classList.contains('correct')) return false;
    var needed = Number(fb.dataset.numcorrect || 1);
    return needed <= 1 || quiz.querySelectorAll('.MCButton.correctButton').length >= needed;
  }
  function record(quiz, answer, numeric) {
    if (replaying) return;
    var id = questionId(quiz);
    if (!id) return;
    var quizzes = get('quiz') || {};
    var entry = quizzes[id] || {answers: []};
    if (numeric) entry.answers = [answer];
    else {
      var many = Number((quiz.querySelector('.Feedback') || {dataset: {}}).dataset.numcorrect || 1) > 1;
      entry.answers = many ? entry.answers.filter(function (a) { return a !== answer; }).concat([answer]) : [answer];
    }
    entry.numeric = !!numeric;
    entry.correct = isCorrect(quiz);
    quizzes[id] = entry;
    set('quiz', quizzes);
    set('quizTotal', document.querySelectorAll('.Quiz').length);
  }
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('.MCButton');
    if (!button) return;
    var quiz = button.closest('.Quiz');
    var answer = button.textContent.trim();
    setTimeout(function () { record(quiz, answer, false); }, 0);  // after jupyterquiz has marked it
  }, true);
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || !e.target.classList || !e.target.classList.contains('Input-text')) return;
    var quiz = e.target.closest('.Quiz');
    var value = e.target.value;
    setTimeout(function () { record(quiz, value, true); }, 0);
  }, true);

  function replayQuizzes() {
    var quizzes = document.querySelectorAll('.Quiz');
    var saved = get('quiz');
    if (!saved || !quizzes.length) return !!quizzes.length;
    var changed = migrateQuiz(saved, pageQuestions());
    replaying = true;
    try {
      quizzes.forEach(function (quiz) {
        var entry = saved[questionId(quiz)];
        if (!entry || quiz.dataset.restored) return;
        quiz.dataset.restored = '1';
        if (entry.numeric) {
          var box = quiz.querySelector('input.Input-text');
          if (box && typeof window.check_numeric === 'function') {
            box.value = entry.answers[0];
            window.check_numeric(box, {keyCode: 13});
          }
        } else {
          entry.answers.forEach(function (answer) {
            var buttons = Array.prototype.filter.call(quiz.querySelectorAll('.MCButton'),
              function (b) { return b.textContent.trim() === answer; });
            if (buttons.length) buttons[0].click();
          });
        }
        // the question may have changed since the answer was kept: score it as the page now marks it
        var now = isCorrect(quiz);
        if (now !== entry.correct) { entry.correct = now; changed = true; }
      });
    } finally { replaying = false; }
    if (changed) set('quiz', saved);
    return true;
  }
  function whenQuizzesReady(tries) {  // jupyterquiz draws its questions after a short delay
    if (replayQuizzes() || tries <= 0) return;
    setTimeout(function () { whenQuizzesReady(tries - 1); }, 200);
  }

  /* ---- challenges --------------------------------------------------------------------------------- */
  // A mark is kept under the challenge's id ("08.4"), which the build writes into the page as a class of the starter
  // cell (course-challenge-id-08_4, with course-challenge-name-<its answer's name>: course/site/sphinx_site.py), and
  // its value is the answer's name. Marks kept before ids (under the section's id, "your-turn-08-4-customs-or-tankers")
  // move once to the id; a mark whose challenge was renumbered (its id now names another challenge, or none) follows
  // its answer's name to the new id, so no student's ticks are lost and none goes to the wrong challenge.
  function challengeOf(cell, i) {
    var found = {id: null, name: null, section: (cell.closest('section') || {}).id || null};
    cell.classList.forEach(function (c) {
      if (c.indexOf('course-challenge-id-') === 0) found.id = c.slice('course-challenge-id-'.length).replace('_', '.');
      if (c.indexOf('course-challenge-name-') === 0) found.name = c.slice('course-challenge-name-'.length);
    });
    if (!found.id) found.id = cell.getAttribute('data-course-challenge') || found.section || ('challenge-' + (i + 1));
    return found;
  }
  function migrateMarks(done, here) {
    var SECTION = /^your-turn-\d+b?-\d+-/, moved = false, out = {};
    var byId = {}, byName = {}, bySection = {};
    here.forEach(function (c) { byId[c.id] = c; if (c.name) byName[c.name] = c; if (c.section) bySection[c.section] = c; });
    // every move is decided on the marks as they were, then applied at once (two challenges may swap numbers)
    Object.keys(done).forEach(function (key) {
      var value = done[key], to = null;
      if (SECTION.test(key)) {  // kept before ids: the same section, or the same title after a renumbering
        to = bySection[key] || here.filter(function (c) {
          return c.section && SECTION.test(c.section) && c.section.replace(SECTION, '') === key.replace(SECTION, '');
        })[0] || null;
      } else if (typeof value === 'string' && !(byId[key] && byId[key].name === value)) {
        to = byName[value] || null;  // renumbered: follow the answer's name
      }
      var target = to ? to.id : key;  // a mark with nowhere to go is kept as it is
      if (target !== key) moved = true;
      if (!(target in out)) out[target] = to ? (to.name || true) : value;
    });
    if (moved) {
      Object.keys(done).forEach(function (key) { delete done[key]; });
      Object.keys(out).forEach(function (key) { done[key] = out[key]; });
    }
    return moved;
  }
  function setupChallenges() {
    var cells = document.querySelectorAll('.tag_challenge-starter, [data-course-challenge]');
    var done = get('challenges') || {};
    var here = Array.prototype.map.call(cells, challengeOf);
    if (migrateMarks(done, here)) set('challenges', done);
    cells.forEach(function (cell, i) {
      if (cell.querySelector('.course-challenge-done')) return;
      var id = here[i].id, name = here[i].name;
      var label = document.createElement('label');
      label.className = 'course-challenge-done';
      var box = document.createElement('input');
      box.type = 'checkbox';
      // a mark counts for the challenge it was made on: its answer's name, where the page gives one, must agree
      box.checked = !!done[id] && (done[id] === true || !name || done[id] === name);
      box.addEventListener('change', function () {
        var now = get('challenges') || {};
        if (box.checked) now[id] = name || true; else delete now[id];
        set('challenges', now);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" I've done this challenge"));
      cell.appendChild(label);
    });
  }

  /* ---- the "Your progress" page ------------------------------------------------------------------- */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function renderProgressPage(root) {
    var lessons = JSON.parse(root.dataset.lessons || '[]');
    var d = load();
    root.innerHTML = '';
    if (!available()) {
      root.appendChild(el('p', {role: 'status'}, 'This browser does not let the page keep data (localStorage is off, ' +
        'or the page is in a private window that forbids it): progress cannot be kept here.'));
    }
    var table = el('table', {'class': 'course-progress-table'});
    var head = el('tr');
    ['Lesson', 'Quiz: right answers', 'Challenges done', 'Last activity'].forEach(function (h) { head.appendChild(el('th', {scope: 'col'}, h)); });
    table.appendChild(el('thead')).appendChild(head);
    var body = table.appendChild(el('tbody'));
    var migrated = false;
    lessons.forEach(function (lesson) {
      var p = d.pages[lesson.page] || {};
      var quiz = p.quiz || {};
      if (lesson.quiz && migrateQuiz(quiz, lesson.quiz)) { p.quiz = quiz; migrated = true; }
      // count the questions the lesson has now (an answer to a retired question is kept, not counted)
      var keys = lesson.quiz ? lesson.quiz.map(function (q) { return q.id; }) : Object.keys(quiz);
      var right = keys.filter(function (q) { return quiz[q] && quiz[q].correct; }).length;
      var tr = el('tr', {'data-page': lesson.page});
      var th = el('th', {scope: 'row'});
      var link = el('a', {href: root.dataset.root + lesson.page + '.html'}, lesson.title);
      th.appendChild(link);
      tr.appendChild(th);
      tr.appendChild(el('td', {'class': 'course-progress-quiz'}, lesson.questions ? right + ' / ' + lesson.questions : 'no quiz'));
      var done = Object.keys(p.challenges || {}).length;
      tr.appendChild(el('td', {'class': 'course-progress-challenges'}, lesson.challenges ? done + ' / ' + lesson.challenges : (done ? String(done) : '—')));
      tr.appendChild(el('td', {}, p.updated ? p.updated.slice(0, 10) : '—'));
      body.appendChild(tr);
    });
    if (migrated) save(d);
    root.appendChild(table);
    var status = el('p', {role: 'status', 'class': 'course-progress-status'});
    var actions = el('div', {'class': 'course-progress-actions'});
    var exportButton = actions.appendChild(el('button', {type: 'button', 'class': 'course-progress-export'}, 'Export my progress (JSON file)'));
    var importLabel = actions.appendChild(el('label', {'class': 'course-progress-import'}, 'Import progress from a file: '));
    var file = importLabel.appendChild(el('input', {type: 'file', accept: 'application/json,.json'}));
    var clearButton = actions.appendChild(el('button', {type: 'button', 'class': 'course-progress-clear'}, 'Clear my progress'));
    var confirmButton = el('button', {type: 'button', 'class': 'course-progress-clear-confirm'}, 'Yes, clear everything');
    root.appendChild(actions);
    root.appendChild(status);

    exportButton.addEventListener('click', function () {
      var blob = new Blob([JSON.stringify(load(), null, 1)], {type: 'application/json'});
      var a = el('a', {href: URL.createObjectURL(blob), download: 'russia-china-course-progress.json'});
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      status.textContent = 'Saved as russia-china-course-progress.json in your downloads.';
    });
    file.addEventListener('change', function () {
      if (!file.files.length) return;
      var reader = new FileReader();
      reader.onload = function () {
        var d2;
        try { d2 = JSON.parse(reader.result); } catch (e) { d2 = null; }
        if (!valid(d2)) {
          status.textContent = 'That file is not a progress file from this course (expected JSON with "version": 1 and "pages").';
          return;
        }
        save(d2);
        renderProgressPage(root);
        root.querySelector('.course-progress-status').textContent = 'Progress imported.';
      };
      reader.readAsText(file.files[0]);
    });
    clearButton.addEventListener('click', function () {
      status.textContent = 'This removes every answer, rating and challenge mark kept in this browser. Export first to keep a copy. ';
      status.appendChild(confirmButton);
    });
    confirmButton.addEventListener('click', function () {
      window.localStorage.removeItem(KEY);
      renderProgressPage(root);
      root.querySelector('.course-progress-status').textContent = 'Progress cleared.';
    });
  }

  /* ---- pages opened from the file system ------------------------------------------------------------ */
  // Sphinx's search fetches each result page for an excerpt, which browsers refuse from file://: list the
  // results without excerpts there (the note below says so).
  if (window.location.protocol === 'file:' && typeof DOCUMENTATION_OPTIONS !== 'undefined') {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;  // a global const (documentation_options.js), not on window
  }
  function fileNote() {
    if (window.location.protocol !== 'file:' || document.querySelector('.course-file-note')) return;
    var main = document.querySelector('main') || document.body;
    var note = el('p', {'class': 'course-file-note', role: 'note'},
      'Opened from files (file://): quizzes, explorers, search and your progress work here; search lists the ' +
      'matching pages without excerpts, and your progress is kept apart from the same course on a web server. ' +
      'The "Run it live" links need a JupyterHub and a network; to run a lesson, use make lab on a computer with ' +
      'the course installed.');
    main.insertBefore(note, main.firstChild);
  }

  window.CourseProgress = {key: KEY, page: PAGE, get: get, set: set, load: load, save: save, migrateQuiz: migrateQuiz};
  function start() {
    fileNote();
    setupChallenges();
    var root = document.getElementById('course-progress-page');
    if (root) renderProgressPage(root);
    whenQuizzesReady(25);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
