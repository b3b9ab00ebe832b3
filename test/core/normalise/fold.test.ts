import { describe, expect, it } from 'vitest';
import { foldText } from '#core/normalise/fold.ts';

describe('foldText', () => {
  it('folds case, quote styles, dash styles and whitespace', () => {
    expect(foldText('‘ISIS’  is “Losing” – now')).toBe(foldText("'isis' is \"losing\" - now"));
    expect(foldText('CJTF – OIR')).toBe(foldText('CJTF-OIR'));
    expect(foldText('2006–08')).toBe('2006-08');
  });

  it('folds BOM, CRLF, invisible format characters and compatibility forms', () => {
    expect(foldText('\uFEFFone\r\ntwo\u200B…')).toBe(foldText('one two...'));
    expect(foldText('ＩＳＩＳ')).toBe('isis');
  });

  it('keeps words and punctuation that carry meaning', () => {
    expect(foldText('Raqqa was retaken.')).not.toBe(foldText('Raqqa was not retaken.'));
    expect(foldText('87%')).not.toBe(foldText('78%'));
  });
});
