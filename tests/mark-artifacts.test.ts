import {describe, expect, it} from 'vitest';
import {forEachOperator} from '../src/pdf/content-operators.js';
import {wrapUntagged} from '../src/pdf/mark-artifacts.js';

/** The content-stream lexer and the artifact marking built on it, on streams written by hand. */
/** The operators of `content`, each with where its operands start and where it ends, and the operands' text. */
function contentOperators(content: string): {operator: string; start: number; end: number; operands: string}[] {
  const operators: {operator: string; start: number; end: number; operands: string}[] = [];
  forEachOperator(content, (operator, start, tokenStart, end) =>
    operators.push({operator, start, end, operands: content.slice(start, tokenStart)})
  );
  return operators;
}

describe('forEachOperator', () => {
  it('finds operators past strings, hex strings, dictionaries, arrays, comments and inline images', () => {
    const content = [
      '/P <</MCID 3 /ActualText (a \\) b (nested) c)>> BDC',
      '[(Tj) -250 <00ff>] TJ % a comment with Tj in it',
      'BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI',
      '(ET) Tj EMC'
    ].join('\n');
    const operators = contentOperators(content);
    expect(operators.map((operator) => operator.operator)).toEqual(['BDC', 'TJ', 'BI', 'Tj', 'EMC']);
    expect(operators[0]!.operands).toContain('/MCID 3');
    expect(content.slice(operators[1]!.start, operators[1]!.end)).toBe('[(Tj) -250 <00ff>] TJ');
    expect(content.slice(operators[2]!.start, operators[2]!.end)).toMatch(/^BI .* EI$/s);
  });
});

describe('wrapUntagged', () => {
  it('wraps painting outside tagged content as artifacts, and leaves tagged content alone', () => {
    const tagged = '/P <</MCID 0 >>BDC BT (x) Tj ET EMC';
    expect(wrapUntagged(tagged)).toEqual({text: tagged, runs: 0});
    const {text, runs} = wrapUntagged(`q BT (7) Tj ET Q ${tagged} 0 0 5 5 re f`);
    expect(runs).toBe(2);
    // Inside the text object, and around the whole path (nothing may come between `re` and `f`).
    expect(text).toBe(`q BT \n/Artifact BMC\n(7) Tj \nEMC\nET Q ${tagged} \n/Artifact BMC\n0 0 5 5 re f\nEMC\n`);
  });

  it('keeps an artifact inside the graphics-state level it starts in, and out of other marked content', () => {
    const {text} = wrapUntagged('q 0 0 1 1 re f Q /Span <</ActualText (a)>> BDC /Im1 Do EMC');
    expect(text).toBe(
      'q \n/Artifact BMC\n0 0 1 1 re f \nEMC\nQ /Span <</ActualText (a)>> BDC \n/Artifact BMC\n/Im1 Do \nEMC\nEMC'
    );
  });

  it('separates what it inserts from operators written without a space', () => {
    expect(wrapUntagged('0 0 1 1 re f/P <</MCID 0>> BDC EMC 0 0 1 1 re f').text).toBe(
      '\n/Artifact BMC\n0 0 1 1 re f\nEMC\n/P <</MCID 0>> BDC EMC \n/Artifact BMC\n0 0 1 1 re f\nEMC\n'
    );
  });

  it('closes an artifact before a q, so that it never holds half of a q … Q pair', () => {
    expect(wrapUntagged('0 0 1 1 re f q 0 0 2 2 re f Q').text).toBe(
      '\n/Artifact BMC\n0 0 1 1 re f \nEMC\nq \n/Artifact BMC\n0 0 2 2 re f \nEMC\nQ'
    );
  });

  it('leaves the painting of a form that holds tagged content of its own (a chart mark Chromium drew as a form) untagged', () => {
    // Before: the `Do` was wrapped as an artifact, and the form's tagged content (MCID 0) with it (01-004).
    const content = '0 0 1 1 re f /X21 Do /X22 Do';
    expect(wrapUntagged(content, new Set(['/X21'])).text).toBe(
      '\n/Artifact BMC\n0 0 1 1 re f \nEMC\n/X21 Do \n/Artifact BMC\n/X22 Do\nEMC\n'
    );
  });

  it('leaves what is already an artifact as it is', () => {
    const content = '/Artifact <</Type /Pagination>> BDC BT (3) Tj ET EMC';
    expect(wrapUntagged(content).runs).toBe(0);
  });
});
