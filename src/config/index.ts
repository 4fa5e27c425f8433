/** The config layer's public API: YAML file → typed Inventory, or a one-line ConfigError. */
export { loadConfig, parseConfig, formatFor, DEFAULT_FILES } from './load.js';
export type { LoadOptions, ParseOptions } from './load.js';
export { ConfigError, isConfigError, PROVIDER_PREFIX } from './errors.js';
export { computeTags } from './tags.js';
export { parseDurationMs, formatDuration } from './duration.js';
export { DEFAULTS, expandPath } from './build.js';
export { MAX_CONFIG_BYTES } from './yaml.js';
export type * from './types.js';
