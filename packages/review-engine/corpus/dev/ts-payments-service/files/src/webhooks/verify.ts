import type { IncomingHttpHeaders } from 'node:http';
import { stripe } from '../config/stripe';
import { STRIPE_WEBHOOK_TOLERANCE_SECONDS } from '../config/stripe';

const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;

export function verifyStripeEvent(rawBody: Buffer, headers: IncomingHttpHeaders) {
  if (!webhookSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
  const signature = headers['stripe-signature'];
  if (typeof signature !== 'string') throw new Error('missing stripe-signature header');
  return stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, STRIPE_WEBHOOK_TOLERANCE_SECONDS);
}
