import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  categoryLookup,
  type HistoryRow,
  MAX_IMPORT_BATCH,
  readHistoryFile,
  validateHistoryRow,
} from '../modules/imports/index.js';
import type { Config } from '../platform/config/config.js';
import { openWorkspaceGateway } from './workspace-gateway.js';

interface ImportFlags {
  skipInvalid?: boolean;
  createCategories?: boolean;
  source: string;
  format?: 'csv' | 'jsonl';
  workspace?: string;
}

/**
 * Imports a labelled history. The whole file is checked first: unless --skip-invalid is
 * given, one bad row stops the import before anything is written.
 */
export async function importCommand(config: Config, file: string, flags: ImportFlags) {
  const parsed = readHistoryFile(file, flags.format);
  const problems: { row: number; reason: string }[] = [...parsed.unreadable];
  const good: { row: number; value: HistoryRow }[] = [];
  parsed.records.forEach((record, i) => {
    const result = validateHistoryRow(record);
    if ('row' in result) good.push({ row: parsed.rowNumbers[i]!, value: result.row });
    else problems.push({ row: parsed.rowNumbers[i]!, reason: result.reason });
  });

  const gateway = await openWorkspaceGateway(config, flags.workspace);
  try {
    if (!flags.createCategories) {
      const find = categoryLookup((await gateway.categories()) as Parameters<typeof categoryLookup>[0]);
      for (let i = good.length - 1; i >= 0; i--) {
        const g = good[i]!;
        if (!find(g.value.category)) {
          problems.push({
            row: g.row,
            reason: `unknown category "${g.value.category}" (use --create-categories)`,
          });
          good.splice(i, 1);
        }
      }
    }
    problems.sort((a, b) => a.row - b.row);
    if (problems.length > 0 && !flags.skipInvalid) {
      const first = problems[0]!;
      throw new Error(
        `${file}: ${problems.length} invalid row(s), nothing imported; first: row ${first.row}: ${first.reason}. Fix them or pass --skip-invalid.`,
      );
    }
    const bar = new SingleBar({
      format: 'importing [{bar}] {value}/{total} rows | {eta_formatted} left',
      stream: process.stderr,
      noTTYOutput: false,
    });
    bar.start(good.length, 0);
    const totals = { created: 0, unchanged: 0, createdCategories: [] as string[] };
    const batchSize = Math.min(500, MAX_IMPORT_BATCH);
    for (let i = 0; i < good.length; i += batchSize) {
      const batch = good.slice(i, i + batchSize);
      const result = await gateway.importBatch(
        batch.map((g) => g.value),
        { createCategories: Boolean(flags.createCategories), source: flags.source },
      );
      totals.created += result.created;
      totals.unchanged += result.unchanged;
      totals.createdCategories.push(...result.createdCategories);
      for (const r of result.rejected) problems.push({ row: batch[r.index]!.row, reason: r.reason });
      bar.update(Math.min(i + batchSize, good.length));
    }
    bar.stop();
    const out = process.stdout;
    out.write(`Imported ${file} into ${gateway.mode}\n`);
    out.write(`  accepted:  ${totals.created} new, ${totals.unchanged} already present\n`);
    if (totals.createdCategories.length)
      out.write(`  new categories: ${totals.createdCategories.join(', ')}\n`);
    out.write(`  rejected:  ${problems.length}\n`);
    for (const p of problems.slice(0, 20)) out.write(`    row ${p.row}: ${p.reason}\n`);
    if (problems.length > 20) out.write(`    … and ${problems.length - 20} more\n`);
  } finally {
    await gateway.close();
  }
}

export function registerImportCommand(program: Command, config: () => Config) {
  program
    .command('import')
    .description('Import a labelled ticket history from CSV (with a header) or JSON Lines')
    .argument(
      '<file>',
      'CSV or .jsonl file; columns: text or subject/title + body/description, category, [externalId]',
    )
    .option('--skip-invalid', 'import the valid rows of a partly invalid file and report the rest')
    .option('--create-categories', 'create categories the file names but the workspace lacks')
    .option('--source <name>', 'the source recorded on imported tickets', 'import')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((file: string, flags: ImportFlags) => importCommand(config(), file, flags));
}
