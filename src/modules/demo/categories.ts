/** The 14 demo categories a support rep would recognise. */
import type { DemoCategory } from './types.js';

export const demoCategories: readonly DemoCategory[] = [
  {
    key: 'billing',
    name: 'Billing',
    description:
      'Questions about charges, invoices, payment methods, taxes and how plans are priced. Use it when the customer wants to understand or fix a bill, not get money back.',
    examples: [
      'Invoice INV-20417 shows 40 seats but we only have 25',
      'How do I switch from monthly to annual billing?',
      'Please add our VAT number to future invoices',
    ],
    counterExamples: [
      'Refund for a duplicate charge (that is Refunds)',
      'Please cancel our plan at renewal (that is Account Cancellation)',
    ],
  },
  {
    key: 'refunds',
    name: 'Refunds',
    description:
      'The customer asks for money back: duplicate charges, accidental upgrades, unwanted renewals, or a promised refund that has not arrived.',
    examples: [
      'We were charged twice this month, please refund one',
      'Refund for an accidental upgrade to Business',
      'Refund promised two weeks ago still not on our card',
    ],
    counterExamples: [
      'Why did our invoice go up this month? (that is Billing)',
      'How do I close our account? (that is Account Cancellation)',
    ],
  },
  {
    key: 'login-and-access',
    name: 'Login and Access',
    description:
      'A person cannot sign in or get into their own account: passwords, 2FA, SSO, magic links, lockouts and sessions that keep expiring.',
    examples: [
      'Password reset email never arrives',
      'SSO login fails with "SAML assertion invalid"',
      'Lost my phone and cannot get my 2FA code',
    ],
    counterExamples: [
      'Make my colleague an admin (that is User Management)',
      'Suspicious login from another country (that is Security and Privacy)',
    ],
  },
  {
    key: 'bug-report',
    name: 'Bug Report',
    description:
      'Something in the app does not work as it should: errors, crashes, data not saving or showing wrongly. It is broken, not just slow or missing.',
    examples: [
      'Cards jump back when I drag them on the Kanban board',
      'Error E-5021 when saving a task',
      'Due dates are saved one day early',
    ],
    counterExamples: [
      'Boards take 30 seconds to load (that is Performance)',
      'Please add dark mode (that is Feature Request)',
    ],
  },
  {
    key: 'feature-request',
    name: 'Feature Request',
    description:
      'The customer suggests something new or asks whether a capability is planned. Nothing is broken; they want the product to do more.',
    examples: [
      'Would love bulk editing of tasks',
      'Is a Gantt baseline on the roadmap?',
      'Please let us hide weekends in the timeline',
    ],
    counterExamples: [
      'Recurring tasks stopped recurring (that is Bug Report)',
      'How do I set up my first project? (that is Onboarding Help)',
    ],
  },
  {
    key: 'data-export',
    name: 'Data Export',
    description:
      'Getting data out of Acme Cloud: CSV, Excel, PDF or full workspace exports, backups, and problems with exported files.',
    examples: [
      'CSV export is missing the custom fields',
      'Workspace export stuck at 73%',
      'How do we export everything before our contract ends?',
    ],
    counterExamples: [
      'Delete all my personal data under GDPR (that is Security and Privacy)',
      'Pull tasks out with the REST API (that is API and Webhooks)',
    ],
  },
  {
    key: 'account-cancellation',
    name: 'Account Cancellation',
    description:
      'The customer wants to cancel, stop auto-renewal, pause or close their account or workspace, or confirm that a cancellation went through.',
    examples: [
      'Please cancel our subscription at the end of the term',
      'Formal termination notice for contract MSA-2023-114',
      'I cannot find the cancel button',
    ],
    counterExamples: [
      'Refund for the renewal we did not want (that is Refunds)',
      'Remove a user who left the company (that is User Management)',
    ],
  },
  {
    key: 'integrations',
    name: 'Integrations',
    description:
      'Problems or questions about connecting Acme Cloud to other tools such as Slack, Jira, GitHub, Google Calendar, Teams, Salesforce or Zapier.',
    examples: [
      'Slack notifications stopped posting to #ops',
      'Google Calendar sync creates duplicate events',
      "Can't connect Jira: redirect_uri_mismatch",
    ],
    counterExamples: [
      'Our own script gets 429 from /v2/tasks (that is API and Webhooks)',
      'Not getting email notifications (that is Notifications)',
    ],
  },
  {
    key: 'performance',
    name: 'Performance',
    description:
      'The app works but is slow: long load times, freezing, lag, timeouts or high memory and CPU use.',
    examples: [
      'Boards take 30 seconds to load',
      'Timeline freezes with more than 1,000 tasks',
      'Is there an incident? Everything is very slow',
    ],
    counterExamples: [
      'Timeline shows error E-3307 and a blank page (that is Bug Report)',
      'Bulk API endpoint times out for our script (that is API and Webhooks)',
    ],
  },
  {
    key: 'notifications',
    name: 'Notifications',
    description:
      'Emails, push, desktop or in-app notifications and reminders that do not arrive, arrive too often, at the wrong time, or cannot be configured.',
    examples: [
      'Not receiving email notifications since Monday',
      'Way too many notifications, can I get only mentions?',
      'Due date reminders arrive at 3am',
    ],
    counterExamples: [
      'Slack integration stopped posting (that is Integrations)',
      'Invite emails never arrive for new users (that is User Management)',
    ],
  },
  {
    key: 'user-management',
    name: 'User Management',
    description:
      'Admins managing other people: inviting, removing, roles and permissions, guests, ownership transfer, groups and provisioning.',
    examples: [
      'Make Priya an admin',
      'Remove a user who left and keep their tasks',
      'SCIM provisioning from Okta is not creating users',
    ],
    counterExamples: [
      'I cannot log in myself (that is Login and Access)',
      'We are billed for seats we removed (that is Billing)',
    ],
  },
  {
    key: 'security-and-privacy',
    name: 'Security and Privacy',
    description:
      'Compliance, data protection and account safety: GDPR requests, DPAs, SOC 2 reports, suspicious activity, phishing and vulnerability reports.',
    examples: [
      'GDPR request to delete my personal data',
      'Please send your latest SOC 2 report',
      "Login from a country we don't operate in",
    ],
    counterExamples: [
      'My 2FA codes are rejected (that is Login and Access)',
      'Export all our projects as CSV (that is Data Export)',
    ],
  },
  {
    key: 'onboarding-help',
    name: 'Onboarding Help',
    description:
      'New customers learning how to use Acme Cloud: setting up projects, workspaces, templates, sprints and automations, or asking for training.',
    examples: [
      'How do I set up my first project?',
      'Best way to structure a workspace for a marketing team',
      'Can we book an onboarding call?',
    ],
    counterExamples: [
      'Please add approval workflows (that is Feature Request)',
      'How do I invite 40 people in bulk? (that is User Management)',
    ],
  },
  {
    key: 'api-and-webhooks',
    name: 'API and Webhooks',
    description:
      'Developers using the Acme Cloud REST API or webhooks: errors, rate limits, tokens, payloads, signatures and API versions.',
    examples: [
      'API returns 401 on /v2/tasks with a valid token',
      'Webhooks stopped firing for task.updated',
      'Webhook signature verification fails',
    ],
    counterExamples: [
      'Zapier zap stopped creating tasks (that is Integrations)',
      'The whole app is slow today (that is Performance)',
    ],
  },
];
