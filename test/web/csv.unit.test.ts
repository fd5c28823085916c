import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../web/src/csv.js';

describe('a table exported as CSV', () => {
  it('quotes cells holding commas, quotes or line breaks, doubling inner quotes', () => {
    const csv = toCsv(['name', 'said'], [['Regnier, Thomas', 'he said "yes"\nthen left']]);
    expect(csv).toBe('name,said\r\n"Regnier, Thomas","he said ""yes""\nthen left"\r\n');
  });

  it('prefixes cells a spreadsheet would run as a formula with a single quote', () => {
    for (const start of ['=', '+', '-', '@']) {
      expect(csvCell(`${start}HYPERLINK("http://x")`)).toBe(`"'${start}HYPERLINK(""http://x"")"`);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
  });

  it('leaves ordinary text, numbers and empty values as they are', () => {
    expect(toCsv(['a', 'b', 'c'], [['GPT-5.5 Cyber', 3, undefined]])).toBe('a,b,c\r\nGPT-5.5 Cyber,3,\r\n');
  });
});
