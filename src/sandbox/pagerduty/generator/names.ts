/** Word lists for the generated organisation. Plain data: no logic beyond lookups. */

export const TEAM_NAMES = [
  'Payments',
  'Checkout',
  'Identity',
  'Search',
  'Platform',
  'Data Pipeline',
  'Mobile',
  'Notifications',
  'Storage',
  'Networking',
  'Observability',
  'Billing',
  'Messaging',
  'Risk',
  'Catalog',
  'Growth',
] as const;

export const SERVICE_SUFFIXES = ['API', 'Worker', 'Database', 'Gateway', 'Web', 'Scheduler', 'Cache'] as const;

/** The IANA zones the brief asks for; teams have a home zone and most members live in it. */
export const TIME_ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'UTC',
  'America/Los_Angeles',
] as const;

export const FIRST_NAMES = [
  'Ada', 'Amir', 'Anika', 'Ben', 'Carla', 'Chen', 'Dario', 'Deepa', 'Elena', 'Emeka', 'Farah', 'Felix',
  'Grace', 'Hiro', 'Ines', 'Ivan', 'Jana', 'Joao', 'Kai', 'Kavya', 'Lars', 'Leila', 'Lucas', 'Maya',
  'Mateo', 'Mei', 'Nadia', 'Nikhil', 'Noah', 'Olga', 'Omar', 'Priya', 'Quinn', 'Rahul', 'Rosa', 'Sam',
  'Sana', 'Sofia', 'Tariq', 'Tess', 'Uma', 'Viktor', 'Wen', 'Yara', 'Yusuf', 'Zoe', 'Arjun', 'Bianca',
] as const;

export const LAST_NAMES = [
  'Adeyemi', 'Becker', 'Brown', 'Chatterjee', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Gupta',
  'Hansen', 'Ito', 'Jensen', 'Kim', 'Kowalski', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Murphy', 'Nair',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Rossi', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki',
  'Tanaka', 'Torres', 'Varga', 'Wagner', 'Wang', 'Weber', 'Williams', 'Wilson', 'Yilmaz', 'Zhang',
] as const;

export const COLORS = ['green', 'red', 'purple', 'teal', 'orange', 'blue', 'brown', 'cayenne'] as const;

export const JOB_TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Site Reliability Engineer',
  'Staff Engineer',
  'Platform Engineer',
] as const;

/** `{svc}` is the service name, `{host}` a host of that service. */
export const INCIDENT_TITLES = [
  '{svc}: error rate above 5%',
  '{svc}: p99 latency above SLO',
  '{svc}: health check failing on {host}',
  'Disk usage above 90% on {host}',
  '{svc}: pods in CrashLoopBackOff',
  '{svc}: queue backlog growing',
  'TLS certificate for {svc} expires in 7 days',
  '{svc}: 5xx spike from load balancer',
  'Replication lag above 60s on {host}',
  '{svc}: memory usage above 95% on {host}',
  '{svc}: synthetic check failed',
  '{svc}: dependency timeout rate high',
  'CPU throttling on {host}',
  '{svc}: deployment rollback triggered',
  '{svc}: request volume dropped 50%',
] as const;

export const NOTES = [
  'Looking into it.',
  'Rolled back the last deploy.',
  'Scaled the service up; watching the error rate.',
  'Root cause looks like a bad config push.',
  'Waiting on the upstream provider.',
  'Mitigated; will write a postmortem.',
  'Restarted the affected hosts.',
] as const;

export const PRIORITY_DESCRIPTIONS = [
  'Critical: customer-facing outage, public communication needed',
  'High: major functionality degraded for many customers',
  'Moderate: stability or minor customer impact, needs attention today',
  'Low: minor issue, no customer impact',
  'Cosmetic: bug or noise, handle during business hours',
] as const;
