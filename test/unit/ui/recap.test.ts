import { describe, expect, it } from 'vitest';
import { recap, recapLine } from '../../../src/ui/recap.js';
import { banner } from '../../../src/ui/style.js';

const c = (o: Partial<Record<string, number>> = {}) => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...o });

describe('recap', () => {
  it("prints Ansible's exact line format", () => {
    expect(recapLine('localhost', c({ ok: 2, changed: 1 }))).toBe(
      'localhost                  : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
    );
  });

  it('does not truncate long host names or large counts', () => {
    expect(recapLine('a-very-long-host-name.example.com', c({ ok: 12345 }))).toBe(
      'a-very-long-host-name.example.com : ok=12345 changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
    );
  });

  it('lists hosts sorted under the banner', () => {
    const text = recap({ h2: c(), h1: c({ failed: 1 }) });
    const lines = text.split('\n');
    expect(lines[1]).toBe(banner('PLAY RECAP'));
    expect(lines[2].startsWith('h1 ')).toBe(true);
    expect(lines[3].startsWith('h2 ')).toBe(true);
  });

  it('colours only non-zero counters', () => {
    const line = recapLine('h1', c({ changed: 1 }), { color: true, columns: 80 });
    expect(line).toContain('\u001b[33mchanged=1   \u001b[0m');
    expect(line).toContain(' failed=0    ');
  });
});

describe('banner', () => {
  it('fills to the column width with at least three stars', () => {
    expect(banner('TASK [x]')).toBe('TASK [x] ' + '*'.repeat(71));
    expect(banner('TASK [Gathering Facts]')).toHaveLength(80);
    expect(banner('T'.repeat(100)).endsWith(' ***')).toBe(true);
  });
});
