/**
 * Reading the sudo password once. On a TTY: a masked prompt (raw mode, one `*` per character,
 * Backspace edits, Ctrl-C / Ctrl-D abort). Otherwise: one line from stdin (for scripts:
 * `printf '%s\n' "$PW" | meshtui prepare HOST`). The password stays in memory: never echoed,
 * logged, written or put in argv.
 */
export class PasswordAborted extends Error {}

interface TtyIn extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** One line (without its newline) from a non-TTY stream; '' at EOF without input. */
export function readLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (v: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      (stdin as { pause?: () => void }).pause?.();
      resolve(v);
    };
    const onData = (d: Buffer | string) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(buf.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = () => done(buf.replace(/\r?\n?$/, ''));
    const onError = (e: Error) => reject(e);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onError);
    (stdin as { resume?: () => void }).resume?.();
  });
}

/** The masked prompt on a TTY. */
export function readMasked(stdin: TtyIn, out: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let pw = '';
    out.write(prompt);
    stdin.setRawMode?.(true);
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      (stdin as { pause?: () => void }).pause?.();
      out.write('\n');
      if (err) reject(err);
      else resolve(pw);
    };
    const onData = (d: Buffer | string) => {
      for (const ch of d.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new PasswordAborted('cancelled at the password prompt'));
        if (ch === '\u007f' || ch === '\b') {
          if (pw.length > 0) {
            pw = pw.slice(0, -1);
            out.write('\b \b');
          }
        } else if (ch >= ' ') {
          pw += ch;
          out.write('*');
        }
      }
    };
    stdin.on('data', onData);
    (stdin as { resume?: () => void }).resume?.();
  });
}

export function readPassword(stdin: TtyIn, out: NodeJS.WritableStream, prompt: string): Promise<string> {
  return stdin.isTTY ? readMasked(stdin, out, prompt) : readLine(stdin);
}
