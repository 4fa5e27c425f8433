import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './args.js';

describe('parseCommand', () => {
  it('opens the dashboard with no command, the demo with --demo', () => {
    expect(parseCommand([])).toEqual({ kind: 'dashboard', config: undefined, demo: false });
    expect(parseCommand(['--demo'])).toMatchObject({ kind: 'dashboard', demo: true });
    expect(parseCommand(['--config', 'x.yml'])).toMatchObject({ kind: 'dashboard', config: 'x.yml' });
  });

  it('parses provision with hosts, --all, --concurrency and --json', () => {
    expect(parseCommand(['provision', 'a', 'b', '--json'])).toMatchObject({ kind: 'provision', hosts: ['a', 'b'], all: false, json: true });
    expect(parseCommand(['provision', '--all', '--concurrency', '50'])).toMatchObject({ all: true, concurrency: 50 });
    expect(parseCommand(['provision', '--resume'])).toMatchObject({ resume: true, hosts: [] });
  });

  it('parses the single-host commands', () => {
    expect(parseCommand(['rejoin', 'app-1', '--json'])).toMatchObject({ kind: 'rejoin', host: 'app-1', json: true });
    expect(parseCommand(['status', 'app-1'])).toMatchObject({ kind: 'status', host: 'app-1' });
    expect(parseCommand(['status', '--file', 's.json'])).toMatchObject({ kind: 'status', file: 's.json' });
    expect(parseCommand(['fqdn', 'db-1'])).toEqual({ kind: 'fqdn', config: undefined, host: 'db-1' });
    expect(parseCommand(['prepare', 'db-1', '--undo'])).toMatchObject({ kind: 'prepare', undo: true });
    expect(parseCommand(['validate'])).toMatchObject({ kind: 'validate' });
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['provision'], 'name one or more hosts, or --all'],
    [['provision', 'a', '--all'], 'not both'],
    [['provision', '--all', '--concurrency', '0'], '--concurrency: must be an integer from 1 to 1000'],
    [['provision', '--all', '--concurrency', '5x'], '--concurrency'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['fqdn'], 'name exactly one host'],
    [['fqdn', 'a', 'b'], 'name exactly one host'],
    [['status', 'a', '--file', 'f'], 'not both'],
    [['validate', '--all'], '--all does not apply'],
    [['provision', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a one-line usage error', (argv, text) => {
    let caught: unknown;
    try {
      parseCommand(argv);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain(text);
    expect((caught as Error).message).not.toContain('\n');
  });
});
