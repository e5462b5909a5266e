/* The course's explorers on the static site: no kernel, no server, no widget manager; works from file://.
   - Precomputed explorers (course/kit/explorer.py): the page holds every view of the explorer's (small) domain as
     HTML fragments in a JSON block; a change of a control shows the view for the chosen settings.
   - The evidence board (lesson 07) and the policy weights (lesson 08) (course/kit/static_boards.py): a port of the
     scoring rules in course/kit/ach.py and course/kit/policy.py, fed by the tables in the page. The browser tests check
     this port against the Python on the same cases (window.CourseBoards exposes the pure functions).
   The boards' settings and each explorer's last setting are kept in the browser through window.CourseProgress
   (course-progress.js). */
(function () {
  'use strict';

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

  /* ---- the evidence board: a port of course/kit/ach.py -------------------------------------------------- */
  function inconsistency(ratings, hypotheses) {
    var scores = {};
    hypotheses.forEach(function (h) { scores[h] = 0; });
    Object.keys(ratings).forEach(function (item) {
      hypotheses.forEach(function (h) { if (ratings[item][h] === 'I') scores[h] += 1; });
    });
    return scores;
  }
  function leaders(scores, hypotheses) {
    var best = Math.min.apply(null, hypotheses.map(function (h) { return scores[h]; }));
    return hypotheses.filter(function (h) { return scores[h] === best; });
  }
  function margin(scores, hypotheses) {
    var values = hypotheses.map(function (h) { return scores[h]; }).sort(function (a, b) { return a - b; });
    return values.length > 1 ? values[1] - values[0] : 0;
  }
  function sensitivity(ratings, items, hypotheses) {
    var base = leaders(inconsistency(ratings, hypotheses), hypotheses).join(', ');
    return items.map(function (item) {
      var rest = {};
      items.forEach(function (other) { if (other !== item) rest[other] = ratings[other]; });
      var without = items.length > 1 ? leaders(inconsistency(rest, hypotheses), hypotheses) : hypotheses.slice();
      return {item: item, leaders_without: without, changes_result: without.join(', ') !== base};
    });
  }
  function diagnosticItems(ratings, items) {
    return items.filter(function (item) {
      var seen = {};
      Object.keys(ratings[item]).forEach(function (h) { seen[ratings[item][h]] = 1; });
      return Object.keys(seen).length > 1;
    });
  }
  function num(x) { return String(x); }  // Python's :g for the whole numbers and halves used here
  function achSummaryHTML(ratings, data) {
    var hyps = data.hypotheses.map(function (h) { return h[0]; });
    var labels = {};
    data.hypotheses.forEach(function (h) { labels[h[0]] = h[1]; });
    var scores = inconsistency(ratings, hyps);
    var lead = leaders(scores, hyps).map(function (h) { return labels[h]; });
    var hinge = sensitivity(ratings, data.items, hyps).filter(function (r) { return r.changes_result; });
    var diagnostic = diagnosticItems(ratings, data.items);
    var flat = data.items.filter(function (i) { return diagnostic.indexOf(i) < 0; }).sort();
    var parts = ["<p role='status'><strong>Least inconsistent:</strong> " + esc(lead.join(' and ')) +
                 ' (margin ' + num(margin(scores, hyps)) + ' item(s) over the next).</p>'];
    parts.push('<p><strong>Sensitivity:</strong> ' + (hinge.length
      ? 'the result changes if any of these items is wrong: ' + esc(hinge.map(function (r) {
          return r.item + ' (then: ' + r.leaders_without.map(function (h) { return labels[h]; }).join(', ') + ')';
        }).join(', '))
      : 'no single item changes the result; test pairs of items, or your ratings of the opinions.') + '</p>');
    if (flat.length) {
      parts.push('<p><strong>Not diagnostic</strong> (same rating for every hypothesis): ' + esc(flat.join(', ')) + '.</p>');
    }
    return parts.join('');
  }
  function achChart(ratings, data, width) {
    var hyps = data.hypotheses.map(function (h) { return h[0]; });
    var labels = {};
    data.hypotheses.forEach(function (h) { labels[h[0]] = h[1]; });
    var scores = inconsistency(ratings, hyps);
    var best = Math.min.apply(null, hyps.map(function (h) { return scores[h]; }));
    var alt = 'Horizontal bars counting the evidence inconsistent with each hypothesis: ' +
      hyps.map(function (h) { return labels[h] + ' ' + num(scores[h]); }).join('; ') +
      '. Fewest: ' + hyps.filter(function (h) { return scores[h] === best; }).map(function (h) { return labels[h]; }).join(' and ') + '.';
    var rows = hyps.map(function (h) {
      return {label: labels[h], value: scores[h], text: num(scores[h]), colour: scores[h] === best ? '#009E73' : '#7F7F7F'};
    });
    return figure(barsSVG(rows, Math.max(1, Math.max.apply(null, rows.map(function (r) { return r.value; }))) * 1.15,
                          'Inconsistent evidence items (fewer is better)', width), alt, data.caption, data.source);
  }

  /* ---- the policy weights: a port of course/policy.weighted_scores ---------------------------------- */
  function weightedScores(weights, data) {
    var total = data.goals.reduce(function (s, g) { return s + (weights[g] || 0); }, 0);
    if (data.goals.some(function (g) { return (weights[g] || 0) < 0; })) {
      throw new Error('Weights cannot be negative: give a goal 0 to ignore it.');
    }
    if (total === 0) throw new Error('All weights are zero: give at least one goal some weight.');
    var rows = data.options.map(function (o) {
      var sum = 0;
      data.goals.forEach(function (g) { sum += o[1][g] * (weights[g] || 0); });
      return [o[0], sum / total];
    });
    // pandas sort_values(ascending=False) keeps tied options in table order; Array.sort is stable
    return rows.sort(function (a, b) { return b[1] - a[1]; });
  }
  function fixed2(x) {  // Python's :.2f rounds an exact half to even; toFixed rounds it up
    var y = x * 100;
    if (Number.isInteger(y * 2) && !Number.isInteger(y)) {
      var down = Math.floor(y);
      return ((down % 2 === 0 ? down : down + 1) / 100).toFixed(2);
    }
    return x.toFixed(2);
  }
  function policyChart(weights, data, width) {
    var w = data.goals.map(function (g) { return g + ' ' + num(weights[g]); }).join(', ');
    var scores = weightedScores(weights, data);
    var alt = 'Horizontal bars of policy options scored with weights ' + w + ': ' +
      scores.map(function (s) { return s[0] + ' ' + fixed2(s[1]); }).join('; ') + '.';
    var rows = scores.map(function (s) { return {label: s[0], value: s[1], text: fixed2(s[1]), colour: '#009E73'}; });
    return figure(barsSVG(rows, 3, 'Weighted score (0 = works against the goals, 3 = helps a lot)', width), alt,
                  "India's options, weighted by your goals (" + w + ')', data.source);
  }

  /* ---- a small SVG bar chart, shown as an <img> with alt text like the course's PNG charts ---------- */
  // Drawn at the width of the box it goes in (at most 720 px), one SVG pixel per screen pixel, so its 12 px labels
  // stay 12 px on a phone; a label too long for the width wraps onto more lines.
  var CHAR_PX = 7.2;  // mean advance of DejaVu Sans / Arial at 12 px, enough to wrap labels before they overflow
  function chartWidth(el) {
    var w = el && el.clientWidth ? el.clientWidth : 720;
    return Math.max(280, Math.min(720, Math.floor(w)));
  }
  function wrapWords(text, perLine) {
    var lines = [], line = '';
    String(text).split(' ').forEach(function (word) {
      if (line && (line + ' ' + word).length > perLine) { lines.push(line); line = word; }
      else line = line ? line + ' ' + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }
  function barsSVG(rows, max, xlabel, width) {
    width = width || 720;
    var left = 10, top = 10, lineH = 15, barH = 16, valueRoom = 44;
    var barMax = width - left - valueRoom, perLine = Math.floor((width - 2 * left) / CHAR_PX);
    var parts = [], y = top;
    function textLines(lines, x, y0) {
      lines.forEach(function (l, k) {
        parts.push('<text x="' + x + '" y="' + (y0 + k * lineH) + '" fill="#000">' + esc(l) + '</text>');
      });
    }
    rows.forEach(function (r) {
      var lines = wrapWords(r.label, perLine);
      textLines(lines, left, y + 12);
      var barY = y + 4 + lines.length * lineH;
      var w = Math.max(0, r.value / max * barMax);
      parts.push('<rect x="' + left + '" y="' + barY + '" width="' + w.toFixed(1) + '" height="' + barH + '" fill="' + r.colour + '"/>');
      parts.push('<text x="' + (left + w + 4).toFixed(1) + '" y="' + (barY + 13) + '" fill="#000">' + esc(r.text) + '</text>');
      y = barY + barH + 8;
    });
    var axisY = y + 4;
    parts.push('<line x1="' + left + '" x2="' + (left + barMax) + '" y1="' + axisY + '" y2="' + axisY + '" stroke="#000"/>');
    var xlines = wrapWords(xlabel, perLine);
    textLines(xlines, left, axisY + 24);
    var height = axisY + 24 + (xlines.length - 1) * lineH + 12;
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height +
      '" viewBox="0 0 ' + width + ' ' + height + '" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">' +
      '<rect width="100%" height="100%" fill="#ffffff"/>' + parts.join('') + '</svg>';
  }
  function figure(svg, alt, caption, source) {
    return '<figure class="course-chart" style="margin:0 0 1em 0;max-width:100%">' +
      '<img src="data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg) + '" alt="' + esc(alt) +
      '" style="max-width:100%;height:auto"><figcaption style="font-size:0.9em"><strong>' + esc(caption) +
      '</strong><br><em>Source:</em> ' + esc(source) + '</figcaption></figure>';
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
      out.innerHTML = achChart(r, data, chartWidth(out)) + achSummaryHTML(r, data);
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
        i.parentElement.querySelector('output').textContent = num(Number(i.value));
        i.setAttribute('aria-valuetext', num(Number(i.value)));
      });
      try {
        out.innerHTML = policyChart(weights, data, chartWidth(out));
      } catch (err) {
        out.innerHTML = "<p role='status'>⚠ " + esc(err.message) + '</p>';
      }
      if (save && store()) store().set('policy', weights);
    }
    inputs.forEach(function (i) { i.addEventListener('input', function () { redraw(true); }); });
    redrawOnResize(out, function () { redraw(false); });
    redraw(false);
  }

  /* ---- the "−" and "+" beside each slider (course/kit/explorer.py step_button): one click, one step; the slider
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

  window.CourseBoards = {achSummaryHTML: achSummaryHTML, achChart: achChart, weightedScores: weightedScores,
                         policyChart: policyChart, fixed2: fixed2};
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupAll);
  else setupAll();
})();
