import { Command } from 'commander';
import { pool } from '../../db/pool';

/** `payments export --from 2024-01-01 --to 2024-01-31`: charges as CSV on stdout. */
export const exportCommand = new Command('export')
  .description('print the charges of a period as CSV')
  .requiredOption('--from <day>', 'first day (YYYY-MM-DD)')
  .requiredOption('--to <day>', 'last day (YYYY-MM-DD)')
  .action(async (options: { from: string; to: string }) => {
    const { rows } = await pool.query<{ id: string; amount_cents: number; currency: string; created_at: Date }>(
      'SELECT id, amount_cents, currency, created_at FROM charges WHERE created_at::date BETWEEN $1 AND $2 ORDER BY created_at',
      [options.from, options.to],
    );
    console.log('id,amount,currency,created_at');
    for (const row of rows) {
      console.log([row.id, (row.amount_cents / 100).toFixed(2), row.currency, row.created_at.toISOString()].join(','));
    }
    await pool.end();
  });
