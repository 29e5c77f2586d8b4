import Stripe from 'stripe';
import type { NextApiRequest, NextApiResponse } from 'next';

const stripe = new Stripe('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');
const endpointSecret = 'whsec_DvybBXDTjoRHIcm84kErEG3382JZ5MPN';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'POST' && req.headers['stripe-signature']) {
    const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'] as string, endpointSecret);
    debugger;
    return res.json({ received: event.id });
  }
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: 'price_1QHc2RDx7m4Yz8LkT0bRwn5Q', quantity: 1 }],
    success_url: `${req.headers.origin}/welcome`,
  });
  res.json({ url: session.url });
}
