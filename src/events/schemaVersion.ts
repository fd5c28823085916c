/**
 * The stored form's version (CONTRACT §3.1). 1: v1 (one `source`). 2: `sources`, `confidence`,
 * `note`, and `source` kept as the first of `sources`. New events are stored as the newest.
 */
export const SCHEMA_VERSION = 2;
export const KNOWN_SCHEMA_VERSIONS: readonly number[] = [1, 2];
