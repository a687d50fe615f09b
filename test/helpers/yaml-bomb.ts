/** A YAML "billion laughs": level 0 a list of `width` scalars, each next level `width` aliases of the one before. */
export function aliasBomb(levels: number, width: number): string {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}
