/**
 * Step reporting for one host: `step` running → ok/changed/skipped/failed/needs-action, with
 * durationMs, detail and (on failure) the error. A failure is turned into a MeshError once, here.
 */
import { MeshError, toMeshError } from './errors.js';
import type { EngineEvent, ErrorInfo, StepId } from './events.js';
import type { ProvisionRun } from './api.js';
import { redactDeep, type Redactor } from '../redact.js';

export interface StepOutcome {
  status: 'ok' | 'changed' | 'skipped';
  detail?: string;
}

type Payload = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, 'runId' | 'host' | 'at'> : never) : never;

export function errorInfo(e: MeshError, redact: Redactor = (s) => s): ErrorInfo {
  const info: ErrorInfo = { code: e.code, message: redact(e.message) };
  if (e.remedy) info.remedy = redact(e.remedy);
  if (e.causeId) info.cause = e.causeId;
  if (e.detail) info.detail = redactDeep(e.detail, redact);
  return info;
}

export class StepRunner {
  current: StepId | null = null;
  private notes: string[] = [];
  redact: Redactor = (s) => s;

  constructor(
    private readonly run: ProvisionRun,
    private readonly hostId: string,
    private readonly now: () => number,
  ) {}

  emit(e: Payload): void {
    this.run.emit({ ...e, runId: this.run.runId, host: this.hostId, at: this.now() } as EngineEvent);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Run one step; on failure emit it and throw the MeshError (ErrCancelled when the run was cancelled). */
  async step(id: StepId, fn: () => Promise<StepOutcome> | StepOutcome): Promise<void> {
    if (this.run.signal.aborted) throw new MeshError('ErrCancelled', `cancelled before ${id}`, { cause: 'cancelled' });
    this.current = id;
    this.notes = [];
    const t0 = this.now();
    this.emit({ type: 'step', step: id, status: 'running' });
    try {
      const out = await fn();
      const detail = [out.detail, ...this.notes].filter(Boolean).join('; ');
      this.emit({ type: 'step', step: id, status: out.status, durationMs: this.now() - t0, ...(detail ? { detail: this.redact(detail) } : {}) });
    } catch (e) {
      const err = this.run.signal.aborted ? cancelledDuring(id) : toMeshError(e, 'ErrSSH');
      const info = errorInfo(err, this.redact);
      this.emit({ type: 'step', step: id, status: err.needsAction ? 'needs-action' : 'failed', durationMs: this.now() - t0, detail: info.message, error: info });
      throw err;
    } finally {
      this.current = null;
    }
  }
}

/** ErrCancelled naming the interrupted step; join/install may have finished on the host anyway. */
export function cancelledDuring(id: StepId): MeshError {
  const risky = id === 'join' || id === 'install';
  return new MeshError('ErrCancelled', `cancelled during ${id}`, {
    cause: 'cancelled',
    remedy: risky
      ? `${id} was interrupted and may have completed on the host: re-run provision (it checks the host's state first)`
      : 're-run provision when ready',
    detail: { step: id },
  });
}
