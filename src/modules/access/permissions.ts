// The closed list of permissions. Every route declares one; roles grant sets of them.
export const permissions = [
  'tickets:read',
  'tickets:write',
  'categories:read',
  'categories:write',
  'policy:write',
  'review:read',
  'review:resolve',
  'queues:write',
  'disputes:raise',
  'disputes:rule',
  'models:read',
  'models:train',
  // Promote a model version (approve a challenger) and roll the champion back; the promotion policy.
  'models:promote',
  'users:read',
  'users:write',
  'keys:write',
  'events:read',
  'ops:read',
  // Act on operations: replay a dead letter of the outbox.
  'ops:write',
  // Workspace settings that reach other systems: notification endpoints.
  'settings:manage',
  // See escalations and whose they are (resolving one needs review:resolve and being its owner).
  'escalations:read',
  // See drift alerts (every role); act on them — acknowledge, resolve, check now — leads and admins.
  'drift:read',
  'drift:manage',
  // See the rollout ladder (every role); cohorts, stages, gates, step ups and approvals.
  'rollout:read',
  'rollout:approve',
  // Helpdesk connections: see them and their deliveries; add, change, test and remove them.
  'integrations:read',
  'integrations:manage',
] as const;

export type Permission = (typeof permissions)[number];

export const userRoles = ['admin', 'lead', 'reviewer', 'agent'] as const;
export type UserRole = (typeof userRoles)[number];

export const apiKeyRoles = ['admin', 'integration'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

const readOnly: Permission[] = [
  'tickets:read',
  'categories:read',
  'review:read',
  'models:read',
  'escalations:read',
  'drift:read',
  'rollout:read',
];

const userRolePermissions: Record<UserRole, readonly Permission[]> = {
  admin: permissions,
  lead: [
    ...readOnly,
    'tickets:write',
    'categories:write',
    'policy:write',
    'review:resolve',
    // Leads own the queues of their team: owners, members, SLA, which categories go there.
    'queues:write',
    'disputes:raise',
    'disputes:rule',
    'models:train',
    'models:promote',
    'users:read',
    'events:read',
    'ops:read',
    'ops:write',
    'drift:manage',
    'rollout:approve',
    'integrations:read',
  ],
  reviewer: [...readOnly, 'review:resolve', 'disputes:raise'],
  agent: [...readOnly, 'review:resolve', 'disputes:raise'],
};

const apiKeyRolePermissions: Record<ApiKeyRole, readonly Permission[]> = {
  admin: permissions,
  // What a helpdesk integration needs: push tickets, read decisions and categories.
  integration: ['tickets:read', 'tickets:write', 'categories:read', 'models:read'],
};

export function permissionsOfUserRole(role: UserRole): ReadonlySet<Permission> {
  return new Set(userRolePermissions[role]);
}

export function permissionsOfApiKeyRole(role: ApiKeyRole): ReadonlySet<Permission> {
  return new Set(apiKeyRolePermissions[role]);
}
