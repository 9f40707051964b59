import { mix32 } from './prng.ts';

/**
 * PagerDuty-looking identifiers. Real ids are 7 upper-case alphanumerics starting with P (`PT4KHLK`); log
 * entries use a longer id (`Q02JTSNZWHSEKV`). Ids are computed from (seed, namespace, index) by a keyed
 * permutation, so they are unique within a namespace, stable across runs, and never stored for large orgs.
 */

const SIX_CHARS = 36 ** 6;

/** A keyed bijection on [0, 36^6), by cycle-walking a 32-bit bijection (about two rounds on average). */
function permuteSixChars(index: number, key: number): number {
  let x = index >>> 0;
  do {
    x = mix32(x ^ key);
  } while (x >= SIX_CHARS);
  return x;
}

function base36(value: number, width: number): string {
  return value.toString(36).toUpperCase().padStart(width, '0');
}

export function namespaceKey(seed: number, namespace: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(namespace + 1, 0x27d4eb2d));
}

/** `P` + 6 characters, unique for each index below 36^6 within one namespace key. */
export function pdId(key: number, index: number): string {
  return `P${base36(permuteSixChars(index, key), 6)}`;
}

/** `Q` + 13 characters: the first 7 are a bijection of the index (unique), the rest only look random. */
export function logEntryId(key: number, index: number): string {
  const unique = mix32(index ^ key);
  const decoration = mix32(unique ^ 0x5bd1e995) % SIX_CHARS;
  return `Q${base36(unique, 7)}${base36(decoration, 6)}`;
}

/** A 32-character lower-case hex key, as PagerDuty shows for `incident_key` / `alert_key`. */
export function hexKey(key: number, index: number): string {
  let out = '';
  let x = mix32(index ^ key);
  for (let i = 0; i < 4; i++) {
    x = mix32(x + i + 1);
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

export const Namespace = {
  team: 1,
  user: 2,
  service: 3,
  escalationPolicy: 4,
  schedule: 5,
  priority: 6,
  incident: 7,
  logEntry: 8,
  alert: 9,
  integration: 10,
  contactMethod: 11,
  notificationRule: 12,
  incidentKey: 13,
} as const;
