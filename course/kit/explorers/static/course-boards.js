/* The evidence board's and the policy weights' scoring, a port of course/kit/ach.py and course/kit/policy.py, and
   the small SVG bar chart both draw: pure functions of their arguments, no page and no storage. The chart's labels,
   caption and colours come from the payload the Python writes into the page (course/kit/explorers/boards.py), so only
   the rules are ported.

   The site loads this file as a classic script (window.CourseBoards, used by course-explorers.js); node's test runner
   loads it as a CommonJS module (tests/js/boards.test.js, fed golden cases that tests/test_boards_js.py computes with
   the Python, in make test-fast). It is not an ES module because Chromium refuses module scripts on a page opened
   from file://, which the course supports. */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.CourseBoards = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
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
      return {label: labels[h], value: scores[h], text: num(scores[h]), colour: scores[h] === best ? data.colours.best : data.colours.other};
    });
    return figure(barsSVG(rows, Math.max(1, Math.max.apply(null, rows.map(function (r) { return r.value; }))) * 1.15,
                          data.xlabel, width), alt, data.caption, data.source);
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
    var rows = scores.map(function (s) { return {label: s[0], value: s[1], text: fixed2(s[1]), colour: data.colours.bar}; });
    return figure(barsSVG(rows, 3, data.xlabel, width), alt, data.caption_prefix + ' (' + w + ')', data.source);
  }

  /* ---- a small SVG bar chart, shown as an <img> with alt text like the course's PNG charts ---------- */
  // Drawn at the width of the box it goes in (at most 720 px), one SVG pixel per screen pixel, so its 12 px labels
  // stay 12 px on a phone; a label too long for the width wraps onto more lines.
  var CHAR_PX = 7.2;  // mean advance of DejaVu Sans / Arial at 12 px, enough to wrap labels before they overflow
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

  return {inconsistency: inconsistency, leaders: leaders, margin: margin, sensitivity: sensitivity,
          diagnosticItems: diagnosticItems, achSummaryHTML: achSummaryHTML, achChart: achChart,
          weightedScores: weightedScores, fixed2: fixed2, policyChart: policyChart, barsSVG: barsSVG, esc: esc};
});
