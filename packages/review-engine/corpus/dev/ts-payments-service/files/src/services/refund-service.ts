import { stripe } from '../config/stripe';
import { pool } from '../db/pool';
import { logger } from '../lib/logger';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export class RefundService {
  constructor(private readonly maxRefundCents = 500_00) {}

  async refund(chargeId: string, amountCents: number, reason: RefundReason): Promise<string> {
    if (amountCents <= 0) throw new Error('refund amount must be positive');
<<<<<<< HEAD
    if (amountCents > this.maxRefundCents) {
      throw new Error(`refunds above ${this.maxRefundCents} cents need a manual review`);
    }
=======
    if (amountCents > this.maxRefundCents && reason !== 'fraudulent') {
      logger.warn('refund.over-limit', { chargeId, amountCents });
      throw new Error('refund over the automatic limit');
    }
>>>>>>> feature/fraud-refunds
    const refund = await stripe.refunds.create({ payment_intent: chargeId, amount: amountCents, reason });
    await pool.query('UPDATE charges SET refunded_cents = refunded_cents + $2 WHERE id = $1', [chargeId, amountCents]);
    logger.info('refund.done', { chargeId, refundId: refund.id });
    return refund.id;
  }
}
