import { createHmac } from 'node:crypto';

/**
 * A stable pseudonym for a person: HMAC-SHA256 of person_key under a secret salt. The same salt gives the
 * same pseudonym in every export (sessions can be compared quarter to quarter); without the salt nobody can
 * test a guessed person_key against it, as they could with a plain hash.
 */
export function pseudonym(personKey: string, salt: string): string {
  return `person-${createHmac('sha256', salt).update(personKey).digest('hex').slice(0, 10)}`;
}
