import { describe, expect, it } from 'vitest';
import { attrCommands, attrResult, decideAttrs, idMatches } from '../../../../src/modules/kit/file-attrs.js';

const cur = { mode: 0o644, uid: 1000, gid: 1000, owner: 'deploy', group: 'deploy', isDir: false };

describe('attrs', () => {
  it('idMatches by name or numeric id', () => {
    expect(idMatches('deploy', 1000, 'deploy')).toBe(true);
    expect(idMatches('1000', 1000, 'deploy')).toBe(true);
    expect(idMatches('0', 1000, 'deploy')).toBe(false);
  });
  it('decideAttrs reports only what differs, with before/after for the diff', () => {
    expect(decideAttrs({ mode: '0644', owner: 'deploy' }, cur, 0o022)).toMatchObject({ changed: false, before: {}, after: {} });
    const d = decideAttrs({ mode: 'o-r', group: '0' }, cur, 0o022);
    expect(d).toMatchObject({ changed: true, change: { mode: 0o640, group: '0' }, before: { mode: '0644', group: 1000 }, after: { mode: '0640', group: 0 }, finalMode: 0o640 });
  });
  it('attrCommands: chown before chmod, quoted, -h and -R when asked', () => {
    expect(attrCommands('/a b', { mode: 0o600, owner: 'www', group: 'adm' })).toBe("chown www:adm -- '/a b' && chmod 0600 -- '/a b'");
    expect(attrCommands('/l', { group: 'adm' }, { noDereference: true })).toBe('chown -h :adm -- /l');
    expect(attrCommands('/d', { owner: 'x' }, { recurse: true, noDereference: true })).toBe('chown -R -h x -- /d');
    expect(attrCommands('/f', {})).toBe('');
  });
  it('attrResult predicts names and ids after the change', () => {
    const d = decideAttrs({ owner: 'root' }, cur, 0o022);
    expect(attrResult(cur, d)).toEqual({ mode: '0644', owner: 'root', group: 'deploy', gid: 1000 });
    const n = decideAttrs({ owner: '0' }, cur, 0o022);
    expect(attrResult(cur, n)).toMatchObject({ owner: '0', uid: 0 });
  });
});
