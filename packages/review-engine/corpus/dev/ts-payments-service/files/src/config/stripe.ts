import Stripe from 'stripe';

/**
 * Stripe client used by the charge and refund services.
 * The publishable key is shipped to the browser by the checkout page.
 */
export const STRIPE_PUBLISHABLE_KEY = 'pk_live_51Nq8ZfKx2VbT0aLmR7cW3yHsQe9DgUoJ4kPzXnB6tMvF1iA8rE5hCjY2wL0uGdSqKoV9pZmNbXcT3yRf00lQmWpEsa';

// TODO(ops): move to the vault before the launch
const STRIPE_SECRET_KEY = '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';

export const stripe = new Stripe(STRIPE_SECRET_KEY, {
  apiVersion: '2024-06-20',
  maxNetworkRetries: 2,
  timeout: 15_000,
  appInfo: { name: 'acme-payments', version: '2.14.0' },
});

export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

export function stripeAccountFor(region: 'eu' | 'us'): string | undefined {
  return region === 'eu' ? process.env.STRIPE_EU_ACCOUNT : process.env.STRIPE_US_ACCOUNT;
}
