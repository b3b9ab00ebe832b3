import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { escapeAttribute, escapeText, textElement, xmlSafe } from '../../../functions/core/feeds/xml.ts';
import { cleaned, hostile } from './fixtures.ts';
import { wellFormed } from './parse-back.ts';

/** Text and attribute `a` of the document's root element, entities decoded. */
function parseBack(text: string, attribute: string) {
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n${textElement('t', text, { a: attribute })}`;
  const root = parseDocument(xml, { xmlMode: true }).children.find((n) => n.type === 'tag');
  if (!root || !('attribs' in root)) throw new Error('no root element');
  const content = root.children.map((c) => ('data' in c ? c.data : '')).join('');
  return { xml, content, attribute: root.attribs.a };
}

describe('xml escaping', () => {
  it('removes every character XML 1.0 forbids and keeps tab, newline and carriage return', () => {
    expect(xmlSafe(`a${hostile.forbidden}b\t\n\rc`)).toBe('ab\t\n\rc');
  });

  it('removes lone surrogates of either kind but keeps surrogate pairs (emoji)', () => {
    expect(xmlSafe('\uD800x\uDC00y\uDBFF')).toBe('xy');
    expect(xmlSafe(`${hostile.emoji}\uD83D`)).toBe(hostile.emoji);
  });

  it('removes C1 control characters', () => {
    expect(xmlSafe('a\u0080\u0085\u009Fb\u007F')).toBe('ab');
  });

  it('escapes &, < and > in text, which defuses a CDATA terminator', () => {
    expect(escapeText('a ]]> b & <c>')).toBe('a ]]&gt; b &amp; &lt;c&gt;');
  });

  it('escapes quotes and whitespace in attributes so they survive attribute normalisation', () => {
    expect(escapeAttribute('"x" & \'y\'\t\n<')).toBe('&quot;x&quot; &amp; &apos;y&apos;&#9;&#10;&lt;');
  });

  it('leaves right-to-left text and emoji exactly as they were', () => {
    expect(escapeText(`${hostile.rtl} ${hostile.emoji}`)).toBe(`${hostile.rtl} ${hostile.emoji}`);
  });

  it('turns any string into well-formed XML that parses back to the cleaned text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (text, attribute) => {
        const parsed = parseBack(text, attribute);
        expect(wellFormed(parsed.xml)).toBe(true);
        expect(parsed.content).toBe(cleaned(text));
        expect(parsed.attribute).toBe(cleaned(attribute));
      }),
      { numRuns: 500 },
    );
  });
});
