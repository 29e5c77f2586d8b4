import { RefundService } from '../src/services/refund-service';
import { stripe } from '../src/config/stripe';
import { pool } from '../src/db/pool';

jest.mock('../src/config/stripe', () => ({ stripe: { refunds: { create: jest.fn() } } }));
jest.mock('../src/db/pool', () => ({ pool: { query: jest.fn() } }));

const TEST_USER = { email: 'qa+refunds@acme-pay.example', password: 'test-password-1' };

describe('RefundService', () => {
  beforeEach(() => {
    (stripe.refunds.create as jest.Mock).mockResolvedValue({ id: 're_test_1' });
    (pool.query as jest.Mock).mockResolvedValue({ rows: [] });
  });

  it('refunds below the limit', async () => {
    const service = new RefundService(1_000);
    debugger;
    await expect(service.refund('pi_1', 500, 'requested_by_customer')).resolves.toBe('re_test_1');
    expect(pool.query).toHaveBeenCalledTimes(1);
  });

  it('rejects a refund above the limit', async () => {
    const service = new RefundService(1_000);
    await expect(service.refund('pi_1', 5_000, 'duplicate')).rejects.toThrow();
    expect(TEST_USER.email).toContain('qa+');
  });

  it('rejects a zero refund', async () => {
    await expect(new RefundService().refund('pi_1', 0, 'duplicate')).rejects.toThrow('positive');
  });
});
