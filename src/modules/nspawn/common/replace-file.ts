/**
 * Shell text that replaces a file with what a command prints, atomically, for the nspawn modules'
 * own scripts (inside a guest, or in an image tree on the host). The content goes to a private
 * temporary beside the file, named by util/temp-files.ts (the one naming of every write path; the
 * stale temporaries a killed writer left beside that file are removed first), gets its mode and is
 * renamed over the file. When a step fails the temporary is removed, the file stays as it was, and
 * the text's status is non-zero (follow it with `|| ...` to fail the script).
 */
import { sh } from '../../../util/quote.js';
import { tempScript } from '../../../util/temp-files.js';

/** The new file's mode: octal (`0644`), or `{ like: PATH }` to copy PATH's mode (chmod --reference). */
export type ReplaceMode = string | { like: string };

/** Replace `dest` with the output of the shell text `fill` (program-written; values already quoted). */
export function replaceFileScript(dest: string, fill: string, mode: ReplaceMode): string {
  const t = tempScript(dest, 't');
  const chmod = typeof mode === 'string' ? sh`chmod ${mode} "$t"` : sh`chmod --reference=${mode.like} "$t"`;
  return `{ ${t.setup}; ${t.cleanup}; (umask 077 && set -C && { ${fill}; } > "$t") && ${chmod} && ${sh`mv -f -- "$t" ${dest}`} || { rm -f -- "$t"; false; }; }`;
}
