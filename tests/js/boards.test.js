// The browser's scoring and charts (course/kit/explorers/static/course-boards.js) against golden cases computed by the
// Python (course/kit/ach.py, course/kit/policy.py, course/kit/charts/judgements.py). tests/test_boards_js.py writes
// the cases to a JSON file named by COURSE_GOLDEN and runs this file with `node --test`; run alone, it says so.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const Boards = require(path.join(__dirname, '..', '..', 'course', 'kit', 'explorers', 'static', 'course-boards.js'));
if (!process.env.COURSE_GOLDEN) {
  throw new Error('COURSE_GOLDEN is not set: run this through pytest (tests/test_boards_js.py), which writes the cases');
}
const golden = JSON.parse(fs.readFileSync(process.env.COURSE_GOLDEN, 'utf8'));

const ENTITIES = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'"};
function decode(text) { return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]); }
function flat(text) { return text.replace(/\s+/g, ''); }  // the two sides space their tags differently
function textOf(html) { return flat(decode(html.replace(/<[^>]+>/g, ' '))); }
function alt(figureHTML) { return decode(/alt="([^"]*)"/.exec(figureHTML)[1]); }
function caption(figureHTML) { return decode(/<strong>([^<]*)<\/strong>/.exec(figureHTML)[1]); }
function svgOf(figureHTML) { return decodeURIComponent(/src="data:image\/svg\+xml;charset=utf-8,([^"]*)"/.exec(figureHTML)[1]); }
function barColours(svg) { return [...svg.matchAll(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="([^"]*)"/g)].map((m) => m[1]); }

test('the evidence board: verdict, margin, sensitivity and non-diagnostic items say what the Python says', () => {
  assert.ok(golden.ach.cases.length >= 50);
  for (const c of golden.ach.cases) {
    const data = Object.assign({}, golden.ach.payload, {items: Object.keys(c.ratings)});
    assert.equal(textOf(Boards.achSummaryHTML(c.ratings, data)), flat(c.summary_text), JSON.stringify(c.ratings));
  }
});

test("the evidence board's chart: the Python's alt text, caption, axis label and colours", () => {
  for (const c of golden.ach.cases) {
    const data = Object.assign({}, golden.ach.payload, {items: Object.keys(c.ratings)});
    const fig = Boards.achChart(c.ratings, data, 720);
    assert.equal(alt(fig), c.alt, JSON.stringify(c.ratings));
    assert.equal(caption(fig), golden.ach.payload.caption);
    const svg = svgOf(fig);
    assert.ok(svg.includes(golden.ach.payload.xlabel), 'the axis label is not the payload\'s');
    assert.deepEqual(barColours(svg), c.colours, JSON.stringify(c.ratings));
  }
});

test('the policy weights: every setting ranks and scores the options as the Python does, or fails as it does', () => {
  assert.equal(golden.policy.cases.length, 343);
  for (const c of golden.policy.cases) {
    if (c.error) {
      assert.throws(() => Boards.weightedScores(c.weights, golden.policy.payload), {message: c.error});
      continue;
    }
    const got = Boards.weightedScores(c.weights, golden.policy.payload);
    assert.deepEqual(got.map((r) => r[0]), c.ranking, JSON.stringify(c.weights));
    got.forEach((r, i) => assert.ok(Math.abs(r[1] - c.scores[i]) < 1e-12, JSON.stringify(c.weights)));
    assert.deepEqual(got.map((r) => Boards.fixed2(r[1])), c.scores_2dp, JSON.stringify(c.weights));
  }
});

test("the policy chart: the Python's alt text, caption and colour", () => {
  assert.ok(golden.policy.charts.length >= 5);
  for (const c of golden.policy.charts) {
    const fig = Boards.policyChart(c.weights, golden.policy.payload, 720);
    assert.equal(alt(fig), c.alt, JSON.stringify(c.weights));
    assert.equal(caption(fig), c.caption, JSON.stringify(c.weights));
    const svg = svgOf(fig);
    assert.ok(svg.includes(golden.policy.payload.xlabel));
    assert.ok(barColours(svg).every((colour) => colour === golden.policy.payload.colours.bar));
  }
});
