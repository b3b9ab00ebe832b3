// The types of htmlparser2's CommonJS build, which htmlparser2.cjs re-exports.
import htmlparser2 = require('htmlparser2');
export = htmlparser2;
