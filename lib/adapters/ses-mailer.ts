// Mailer on SES v2 (aws-ses-v2-local locally), through a configuration set when one is configured so
// bounces and complaints reach the account's suppression list and metrics.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly sender: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const response = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.sender,
        Destination: { ToAddresses: email.to },
        ConfigurationSetName: this.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            Attachments: email.attachment
              ? [
                  {
                    FileName: email.attachment.fileName,
                    ContentType: email.attachment.contentType,
                    RawContent: email.attachment.content,
                    ContentDisposition: 'ATTACHMENT',
                  },
                ]
              : undefined,
          },
        },
      }),
    );
    return response.MessageId ?? '';
  }
}
