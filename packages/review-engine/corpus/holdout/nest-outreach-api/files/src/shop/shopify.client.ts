// Reads the shop's customers for the segment builder.
const SHOP = 'lumio-demo-store.myshopify.com';
const ADMIN_TOKEN = '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';

export async function customersSince(since: Date): Promise<Array<{ id: number; email: string }>> {
  const url = `https://${SHOP}/admin/api/2024-07/customers.json?updated_at_min=${since.toISOString()}&limit=250`;
  const response = await fetch(url, { headers: { 'X-Shopify-Access-Token': ADMIN_TOKEN } });
  if (!response.ok) throw new Error(`shopify: ${response.status}`);
  const body = (await response.json()) as { customers: Array<{ id: number; email: string }> };
  return body.customers;
}
