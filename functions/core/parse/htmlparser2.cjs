/**
 * htmlparser2's CommonJS build, for the core's DOM helpers (dom.ts).
 *
 * sanitize-html require()s htmlparser2, which a bundler resolves to the
 * CommonJS build; an ESM `import` resolves to the ESM build. Importing through
 * this file makes both resolve to the same build, so a Lambda bundle carries
 * one copy of htmlparser2, domhandler, domutils, dom-serializer and entities
 * instead of two.
 */
module.exports = require('htmlparser2');
