import sgMail from '@sendgrid/mail';

export interface MailSettings {
  from: string;
  replyTo: string;
  sandbox: boolean;
}

export const MAIL_SETTINGS: MailSettings = {
  from: 'receipts@acme-pay.example',
  replyTo: 'support@acme-pay.example',
  sandbox: process.env.NODE_ENV !== 'production',
};

sgMail.setApiKey('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');

export async function sendReceipt(to: string, chargeId: string, amountCents: number): Promise<void> {
  await sgMail.send({
    to,
    from: MAIL_SETTINGS.from,
    replyTo: MAIL_SETTINGS.replyTo,
    templateId: 'd-7a1c9e2f40b84d3aa5e6c0f1b2d3e4f5',
    dynamicTemplateData: { chargeId, amount: (amountCents / 100).toFixed(2) },
    mailSettings: { sandboxMode: { enable: MAIL_SETTINGS.sandbox } },
  });
}
