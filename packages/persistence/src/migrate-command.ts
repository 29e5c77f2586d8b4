import { loadMigrateConfigOrExit } from '@kodus/config';
import { createLogger } from '@kodus/logger';
import { migrate } from './migrate';

/**
 * `npm run migrate` / `node packages/persistence/dist/migrate-command.js`: the once-per-deploy schema
 * step (a compose one-shot service, an ECS one-off task, a PM2 pre-start step). Reads DATABASE_URL.
 */
async function main(): Promise<number> {
  const config = loadMigrateConfigOrExit();
  const logger = createLogger({ component: 'migrate', level: config.log.level, pretty: config.log.pretty });
  try {
    const applied = await migrate(config.databaseUrl, logger);
    logger.info(
      { applied },
      applied.length === 0 ? 'schema up to date' : `applied ${applied.length} migration(s)`,
    );
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, 'migration failed');
    return 1;
  }
}

void main().then((code) => process.exit(code));
