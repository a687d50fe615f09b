import { describe, expect, it } from 'vitest';
import { pyJson } from '../../../src/ui/pyjson.js';

describe('pyJson', () => {
  it("uses Python's separators and sorted keys", () => {
    expect(pyJson({ msg: 'x', changed: false, rc: 1 })).toBe('{"changed": false, "msg": "x", "rc": 1}');
  });

  it('indents nested values by four', () => {
    expect(pyJson({ msg: ['a', { b: 1 }] }, 4)).toBe('{\n    "msg": [\n        "a",\n        {\n            "b": 1\n        }\n    ]\n}');
  });

  it('writes empty containers compactly and drops undefined', () => {
    expect(pyJson({ a: [], b: {}, c: undefined })).toBe('{"a": [], "b": {}}');
  });

  it('writes numbers as Python does (NaN and Infinity were null) and keeps non-ASCII text', () => {
    expect(pyJson({ x: [NaN, Infinity, 1e-5, 0.5], msg: 'é' })).toBe('{"msg": "é", "x": [NaN, Infinity, 1e-05, 0.5]}');
  });
});
