/**
 * Bounded output capture: keep the last `max` bytes of a stream (the tail is what explains a
 * failure), decode as UTF-8 at the end so a character split across chunks survives, and never let a
 * chatty command grow memory beyond about `max` plus one chunk.
 */
import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** True once any byte has been dropped. */
  truncated = false;

  constructor(private readonly max: number = DEFAULT_MAX_OUTPUT_BYTES) {}

  push(chunk: Buffer): void {
    if (this.max <= 0) {
      if (chunk.length) this.truncated = true;
      return;
    }
    if (chunk.length >= this.max) {
      this.truncated ||= this.size > 0 || chunk.length > this.max;
      this.chunks = [chunk.subarray(chunk.length - this.max)];
      this.size = this.max;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Drop whole chunks from the front while what remains still covers `max`.
    while (this.chunks.length > 1 && this.size - (this.chunks[0]?.length ?? 0) >= this.max) {
      this.size -= this.chunks.shift()?.length ?? 0;
      this.truncated = true;
    }
  }

  /** The kept tail as text. When bytes were dropped, a partial leading character is skipped. */
  text(): string {
    let buf = Buffer.concat(this.chunks, this.size);
    if (buf.length > this.max) {
      buf = buf.subarray(buf.length - this.max);
      this.truncated = true;
    }
    if (this.truncated) {
      let i = 0;
      // UTF-8 continuation bytes are 10xxxxxx; a character has at most three of them.
      while (i < 3 && i < buf.length && ((buf[i] ?? 0) & 0xc0) === 0x80) i++;
      buf = buf.subarray(i);
    }
    return buf.toString('utf8');
  }
}

/** Live text from a byte stream: whole characters only, the rest held for the next chunk. */
export class LiveDecoder {
  private readonly decoder = new StringDecoder('utf8');
  write(chunk: Buffer): string {
    return this.decoder.write(chunk);
  }
  end(): string {
    return this.decoder.end();
  }
}
