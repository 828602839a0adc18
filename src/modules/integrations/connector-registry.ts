import { AppError } from '../../platform/errors/app-error.js';
import type { Connector } from './connector.js';
import { freshdeskConnector } from './freshdesk/freshdesk-connector.js';
import { genericConnector } from './generic/generic-connector.js';
import { githubConnector } from './github/github-connector.js';
import { jiraConnector } from './jira/jira-connector.js';
import { zendeskConnector } from './zendesk/zendesk-connector.js';

// Every helpdesk Triage can connect to, by connection kind. Adding a helpdesk: write its
// folder (connector + tests), then add it to this list.
const connectors: readonly Connector[] = [
  genericConnector,
  githubConnector,
  zendeskConnector,
  jiraConnector,
  freshdeskConnector,
];

const byKind = new Map(connectors.map((c) => [c.kind, c]));

export const connectorKinds = (): string[] => [...byKind.keys()];

export function connectorOf(kind: string): Connector {
  const connector = byKind.get(kind);
  if (!connector) {
    throw new AppError(
      'validation_failed',
      `There is no connector of kind "${kind}"; known: ${connectorKinds().join(', ')}.`,
    );
  }
  return connector;
}
