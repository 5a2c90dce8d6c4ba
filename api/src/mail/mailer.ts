import { createTransport } from 'nodemailer';
import type { RenderedMail } from './mail-layout';

/** One message to one person. */
interface OutgoingMail extends RenderedMail {
  to: string;
  /** The Message-ID, when a repeat of the same mail must carry the same one (a notification sent again after a crash). */
  messageId?: string;
}

/** Funnel's one way to send mail. `configured` is false without SMTP_URL: then `send` sends nothing. */
export interface Mailer {
  readonly configured: boolean;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * The mailer of a server: nodemailer over SMTP at `smtpUrl` (smtp://user:pass@host:587, smtps://… for TLS from the
 * start), or, without one, a mailer that sends nothing (invitation links are then shown to the admin instead).
 * @example const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'Funnel <funnel@acme.example>' })
 */
export function createMailer(input: { smtpUrl?: string; from: string; timeoutMs?: number }): Mailer {
  if (!input.smtpUrl) return { configured: false, send: async () => {}, close: () => {} };
  // A send that hangs gives up within timeoutMs (connect, greeting and each socket wait), before its claim runs out.
  const timeouts = input.timeoutMs ? { connectionTimeout: input.timeoutMs, greetingTimeout: input.timeoutMs, socketTimeout: input.timeoutMs } : {};
  const transport = createTransport({ url: input.smtpUrl, ...timeouts });
  return {
    configured: true,
    send: async (mail) => {
      await transport.sendMail({
        from: input.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
    close: () => transport.close(),
  };
}
