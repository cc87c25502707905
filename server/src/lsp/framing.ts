// A watch on the framing of LSP messages over a byte stream (stdio). vscode-jsonrpc's reader
// trusts `Content-Length`: a client that announces more bytes than it sends makes the reader
// swallow every later message into one body that never completes, and the server stays alive
// and deaf forever; one that announces fewer leaves the reader parsing the middle of a message
// as headers. A byte stream whose framing is lost cannot be resynchronised safely (a body may
// contain anything, "Content-Length:" included), so the server ends instead and the client starts
// a new one (VS Code's client does; other editors offer a restart).
//
// The watch reads the same chunks as the reader, keeps only the header bytes, and reports:
//   - a header block without a valid Content-Length, or longer than MAX_HEADER bytes;
//   - a body that does not start like JSON, or is not followed by the next header;
//   - a body still incomplete after `silenceMs` without a byte arriving (a real client writes
//     a message at once; the lying one waits for answers that never come).

const MAX_HEADER = 8192;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Whether these bytes can start a header block ("Content-Length: …", "Content-Type: …"). */
function couldBeHeader(h: Buffer): boolean {
  const s = h.subarray(0, 8).toString('latin1').toLowerCase();
  return 'content-'.startsWith(s) || s === 'content-';
}

export class FramingWatch {
  private header: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to come; -1 while reading headers. */
  private remaining = -1;
  /** The first byte of the body is still to be checked. */
  private bodyStart = false;
  lost: string | undefined;

  /** Feeds a chunk; returns why the framing is lost, once it is. */
  push(chunk: Buffer): string | undefined {
    let at = 0;
    while (at < chunk.length && !this.lost) {
      if (this.remaining > 0) {
        if (this.bodyStart) {
          // Whitespace before the JSON value is allowed by JSON; anything else than { or [ is not a message.
          while (at < chunk.length && (chunk[at] === 0x20 || chunk[at] === 0x0a || chunk[at] === 0x0d || chunk[at] === 0x09)) {
            at++;
            this.remaining--;
          }
          if (at >= chunk.length || this.remaining <= 0) {
            if (this.remaining <= 0) this.lost = 'un message vide ou sans JSON';
            break;
          }
          if (chunk[at] !== 0x7b && chunk[at] !== 0x5b) this.lost = 'un message qui ne commence pas par du JSON (Content-Length faux ?)';
          this.bodyStart = false;
          continue;
        }
        const take = Math.min(this.remaining, chunk.length - at);
        at += take;
        this.remaining -= take;
        if (this.remaining === 0) this.remaining = -1;
        continue;
      }
      // Headers: accumulate up to the blank line (every header this protocol has is Content-…).
      const prev = this.header.length;
      const slice = chunk.subarray(at, Math.min(chunk.length, at + MAX_HEADER + 4));
      this.header = Buffer.concat([this.header, slice]);
      const blank = this.header.indexOf(CRLFCRLF);
      if (blank < 0) {
        if (this.header.length > MAX_HEADER) this.lost = `des en-têtes de plus de ${MAX_HEADER} octets`;
        else if (!couldBeHeader(this.header)) this.lost = 'des en-têtes illisibles (Content-Length faux ?)';
        at += slice.length;
        continue;
      }
      at += blank + 4 - prev;
      const text = this.header.subarray(0, blank).toString('latin1');
      this.header = Buffer.alloc(0);
      if (!couldBeHeader(Buffer.from(text, 'latin1'))) {
        this.lost = 'des en-têtes illisibles (Content-Length faux ?)';
        break;
      }
      const fields = text.split('\r\n');
      let length = NaN;
      for (const f of fields) {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(f);
        if (!m) {
          this.lost = 'des en-têtes illisibles (Content-Length faux ?)';
          break;
        }
        if (m[1]!.toLowerCase() === 'content-length') length = /^\d{1,10}$/.test(m[2]!.trim()) ? Number(m[2]!.trim()) : NaN;
      }
      if (this.lost) break;
      if (!Number.isSafeInteger(length) || length <= 0) {
        this.lost = 'un message sans Content-Length valable';
        break;
      }
      this.remaining = length;
      this.bodyStart = true;
    }
    return this.lost;
  }

  /** A body has started and is not complete. */
  get waiting(): boolean {
    return this.remaining > 0;
  }
}

/**
 * Watches a stream's framing; calls `onLost` once with a French reason when it is lost (see
 * FramingWatch), including when a body stays incomplete for `silenceMs` without a byte arriving.
 */
export function watchFraming(stream: NodeJS.ReadableStream, onLost: (why: string) => void, silenceMs = 10_000): void {
  const watch = new FramingWatch();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const lose = (why: string) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    onLost(why);
  };
  stream.on('data', (chunk: Buffer | string) => {
    if (done) return;
    clearTimeout(timer);
    const why = watch.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (why) return lose(why);
    if (watch.waiting) {
      timer = setTimeout(() => lose(`un message incomplet depuis ${Math.round(silenceMs / 1000)} s (Content-Length plus long que le message ?)`), silenceMs);
      timer.unref?.();
    }
  });
}
