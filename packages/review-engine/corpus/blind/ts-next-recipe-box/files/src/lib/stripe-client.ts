import { loadStripe } from '@stripe/stripe-js';

// The publishable key is meant for the browser.
export const stripePromise = loadStripe('pk_live_eZByPo13PGTmTsQYf4quVa3oa3aWRdW6nymytGHwM60KYrCk3cZxU5IStDBJebggBeMdsqg4nka0CmxAYK867uvNLXkTqUJZXRI');
