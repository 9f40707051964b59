import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.ts';
import { readOwnershipFile } from '../../transforms/ownership/file.ts';

function write(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'opsledger-ownership-')), 'ownership.yaml');
  writeFileSync(path, text);
  return path;
}

const valid = `teams:
  - key: payments
    name: Payments
    aliases: [Payments Team]
    match:
      pagerduty: PTEAM01
  - key: platform
    name: Platform
services:
  - key: checkout-api
    match:
      pagerduty: [PSVC001, Checkout API]
      github: acme/checkout-api
    owners:
      - team: payments
        to: 2026-03-01
      - team: platform
        from: 2026-03-01
people:
  - email: Alice.Smith@example.com
    aliases: [alice@corp.example]
    jira: 5b10ac8d82e05b22cc7d4ef5
    time_zone: Europe/London
    working_hours: { start: "09:00", end: "17:30" }
    teams: [payments]
`;

function errorOf(text: string): string {
  const path = write(text);
  try {
    readOwnershipFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.replaceAll(path, 'FILE');
  }
  throw new Error('expected the ownership file to be refused');
}

describe('ownership file', () => {
  it('reads teams, effective-dated owners and people, with dates as UTC midnights and emails lower-cased', () => {
    const file = readOwnershipFile(write(valid));
    expect(file.teams.map((t) => t.key)).toEqual(['payments', 'platform']);
    expect(file.teams[0]!.match.pagerduty).toEqual(['PTEAM01']);
    expect(file.services[0]!.owners).toEqual([
      { team: 'payments', to: '2026-03-01T00:00:00Z' },
      { team: 'platform', from: '2026-03-01T00:00:00Z' },
    ]);
    expect(file.services[0]!.match.github).toEqual(['acme/checkout-api']);
    const person = file.people[0]!;
    expect(person.email).toBe('alice.smith@example.com');
    expect(person.workingHours).toEqual({
      start: '09:00',
      end: '17:30',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    });
    expect(person.teams).toEqual([{ team: 'payments' }]);
    expect(file.lineOf(['services', 0, 'owners', 1])).toBe(17);
  });

  it('names file, line and field of a typo, and the unknown field', () => {
    const message = errorOf(valid.replace('    aliases: [Payments Team]', '    alias: [Payments Team]'));
    expect(message).toContain('FILE line 2: teams[0]');
    expect(message).toContain("unknown field 'alias'");
  });

  it('suggests the team meant when an owner names an unknown one', () => {
    const message = errorOf(valid.replace('      - team: platform', '      - team: platfrom'));
    expect(message).toBe(
      "FILE line 17: services[0].owners[1].team: unknown team 'platfrom'; did you mean 'platform'? teams are defined under teams: with a key",
    );
  });

  it('refuses overlapping effective dates and says how to fix them', () => {
    const message = errorOf(valid.replace('        to: 2026-03-01', '        to: 2026-04-01'));
    expect(message).toContain('FILE line 17: services[0].owners[1]');
    expect(message).toContain('overlap');
    expect(message).toContain("end one where the next begins (its 'to' = the other's 'from')");
  });

  it('reports every problem at once, each with its line: bad date, bad zone, reversed interval', () => {
    const message = errorOf(
      valid
        .replace('        to: 2026-03-01', '        from: 2026-05-01\n        to: 2026-02-30')
        .replace('Europe/London', 'Europe/Londres'),
    );
    expect(message).toMatch(/has 2 problems/);
    expect(message).toContain('FILE line 17: services[0].owners[0].to: expected a real calendar date');
    expect(message).toContain('FILE line 24: people[0].time_zone: expected an IANA time zone name');
  });

  it('refuses a source entity claimed by two services and an email used by two people', () => {
    const twice = `${valid.replace(
      'people:',
      `  - key: checkout-web
    match: { pagerduty: psvc001 }
    owners: [{ team: payments }]
people:`,
    )}  - email: ALICE@corp.example
`;
    const message = errorOf(twice);
    expect(message).toContain("pagerduty 'psvc001' is already matched by service 'checkout-api'");
    expect(message).toContain("email 'alice@corp.example' is also used by people[0]");
  });

  it('says which file cannot be read and which setting names it', () => {
    expect(() => readOwnershipFile('/nonexistent/ownership.yaml')).toThrow(
      /ownership file \/nonexistent\/ownership.yaml cannot be read: ENOENT: set ownership_file \(or OPSLEDGER_OWNERSHIP\)/,
    );
  });
});
