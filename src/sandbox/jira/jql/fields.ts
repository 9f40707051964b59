import { CUSTOM_FIELDS } from '../catalog.ts';
import { badRequest } from '../errors.ts';

const SEARCHABLE = 'project, issuetype, labels, key, status, statusCategory, created, updated or resolved';

/** Fields Jira has that the sandbox does not filter or sort by (as opposed to fields that do not exist). */
const KNOWN_SYSTEM_FIELDS = [
  'summary',
  'text',
  'assignee',
  'reporter',
  'creator',
  'priority',
  'duedate',
  'due',
  'description',
  'resolution',
  'parent',
  'issuelink',
  'statuscategorychangeddate',
  'project',
  'issuetype',
  'type',
  'labels',
  'status',
  'statuscategory',
];

export function isKnownField(field: string): boolean {
  const name = field.toLowerCase();
  return (
    /^(cf\[\d+\]|customfield_\d+)$/.test(name) ||
    Object.values(CUSTOM_FIELDS).some((f) => f.name.toLowerCase() === name) ||
    KNOWN_SYSTEM_FIELDS.includes(name)
  );
}

/** Jira's answer for a field it does not know, or the sandbox's for one it does not filter by. */
export function unknownField(field: string) {
  return isKnownField(field)
    ? badRequest(
        `Error in the JQL Query: the sandbox does not support searching by '${field}'; use ${SEARCHABLE}.`,
      )
    : badRequest(`Field '${field}' does not exist or you do not have permission to view it.`);
}
