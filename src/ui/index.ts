/** The dashboard's public surface for src/cli.ts. */
export { renderDashboard, renderNodeTable, type RenderStreams } from './render.js';
export type { DashboardServices, HostKeyPrompt, HostKeyQuestion, JoinScript, LastOutcome, PrepareOutcome, ProvisionOptions } from './services.js';
