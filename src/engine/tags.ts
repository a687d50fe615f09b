/**
 * --tags / --skip-tags selection, as Ansible's Taggable.evaluate_tags: `always` runs unless skipped
 * explicitly, `never` only when asked for by name, `tagged`/`untagged`/`all` as special selectors.
 * A task's tags include those inherited from its play, blocks and imports.
 */

const UNTAGGED = 'untagged';

export function shouldRunTags(taskTags: Iterable<string>, onlyTags: string[], skipTags: string[]): boolean {
  const raw = new Set(taskTags);
  const tags = raw.size ? raw : new Set([UNTAGGED]);
  const untagged = raw.size === 0;
  const only = onlyTags.length ? onlyTags : ['all'];
  const hasAny = (list: string[]) => list.some((t) => tags.has(t));

  let run: boolean;
  if (tags.has('always')) run = true;
  else if (only.includes('all') && !tags.has('never')) run = true;
  else if (hasAny(only)) run = true;
  else if (only.includes('tagged') && !untagged && !tags.has('never')) run = true;
  else run = false;

  if (run && skipTags.length) {
    if (skipTags.includes('all')) {
      if (!tags.has('always') || skipTags.includes('always')) run = false;
    } else if (hasAny(skipTags)) run = false;
    else if (skipTags.includes('tagged') && !untagged) run = false;
  }
  return run;
}
