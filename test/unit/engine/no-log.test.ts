import { describe, expect, it } from 'vitest';
import { CENSORED, SECRET_MASK, censor, displayResult, maskSecrets, secretStrings } from '../../../src/engine/no-log.js';

describe('no_log', () => {
  it('replaces the result with the censored message, keeping status fields only', () => {
    const r = censor({ changed: true, failed: false, stdout: 'secret', msg: 'secret', attempts: 2, cmd: ['echo', 'secret'] });
    expect(r).toEqual({ censored: CENSORED, changed: true, failed: false, attempts: 2 });
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});

describe('secret masking', () => {
  it('masks every occurrence in nested strings and keys', () => {
    const r = maskSecrets({ msg: 'pw is hunter2!', list: ['hunter2', { deep: 'xhunter2x' }], hunter2: 1, n: 5 }, ['hunter2']);
    expect(r).toEqual({ msg: `pw is ${SECRET_MASK}!`, list: [SECRET_MASK, { deep: `x${SECRET_MASK}x` }], [SECRET_MASK]: 1, n: 5 });
  });

  it('masks a typed text value (NativeJinjaText) as the string it is', () => {
    const typed = { toJSON: () => 'pw hunter2' };
    expect(maskSecrets({ fact: typed }, ['hunter2'])).toEqual({ fact: `pw ${SECRET_MASK}` });
  });

  it('masks the longer of overlapping secrets whole', () => {
    expect(maskSecrets('abcdef', secretStrings(['abc', 'abcdef']))).toBe(SECRET_MASK);
  });

  it('collects secrets from nested values, ignoring empty and 1-char ones', () => {
    expect(secretStrings([undefined, '', 'x', 'pw', ['list-secret'], { k: 'obj-secret' }, 1234]).sort()).toEqual(['1234', 'list-secret', 'obj-secret', 'pw']);
  });

  it('displayResult censors under no_log and masks secrets otherwise', () => {
    expect(displayResult({ changed: false, stdout: 'pw=s3cret' }, false, ['s3cret'])).toEqual({ changed: false, stdout: `pw=${SECRET_MASK}` });
    expect(displayResult({ changed: false, stdout: 'pw=s3cret' }, true, ['s3cret'])).toEqual({ censored: CENSORED, changed: false });
  });
});
