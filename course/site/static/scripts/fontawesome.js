/* Replaces pydata-sphinx-theme's 1.4 MB scripts/fontawesome.js (served under the same name, see
   course/site/sphinx_site.py). That script only turns icon tags into inline SVG for custom icon links, which
   this site has none of; the theme's stylesheet already draws every icon from the Font Awesome webfont. */
