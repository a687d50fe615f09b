import { describe, expect, it } from 'vitest';
import { md5Crypt, randomSalt, shaCrypt } from '../../../src/py/crypt.js';

// Expected values: Python's crypt.crypt(password, salt string) on glibc.
const cases: Array<[string, () => string, string]> = [
  ['sha512_crypt', () => shaCrypt('what in the WORLD is up?', 'abcdefgh12345678', 512), '$6$abcdefgh12345678$rEVZ6JVFnk1i31L7PT2GqPYqRD9AHdezrzRrl7SfAz6Pj09ET.hlOOydwEvHX3B5gD6cClbbBXKamfHb3ZgdK0'],
  ['sha512_crypt with rounds', () => shaCrypt('pw', 'saltsalt', 512, 10000), '$6$rounds=10000$saltsalt$PCkl82bcVNZUyS5el2MR9Coq8KSFAH2TLAV2NKcVGH1Dq51jMRJNvf2NrUOE/Sv9WOINUlZWqywN9lCRzMZF.1'],
  ['sha256_crypt', () => shaCrypt('pw', 'saltsalt', 256), '$5$saltsalt$0rl.MZtoLLPP3X0Rdl8riRnphIcAXJY27/aOAyK2hB5'],
  ['md5_crypt', () => md5Crypt('password', 'saltsalt'), '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
];

describe('crypt', () => {
  it.each(cases)('%s', (_name, make, expected) => {
    expect(make()).toBe(expected);
  });
  it('random salts use the crypt alphabet', () => {
    expect(randomSalt(16)).toMatch(/^[./0-9A-Za-z]{16}$/);
  });
});
