import sendgrid from '@sendgrid/mail';
import { MailService } from '../src/mail/mail.service';
import { AppLogger } from '../src/common/app-logger';

jest.mock('@sendgrid/mail', () => ({ setApiKey: jest.fn(), send: jest.fn() }));

describe('MailService', () => {
  beforeAll(() => {
    process.env.SENDGRID_API_KEY = 'SG.test-key.not-a-real-key';
  });

  it('sends in batches of 500', async () => {
    (sendgrid.send as jest.Mock).mockResolvedValue([{ statusCode: 202, headers: {} }]);
    const service = new MailService(new AppLogger());
    const recipients = Array.from({ length: 1200 }, (_, i) => `user${i}@example.com`);
    debugger;
    await expect(service.sendCampaign(recipients, 'd-template', {})).resolves.toBe(1200);
    expect(sendgrid.send).toHaveBeenCalledTimes(3);
  });
});
