import type { Migration } from '../migration';

/**
 * Deliveries the webhook-handler accepted (WEBHOOK_DELIVERY_LOG=postgres), recorded before their 202
 * with the job they started, so a job Redis lost can be enqueued again. Settled once their review is
 * finished (or they are too old to matter).
 */
export const deliveryLog: Migration = {
  name: '0003-delivery-log',
  sql: `
    CREATE TABLE delivery_log (
      job_id       text PRIMARY KEY,
      provider     text NOT NULL,
      delivery_id  text NOT NULL,
      job          jsonb NOT NULL,
      recorded_at  timestamptz NOT NULL DEFAULT now(),
      requeued     integer NOT NULL DEFAULT 0,
      settled_at   timestamptz,
      settled_as   text
    );
    CREATE INDEX delivery_log_unsettled_idx ON delivery_log (recorded_at, job_id) WHERE settled_at IS NULL;
    CREATE INDEX delivery_log_settled_idx ON delivery_log (settled_at) WHERE settled_at IS NOT NULL;
  `,
};
