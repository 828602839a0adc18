import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { type UserRole, userRoles } from '../modules/access/index.js';
import type { Config } from '../platform/config/config.js';
import { openWorkspaceGateway, type WorkspaceGateway } from './workspace-gateway.js';

/** Runs `fn` on the workspace's gateway and closes it however `fn` ends. */
export async function withGateway<T>(
  config: Config,
  slug: string | undefined,
  fn: (g: WorkspaceGateway) => Promise<T>,
) {
  const gateway = await openWorkspaceGateway(config, slug);
  try {
    return await fn(gateway);
  } finally {
    await gateway.close();
  }
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

export function registerWorkspaceCommands(program: Command, config: () => Config) {
  program
    .command('classify')
    .description('Show what the champion model says about a text (nothing is stored)')
    .argument('<text>', 'the ticket body')
    .option('--subject <subject>', 'the ticket subject', '')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((text: string, flags: { subject: string; workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        const r = await g.classify({ subject: flags.subject, body: text });
        const out = process.stdout;
        out.write(`model v${r.modelVersion} → ${r.decision.outcome}: ${r.decision.rule}\n`);
        for (const c of r.ranked.slice(0, 3)) out.write(`  ${pct(c.probability).padStart(6)}  ${c.name}\n`);
        const terms = r.explanation.terms.slice(0, 6).map((t) => t.term);
        if (terms.length) out.write(`  why: ${terms.join(', ')}\n`);
      }),
    );

  const users = program.command('users').description('Manage the people of a workspace');
  users
    .command('list')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        for (const u of await g.users()) process.stdout.write(`${u.role.padEnd(9)} ${u.email}  ${u.name}\n`);
      }),
    );
  users
    .command('add')
    .requiredOption('--email <email>', 'their e-mail (the login)')
    .requiredOption('--name <name>', 'their name')
    .option('--role <role>', `one of ${userRoles.join(', ')}`, 'agent')
    .option('--password <password>', 'initial password (default: generated and printed once)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { email: string; name: string; role: string; password?: string; workspace?: string }) => {
      if (!(userRoles as readonly string[]).includes(flags.role)) {
        throw new Error(`--role must be one of ${userRoles.join(', ')}`);
      }
      const password = flags.password ?? randomBytes(12).toString('base64url');
      return withGateway(config(), flags.workspace, async (g) => {
        await g.addUser({ email: flags.email, name: flags.name, password, role: flags.role as UserRole });
        process.stdout.write(
          `added ${flags.email} as ${flags.role}${flags.password ? '' : `; password: ${password}`}\n`,
        );
      });
    });
}
