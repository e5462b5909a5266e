/* The course's explorers on the static site: no kernel, no server, no widget manager; works from file://.
   - Precomputed explorers (course/kit/explorers/framework.py): the page holds every view of the explorer's (small) domain as
     HTML fragments in a JSON block; a change of a control shows the view for the chosen settings.
   - The evidence board (lesson 07) and the policy weights (lesson 08) (course/kit/explorers/boards.py): their menus,
     sliders and storage; the scoring and the chart are course-boards.js (window.CourseBoards), a port of
     course/kit/ach.py and course/kit/policy.py that node's tests check against the Python (tests/test_boards_js.py).
   The boards' settings and each explorer's last setting are kept in the browser through window.CourseProgress
   (course-progress.js). */
(function () {
  'use strict';
  var Boards = window.CourseBoards;  // course-boards.js, loaded before this file

  function readJSON(root, selector) {
    var el = root.querySelector(selector);
    return el ? JSON.parse(el.textContent) : null;
  }
  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
  }

  /* ---- precomputed explorers ------------------------------------------------------------------------- */
  function setupExplorer(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = '1';
    var table = readJSON(root, 'script.course-explorer-data');
    var out = root.querySelector('.course-explorer-out');
    var controls = Array.prototype.slice.call(root.querySelectorAll('[data-control]'));
    function show() {
      var key = controls.map(function (c) { return c.value; }).join('.');
      controls.forEach(function (c) {
        if (c.type === 'range') {
          var labels = JSON.parse(c.dataset.labels);
          var output = c.parentElement.querySelector('output');
          if (output) output.textContent = labels[Number(c.value)];
          c.setAttribute('aria-valuetext', labels[Number(c.value)]);
        }
      });
      if (out.dataset.view === key) return;
      var view = table.views[key];
      out.innerHTML = view ? view.map(function (i) { return table.fragments[i]; }).join('')
        : "<p role='status'>This combination was not computed for the static page (see the note above); run the lesson live to see it.</p>";
      out.dataset.view = key;
    }
    // The last setting of each explorer is kept in the browser (course-progress.js) and shown again on return;
    // a kept value the page no longer offers is ignored.
    var name = root.dataset.explorer;
    var kept = store() && name ? (store().get('explorers') || {})[name] : null;
    if (kept && kept.length === controls.length) controls.forEach(function (c, i) {
      var v = String(kept[i]);
      var offered = c.tagName === 'SELECT'
        ? Array.prototype.some.call(c.options, function (o) { return o.value === v; })
        : /^\d+$/.test(v) && Number(v) >= Number(c.min) && Number(v) <= Number(c.max);
      if (offered) c.value = v;
    });
    function remember() {
      if (!store() || !name) return;
      var all = store().get('explorers') || {};
      all[name] = controls.map(function (c) { return c.value; });
      store().set('explorers', all);
    }
    controls.forEach(function (c) {
      c.addEventListener(c.type === 'range' ? 'input' : 'change', function () { show(); remember(); });
    });
    show();
  }

  function chartWidth(el) {
    var w = el && el.clientWidth ? el.clientWidth : 720;
    return Math.max(280, Math.min(720, Math.floor(w)));
  }
  function store() { return window.CourseProgress || null; }
  function redrawOnResize(out, redraw) {  // a phone turned sideways: draw the chart again at the new width
    var drawn = chartWidth(out);
    window.addEventListener('resize', function () {
      if (chartWidth(out) !== drawn) { drawn = chartWidth(out); redraw(); }
    });
  }

  function setupACH(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = '1';
    var data = readJSON(root, 'script.course-board-data');
    var menus = Array.prototype.slice.call(root.querySelectorAll('select[data-item]'));
    var out = root.querySelector('.course-board-out');
    var saved = store() && store().get('ach');
    if (saved) menus.forEach(function (m) {
      var r = saved[m.dataset.item] && saved[m.dataset.item][m.dataset.hypothesis];
      if (r && data.ratings.indexOf(r) >= 0) m.value = r;
    });
    function ratings() {
      var r = {};
      data.items.forEach(function (i) { r[i] = {}; });
      menus.forEach(function (m) { r[m.dataset.item][m.dataset.hypothesis] = m.value; });
      return r;
    }
    function redraw(save) {
      var r = ratings();
      out.innerHTML = Boards.achChart(r, data, chartWidth(out)) + Boards.achSummaryHTML(r, data);
      if (save && store()) store().set('ach', r);
    }
    menus.forEach(function (m) { m.addEventListener('change', function () { redraw(true); }); });
    redrawOnResize(out, function () { redraw(false); });
    root.querySelector('.course-board-reset').addEventListener('click', function () {
      menus.forEach(function (m) { m.value = data.suggested[m.dataset.item][m.dataset.hypothesis]; });
      if (store()) store().set('ach', null);
      redraw(false);
    });
    redraw(false);
  }

  function setupPolicy(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = '1';
    var data = readJSON(root, 'script.course-board-data');
    var inputs = Array.prototype.slice.call(root.querySelectorAll('input[data-goal]'));
    var out = root.querySelector('.course-board-out');
    var saved = store() && store().get('policy');
    if (saved) inputs.forEach(function (i) { if (typeof saved[i.dataset.goal] === 'number') i.value = saved[i.dataset.goal]; });
    function redraw(save) {
      var weights = {};
      inputs.forEach(function (i) {
        weights[i.dataset.goal] = Number(i.value);
        i.parentElement.querySelector('output').textContent = String(Number(i.value));
        i.setAttribute('aria-valuetext', String(Number(i.value)));
      });
      try {
        out.innerHTML = Boards.policyChart(weights, data, chartWidth(out));
      } catch (err) {
        out.innerHTML = "<p role='status'>⚠ " + esc(err.message) + '</p>';
      }
      if (save && store()) store().set('policy', weights);
    }
    inputs.forEach(function (i) { i.addEventListener('input', function () { redraw(true); }); });
    redrawOnResize(out, function () { redraw(false); });
    redraw(false);
  }

  /* ---- the "−" and "+" beside each slider (course/kit/explorers/framework.py step_button): one click, one step; the slider
     then reports the change exactly as if it had been dragged (an 'input' event), so explorers and boards follow. */
  function stepSlider(event) {
    var button = event.target.closest && event.target.closest('button.course-step[data-step]');
    if (!button) return;
    var slider = button.parentElement.querySelector('input[type="range"]');
    if (!slider) return;
    var before = slider.value;
    if (Number(button.dataset.step) < 0) slider.stepDown(); else slider.stepUp();
    if (slider.value !== before) slider.dispatchEvent(new Event('input', {bubbles: true}));
  }

  function setupAll() {
    document.addEventListener('click', stepSlider);
    document.querySelectorAll('.course-explorer').forEach(setupExplorer);
    document.querySelectorAll('.course-board[data-board="ach"]').forEach(setupACH);
    document.querySelectorAll('.course-board[data-board="policy"]').forEach(setupPolicy);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupAll);
  else setupAll();
})();
