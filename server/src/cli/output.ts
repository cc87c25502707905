// What the CLI writes: French severity words, colours only on a terminal, no control
// characters from a report reaching the terminal, and a quiet end when the reader goes away.

import type { Severity } from '../core/types';

export const SEVERITY_FR: Record<Severity, string> = {
  error: 'erreur',
  warning: 'avertissement',
  info: 'conseil',
};

/** Colours are used only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

const CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function paint(on: boolean, colour: Colour, text: string): string {
  return on ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

export const SEVERITY_COLOUR: Record<Severity, Colour> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * Escapes the control characters of a text that comes from a report (C0 but tab, DEL, C1,
 * and the bidirectional overrides), so that a report cannot drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x0a ? '\\n' : code === 0x0d ? '\\r' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A closed pipe (`rapport-bts check … | head`) ends the process quietly. */
export function quietOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
