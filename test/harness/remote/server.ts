/**
 * The fleet's simulator server: one Node process that answers every simulated command of a fleet.
 *
 * Why: a simulated host stands for a machine of its own, but the whole fleet shares this machine's
 * two cores. With a Node process per command (≈80 ms of CPU each) the simulator, not the tool under
 * test, was the fleet's bottleneck (50 hosts × 7 commands ≈ 28 core-seconds). The bin wrappers are
 * now small bash clients (build.ts) that send their call here over loopback TCP and print the answer;
 * the simulator core, the state files and the argv log are the same as the Node wrapper's, which
 * stays the fallback whenever no server answers.
 *
 * Request (NUL-terminated fields): `meshtui-sim-1`, name, uid, ppid, host dir, user, sudo (0/1),
 * argc, then argc arguments. Answer: `CODE OUTLEN\n`, stderr, NUL, then OUTLEN bytes of stdout.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { run } from './main.js';

const MAGIC = 'meshtui-sim-1';
const FIXED = 8; // fields before the arguments

/** The user name for a uid (/etc/passwd), as userInfo() would give the calling process. */
function userName(uid: number): string {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[0] ?? String(uid);
}

/** Parses the request once all of it has arrived; null while more is to come. */
export function parseRequest(buf: Buffer): { fields: string[] } | null {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] !== 0) continue;
    fields.push(buf.subarray(start, i).toString('utf8'));
    start = i + 1;
    if (fields.length === FIXED) {
      const argc = Number(fields[7]);
      if (fields[0] !== MAGIC || !Number.isInteger(argc) || argc < 0) throw new Error(`bad request header ${JSON.stringify(fields)}`);
    }
    if (fields.length >= FIXED && fields.length === FIXED + Number(fields[7])) return { fields };
  }
  return null;
}

function answer(sock: Socket, fields: string[]): void {
  const [, name = '', uid = '0', ppid = '0', dir = '', user = '', sudo = '0'] = fields;
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  let gone = false;
  sock.once('close', () => (gone = true));
  const call = {
    name,
    dir,
    argv: fields.slice(FIXED),
    uid: Number(uid),
    ppid: Number(ppid),
    sudo: sudo === '1',
    via: 'server' as const,
    user: user || userName(Number(uid)),
    out: async (t: string) => void (t && out.push(t)),
    err: async (t: string) => void (t && err.push(t)),
    exit: (c: number) => void (code = c),
    alive: () => !gone,
  };
  run(call)
    .catch((e: unknown) => {
      err.push(`meshtui simulator: ${name}: ${(e as Error).stack ?? String(e)}\n`);
      code = 70;
    })
    .finally(() => {
      if (gone) return;
      const stdout = Buffer.from(out.join(''), 'utf8');
      sock.end(Buffer.concat([Buffer.from(`${code} ${stdout.length}\n${err.join('').replace(/\0/g, '')}\0`, 'utf8'), stdout]));
    });
}

/**
 * Listens on 127.0.0.1 (a free port), writes the port to `portFile` (temp + rename, world-readable)
 * and serves until `fleetDir` disappears or the process that started it exits.
 */
export function serve(portFile: string, fleetDir: string): void {
  const server = createServer((sock) => {
    let buf = Buffer.alloc(0);
    let started = false;
    sock.on('error', () => {});
    sock.on('data', (d) => {
      if (started) return;
      buf = Buffer.concat([buf, d]);
      try {
        const req = parseRequest(buf);
        if (!req) return;
        started = true;
        answer(sock, req.fields);
      } catch (e) {
        started = true;
        sock.end(`70 0\nmeshtui simulator: ${(e as Error).message}\n\0`);
      }
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('simulator server: no port');
    const tmp = `${portFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${addr.port}\n`, { mode: 0o644 });
    renameSync(tmp, portFile);
  });
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (!existsSync(fleetDir) || process.ppid !== parent) process.exit(0);
  }, 500);
  watch.unref();
}
