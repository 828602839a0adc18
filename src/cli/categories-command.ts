import type { Command } from 'commander';
import type { TaxonomyChange, TaxonomyChangeInput } from '../modules/taxonomy/index.js';
import type { Config } from '../platform/config/config.js';
import { withGateway } from './workspace-commands.js';

// `triage categories rename|merge|split|retire`: taxonomy changes from the command line, each
// a new taxonomy version, through the running server's API or the database. `--dry-run` shows
// what a change would move without applying it. Categories are named by id, key or name.

interface ChangeFlags {
  workspace?: string;
  note?: string;
  dryRun?: boolean;
}

type Resolve = (ref: string) => string;

function resolverOf(categories: { id: string; key: string; name: string }[]): Resolve {
  return (ref) => {
    const wanted = ref.toLowerCase();
    const found = categories.find((c) => c.id === ref || c.key === wanted || c.name.toLowerCase() === wanted);
    if (!found) throw new Error(`There is no live category "${ref}".`);
    return found.id;
  };
}

export function describeChange(change: TaxonomyChange, applied: boolean): string {
  const e = change.effect;
  const head = applied
    ? `taxonomy v${change.version} (${change.kind})`
    : `would be taxonomy v${change.version} (${change.kind})`;
  return (
    `${head}: ${e.ticketsMoved} tickets moved, ${e.labelsAppended} labels appended, ` +
    `${e.ticketsToRelabel} left to relabel, ${e.reviewItemsOpened} review items opened, ` +
    `${e.categoriesCreated} categories created, ${e.categoriesRetired} retired\n`
  );
}

export function registerCategoriesCommands(program: Command, config: () => Config) {
  const run = (flags: ChangeFlags, build: (resolve: Resolve) => TaxonomyChangeInput) =>
    withGateway(config(), flags.workspace, async (g) => {
      const input = {
        ...build(resolverOf(await g.categories())),
        ...(flags.note ? { note: flags.note } : {}),
      };
      const change = await g.changeTaxonomy(input, flags.dryRun === true);
      process.stdout.write(describeChange(change, !flags.dryRun));
    });
  const categories = program
    .command('categories')
    .description('Change the taxonomy: every change is a new version, labels move by an explicit map');
  const common = (c: Command) =>
    c
      .option('--note <note>', 'why (kept in the change history)')
      .option('--dry-run', 'only say what the change would move')
      .option('--workspace <slug>', 'workspace (default: the first)');

  common(categories.command('rename').argument('<category>').argument('<name>', 'the new name')).action(
    (category: string, name: string, flags: ChangeFlags) =>
      run(flags, (resolve) => ({ kind: 'rename', categoryId: resolve(category), name })),
  );
  common(
    categories
      .command('merge')
      .argument('<categories...>', 'the categories merged (retired)')
      .option('--into <category>', 'an existing live category to merge into')
      .option('--into-new <name>', 'or a new category to create for them'),
  ).action((sources: string[], flags: ChangeFlags & { into?: string; intoNew?: string }) => {
    if (!flags.into === !flags.intoNew) throw new Error('Give exactly one of --into and --into-new.');
    return run(flags, (resolve) => ({
      kind: 'merge',
      sources: sources.map(resolve),
      into: flags.into ? { categoryId: resolve(flags.into) } : { name: flags.intoNew! },
    }));
  });
  common(
    categories
      .command('split')
      .argument('<category>', 'the category split (retired)')
      .requiredOption('--into <names>', 'comma-separated: existing categories or names of new ones')
      .option('--assign <ticket=category...>', 'tickets already sorted, e.g. 3f…=Refunds')
      .option('--sample <n>', 'tickets reviewers are asked to relabel', (v) => Number.parseInt(v, 10)),
  ).action((category: string, flags: ChangeFlags & { into: string; assign?: string[]; sample?: number }) =>
    run(flags, (resolve) => ({
      kind: 'split',
      source: resolve(category),
      targets: flags.into
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => {
          try {
            return { categoryId: resolve(t) };
          } catch {
            return { name: t };
          }
        }),
      assignments: (flags.assign ?? []).map((a) => {
        const [ticketId = '', target = ''] = a.split('=');
        return { ticketId, target };
      }),
      ...(flags.sample === undefined ? {} : { sampleSize: flags.sample }),
    })),
  );
  common(categories.command('retire').argument('<category>')).action((category: string, flags: ChangeFlags) =>
    run(flags, (resolve) => ({ kind: 'retire', categoryId: resolve(category) })),
  );
}
