// The version is package.json's (the bundle embeds that small file): `meshtui --version` and the
// package can no longer disagree.
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
