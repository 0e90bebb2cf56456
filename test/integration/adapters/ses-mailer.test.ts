import { describe, expect, it } from 'vitest';
import { readMailbox } from '../../../infra/local/aws-servers.ts';
import { SesMailer } from '../../../lib/adapters/ses-mailer.ts';
import { freshLocalAws } from './local-aws.ts';

describe('SesMailer on aws-ses-v2-local', () => {
  it('delivers a text email with a CSV attachment', async () => {
    const aws = await freshLocalAws();
    const mailer = new SesMailer(aws.clients.ses, 'sender@example.org');
    const to = `mailer-${Date.now()}@example.org`;

    const messageId = await mailer.send({
      to: [to],
      subject: 'Result',
      text: 'Counts: 1',
      attachment: { fileName: 'result.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') },
    });

    const email = (await readMailbox(aws.sesEndpoint)).find((e) => e.destination.to.includes(to));
    expect(messageId).not.toBe('');
    expect(email?.body.text?.trim()).toBe('Counts: 1');
    expect(email?.attachments).toEqual([expect.objectContaining({ filename: 'result.csv', size: 8 })]);
  });
});
