// Outgoing email (SES v2 in AWS, aws-ses-v2-local locally).

export interface EmailAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  attachment?: EmailAttachment;
}

export interface Mailer {
  /** Sends one message; resolves to the provider's message id. */
  send(email: OutgoingEmail): Promise<string>;
}
