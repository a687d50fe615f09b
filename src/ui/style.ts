/** Colours and banners shared by the views. NO_COLOR (any value) and non-TTY output turn colour off. */

export interface Style {
  color: boolean;
  columns: number;
}

const CODES = {
  green: 32,
  yellow: 33,
  red: 31,
  cyan: 36,
  magenta: 35,
  gray: 90,
  bold: 1,
} as const;

export type Colour = keyof typeof CODES;

export function styleFor(stream: NodeJS.WriteStream | { isTTY?: boolean; columns?: number }): Style {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const force = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  return {
    color: !noColor && (force || Boolean(stream.isTTY)),
    columns: stream.columns && stream.columns > 20 ? Math.min(stream.columns, 200) : 80,
  };
}

export function paint(style: Style, colour: Colour, text: string): string {
  return style.color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

/** Ansible's banner: `TASK [name] ****…` filling the line to the width (at least three stars). */
export function banner(text: string, columns = 80): string {
  const msg = text.trim();
  const stars = Math.max(3, columns - 1 - msg.length);
  return `${msg} ${'*'.repeat(stars)}`;
}

/** Colour for a host status as Ansible uses them. */
export function statusColour(status: string): Colour {
  switch (status) {
    case 'changed':
      return 'yellow';
    case 'failed':
    case 'unreachable':
      return 'red';
    case 'skipped':
      return 'cyan';
    case 'rescued':
    case 'ok':
      return 'green';
    default:
      return 'magenta';
  }
}
