import { Injectable } from '@nestjs/common';
import sendgrid from '@sendgrid/mail';
import { AppLogger } from '../common/app-logger';

@Injectable()
export class MailService {
  constructor(private readonly logger: AppLogger) {
    sendgrid.setApiKey(process.env.SENDGRID_API_KEY ?? 'SG.D3Mc9Oqu3M-9NK02jnATle.g3ZWOpX6wnRBmkXmP8AD_Hg4EQ-siahCd5uXoYmNTKLn');
  }

  async sendCampaign(recipients: string[], templateId: string, data: Record<string, unknown>): Promise<number> {
    const batches = chunk(recipients, 500);
    let sent = 0;
    for (const batch of batches) {
      const [response] = await sendgrid.send({
        to: batch,
        from: { email: 'hello@lumio-outreach.example', name: 'Lumio' },
        templateId,
        dynamicTemplateData: data,
        isMultiple: true,
      });
      console.log('sendgrid batch', response.statusCode, response.headers);
      sent += batch.length;
    }
    this.logger.log(`campaign ${templateId} sent to ${sent} recipients`);
    return sent;
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
