import { describe, expect, it } from 'vitest';
import { renderTable, reportCommand } from './report.js';

describe('aiops report', () => {
  it('renders a report as aligned columns, arrays joined, long cells cut', () => {
    const text = renderTable({
      report: 'x',
      params: {},
      columns: [
        { name: 'key', type: 'string' },
        { name: 'n', type: 'number' },
        { name: 'ids', type: 'strings' },
      ],
      rows: [
        { key: 'db-1', n: 12, ids: ['a', 'b'] },
        { key: 'a'.repeat(80), n: null, ids: [] },
      ],
    });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^key\s+n\s+ids$/);
    expect(lines[1]).toMatch(/^db-1\s+12\s+a;b$/);
    expect(lines[2]).toContain(`${'a'.repeat(57)}...`);
  });

  it('refuses an unknown report or format before connecting (exit 2)', async () => {
    expect(await reportCommand.run(['nope'], {})).toBe(2);
    expect(await reportCommand.run(['kpis', '--format', 'xml'], {})).toBe(2);
  });
});
