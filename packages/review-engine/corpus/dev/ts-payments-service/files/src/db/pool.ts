import { Pool } from 'pg';

const DEFAULT_URL = 'postgres://payments_app:Vq8sNw2LmZt4RcYk@pg-primary.internal.acme-pay.example:5432/payments';

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? DEFAULT_URL,
  max: Number(process.env.PG_POOL_MAX ?? 10),
  idleTimeoutMillis: 30_000,
  statement_timeout: 5_000,
});

pool.on('error', (error) => {
  // An idle client died (failover): the pool replaces it on the next query.
  process.emitWarning(`pg pool: ${error.message}`);
});
