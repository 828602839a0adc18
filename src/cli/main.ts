import { Command } from 'commander';
import { type Config, ConfigError, loadConfig } from '../platform/config/config.js';
import { AppError } from '../platform/errors/app-error.js';
import { registerBackfillCommand } from './backfill-command.js';
import { registerBacktestCommand } from './backtest-command.js';
import { registerCategoriesCommands } from './categories-command.js';
import { registerEvalCommand } from './eval-command.js';
import { registerImportCommand } from './import-command.js';
import { registerModelCommands } from './models-command.js';
import { registerRolloutCommands } from './rollout-command.js';
import { registerServeCommands } from './serve-command.js';
import { registerWorkspaceCommands } from './workspace-commands.js';

// The `triage` command line: parses, calls a module (directly or through the running
// server's API), formats. A failure prints one line and exits non-zero.

let config: Config | undefined;
const lazyConfig = () => {
  config ??= loadConfig();
  return config;
};

const program = new Command()
  .name('triage')
  .description('Triage: AI ticket categorisation your support team can rely on')
  .showHelpAfterError();

registerServeCommands(program, lazyConfig);
registerImportCommand(program, lazyConfig);
registerBackfillCommand(program, lazyConfig);
registerWorkspaceCommands(program, lazyConfig);
registerModelCommands(program, lazyConfig);
registerEvalCommand(program, lazyConfig);
registerBacktestCommand(program);
registerCategoriesCommands(program, lazyConfig);
registerRolloutCommands(program, lazyConfig);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message =
    error instanceof ConfigError || error instanceof AppError || error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`triage: ${message}\n`);
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
