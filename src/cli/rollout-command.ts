import type { Command } from 'commander';
import type { Ladder } from '../modules/rollout/index.js';
import type { Config } from '../platform/config/config.js';
import { AppError } from '../platform/errors/app-error.js';
import { withGateway } from './workspace-commands.js';
import type { RolloutCell, WorkspaceGateway } from './workspace-gateway.js';

// `triage rollout status|request|approve|rollback`: the rollout ladder from a terminal, through
// the same domain functions as the API (rollout module), on the running server or the database.

/** Exit codes beyond 0 (done) and 1 (anything else): what a script can act on. */
export const ROLLOUT_EXIT = { badInput: 2, gatesNotPassed: 3, notAllowed: 4 } as const;

const EXIT_BY_CODE: Record<string, number> = {
  validation_failed: ROLLOUT_EXIT.badInput,
  not_found: ROLLOUT_EXIT.badInput,
  gates_not_passed: ROLLOUT_EXIT.gatesNotPassed,
  forbidden: ROLLOUT_EXIT.notAllowed,
  self_approval: ROLLOUT_EXIT.notAllowed,
};

/** Finds the cohort and the category by name (any case) or id. */
export function resolveCell(ladder: Ladder, cohort: string, category: string): RolloutCell {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const c = ladder.cohorts.find((x) => x.id === cohort || same(x.name, cohort));
  if (!c) {
    const names = ladder.cohorts.map((x) => x.name).join(', ') || 'none yet';
    throw new AppError('not_found', `No cohort "${cohort}" (cohorts: ${names}).`);
  }
  const k = ladder.categories.find((x) => x.id === category || same(x.name, category));
  if (!k) throw new AppError('not_found', `No category "${category}".`);
  return { cohortId: c.id, categoryId: k.id };
}

function statusLines(ladder: Ladder): string[] {
  const lines: string[] = [];
  const cohortName = (id: string | null) =>
    id === null ? 'default' : (ladder.cohorts.find((c) => c.id === id)?.name ?? id);
  for (const cohort of ladder.cohorts) {
    lines.push(
      `${cohort.name}${cohort.isControl ? ' (control)' : ''}: ${cohort.members.length} ${cohort.members.length === 1 ? 'person' : 'people'}`,
    );
  }
  for (const category of ladder.categories) {
    lines.push(`${category.name}`);
    for (const cell of ladder.cells.filter((x) => x.categoryId === category.id)) {
      const failing = cell.nextGates.filter((g) => !g.pass).map((g) => g.metric.replace(/_/g, ' '));
      const next = cell.nextStage
        ? `→ ${cell.nextStage}: ${failing.length === 0 ? 'gates pass' : `waiting on ${failing.join(', ')}`}`
        : '';
      const pending = cell.pendingStepUp
        ? `; step up ${cell.pendingStepUp.id} to ${cell.pendingStepUp.toStage} has ${cell.pendingStepUp.approvals.length}/${cell.pendingStepUp.approvalsNeeded} approvals`
        : '';
      const rolledBack = cell.rolledBackReason ? `; rolled back: ${cell.rolledBackReason}` : '';
      lines.push(
        `  ${cohortName(cell.cohortId).padEnd(16)} ${cell.stage.padEnd(8)} ${next}${pending}${rolledBack}`,
      );
    }
  }
  return lines;
}

export function registerRolloutCommands(program: Command, config: () => Config) {
  const rollout = program
    .command('rollout')
    .description(
      `The rollout ladder: cohorts × categories × stages. Exit codes: ${ROLLOUT_EXIT.badInput} unknown cohort, category or input, ${ROLLOUT_EXIT.gatesNotPassed} gates do not pass, ${ROLLOUT_EXIT.notAllowed} not allowed (permission, own step up)`,
    );
  const act = (workspace: string | undefined, fn: (g: WorkspaceGateway) => Promise<void>): Promise<void> =>
    withGateway(config(), workspace, fn).catch((error: unknown) => {
      const exit = error instanceof AppError ? EXIT_BY_CODE[error.code] : undefined;
      if (exit === undefined) throw error;
      process.stderr.write(`triage: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = exit;
    });

  rollout
    .command('status')
    .description('Each category’s stage per cohort, what its next step waits on, pending step ups')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { workspace?: string }) =>
      act(flags.workspace, async (g) => {
        const ladder = await g.rolloutLadder();
        process.stdout.write(`${statusLines(ladder).join('\n')}\n`);
      }),
    );

  rollout
    .command('request')
    .description('Ask to move a cohort’s stage for a category one step up (its gates must pass)')
    .argument('<cohort>', 'cohort name or id')
    .argument('<category>', 'category name or id')
    .option('--as <email>', 'who asks (on the database directly)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((cohort: string, category: string, flags: { as?: string; workspace?: string }) =>
      act(flags.workspace, async (g) => {
        const cell = resolveCell(await g.rolloutLadder(), cohort, category);
        const s = await g.requestStepUp(cell, flags.as);
        process.stdout.write(
          `step up ${s.id}: ${cohort} × ${category} ${s.fromStage} → ${s.toStage}, waiting for ${s.approvalsNeeded} approval${s.approvalsNeeded === 1 ? '' : 's'} by someone other than ${s.requestedByName}\n`,
        );
      }),
    );

  rollout
    .command('approve')
    .description(
      'Approve the pending step up of a cohort × category (not your own); the last approval moves the stage',
    )
    .argument('<cohort>', 'cohort name or id')
    .argument('<category>', 'category name or id')
    .option('--as <email>', 'who approves (on the database directly)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((cohort: string, category: string, flags: { as?: string; workspace?: string }) =>
      act(flags.workspace, async (g) => {
        const ladder = await g.rolloutLadder();
        const cell = resolveCell(ladder, cohort, category);
        const pending = ladder.cells.find(
          (c) => c.cohortId === cell.cohortId && c.categoryId === cell.categoryId,
        )?.pendingStepUp;
        if (!pending)
          throw new AppError('not_found', `No step up of ${cohort} × ${category} is waiting for approval.`);
        const s = await g.approveStepUp(pending.id, flags.as);
        process.stdout.write(
          s.status === 'applied'
            ? `${cohort} × ${category} is at ${s.toStage} now\n`
            : `approved (${s.approvals.length}/${s.approvalsNeeded}): ${cohort} × ${category} stays at ${s.fromStage} until the last approval\n`,
        );
      }),
    );

  rollout
    .command('rollback')
    .description('Step a cohort’s stage for a category back one step, with the reason')
    .argument('<cohort>', 'cohort name or id')
    .argument('<category>', 'category name or id')
    .requiredOption('--reason <text>', 'why (shown on the ladder and in the history)')
    .option('--as <email>', 'who rolls back (on the database directly)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((cohort: string, category: string, flags: { reason: string; as?: string; workspace?: string }) =>
      act(flags.workspace, async (g) => {
        const cell = resolveCell(await g.rolloutLadder(), cohort, category);
        const r = await g.rollBackStage({ ...cell, reason: flags.reason }, flags.as);
        const cancelled = r.cancelledStepUps.length > 0 ? '; the pending step up is cancelled' : '';
        process.stdout.write(`${cohort} × ${category} rolled back from ${r.from} to ${r.to}${cancelled}\n`);
      }),
    );
}
