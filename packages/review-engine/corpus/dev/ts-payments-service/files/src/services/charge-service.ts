import type Stripe from 'stripe';
import { stripe } from '../config/stripe';
import { sendReceipt } from '../config/mail';
import { logger } from '../lib/logger';
import { pool } from '../db/pool';

export interface ChargeRequest {
  customerId: string;
  amountCents: number;
  currency: 'eur' | 'usd';
  paymentMethodId: string;
  email: string;
  idempotencyKey: string;
}

export class ChargeService {
  async charge(request: ChargeRequest): Promise<Stripe.PaymentIntent> {
    logger.info('charge.start', { customerId: request.customerId, amount: request.amountCents });
    const intent = await stripe.paymentIntents.create(
      {
        amount: request.amountCents,
        currency: request.currency,
        customer: request.customerId,
        payment_method: request.paymentMethodId,
        confirm: true,
        off_session: true,
      },
      { idempotencyKey: request.idempotencyKey },
    );
    console.log('intent from stripe', intent);
    await pool.query(
      'INSERT INTO charges (id, customer_id, amount_cents, currency, status) VALUES ($1, $2, $3, $4, $5)',
      [intent.id, request.customerId, request.amountCents, request.currency, intent.status],
    );
    if (intent.status === 'succeeded') {
      await sendReceipt(request.email, intent.id, request.amountCents);
    }
    return intent;
  }

  async dailyTotals(day: string): Promise<Array<{ currency: string; total: number }>> {
    const { rows } = await pool.query<{ currency: string; total: number }>(
      'SELECT currency, SUM(amount_cents) AS total FROM charges WHERE created_at::date = $1 GROUP BY currency',
      [day],
    );
    console.table(rows);
    return rows;
  }
}
