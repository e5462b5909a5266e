/* Accessibility fixes for markup made by libraries the course uses (found by axe-core in the browser tests).
   - jupyterquiz: choice buttons wrap a focusable radio input (nested interactive); the numeric answer box has an
     unlinked label and light text on a white box.
   - sphinxcontrib-bibtex: the citation list has role="list" without list items.
   - the lessons' tables (course.kit.tables), and charts on a phone (course.kit.plots), scroll sideways inside their
     box when wider than it; such a box must be reachable from the keyboard, so it takes the focus (tabindex 0)
     while, and only while, it scrolls. */
(function () {
  function fixQuizzes() {
    document.querySelectorAll('.MCButton input[type="radio"]').forEach(function (r) { r.disabled = true; r.tabIndex = -1; });
    document.querySelectorAll('.Quiz').forEach(function (q) {
      var box = q.querySelector('input.Input-text');
      if (!box) return;
      var question = q.querySelector('.NumericQn');
      if (!box.getAttribute('aria-label')) { box.setAttribute('aria-label', (question ? question.textContent.trim() + ' ' : '') + 'Type a number, then press Enter.'); }
      box.style.color = '#111111';
    });
  }
  function fixCitations() {
    document.querySelectorAll('.citation-list[role="list"]').forEach(function (e) { e.removeAttribute('role'); });
  }
  function focusScrollingTables() {
    document.querySelectorAll('.course-table-wrap, .course-chart-frame').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute('tabindex')) {
          box.setAttribute('tabindex', '0');
          box.setAttribute('role', 'region');
          box.setAttribute('aria-label', (box.classList.contains('course-chart-frame') ? 'Chart' : 'Table') + ' (scrolls sideways)');
        }
      } else if (box.hasAttribute('tabindex')) {
        box.removeAttribute('tabindex'); box.removeAttribute('role'); box.removeAttribute('aria-label');
      }
    });
  }
  function run() { fixQuizzes(); fixCitations(); focusScrollingTables(); }
  window.addEventListener('resize', focusScrollingTables);
  document.addEventListener('DOMContentLoaded', run);
  window.addEventListener('load', run);
  [300, 1000, 2500].forEach(function (t) { setTimeout(run, t); });
  if (window.MutationObserver) {
    new MutationObserver(function () { run(); }).observe(document.documentElement, { childList: true, subtree: true });
  }
})();
