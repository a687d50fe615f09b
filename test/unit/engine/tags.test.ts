import { describe, expect, it } from 'vitest';
import { shouldRunTags } from '../../../src/engine/tags.js';

const run = (tags: string[], only: string[] = [], skip: string[] = []) => shouldRunTags(tags, only, skip);

describe('tag selection (Ansible evaluate_tags)', () => {
  it('runs everything but `never` without options', () => {
    expect(run([])).toBe(true);
    expect(run(['web'])).toBe(true);
    expect(run(['never'])).toBe(false);
    expect(run(['never', 'debug'])).toBe(false);
  });

  it('--tags selects matching tasks, always tasks, and never tasks named explicitly', () => {
    expect(run(['web'], ['web'])).toBe(true);
    expect(run(['db'], ['web'])).toBe(false);
    expect(run([], ['web'])).toBe(false);
    expect(run(['always'], ['web'])).toBe(true);
    expect(run(['never', 'debug'], ['debug'])).toBe(true);
    expect(run(['never'], ['all'])).toBe(false);
  });

  it('understands tagged and untagged', () => {
    expect(run(['x'], ['tagged'])).toBe(true);
    expect(run([], ['tagged'])).toBe(false);
    expect(run([], ['untagged'])).toBe(true);
    expect(run(['x'], ['untagged'])).toBe(false);
    expect(run(['x'], [], ['tagged'])).toBe(false);
    expect(run([], [], ['tagged'])).toBe(true);
    expect(run([], [], ['untagged'])).toBe(false);
  });

  it('--skip-tags wins over --tags; always survives skip all unless always is skipped', () => {
    expect(run(['web', 'db'], ['web'], ['db'])).toBe(false);
    expect(run(['always'], [], ['all'])).toBe(true);
    expect(run(['always'], [], ['all', 'always'])).toBe(false);
    expect(run(['always'], [], ['always'])).toBe(false);
    expect(run(['web'], [], ['all'])).toBe(false);
  });
});
