import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the capture received, as a person's mail program would show it. */
interface CapturedMail {
  /** The envelope's recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The language the HTML names (`<html lang>`), for checking a mail's locale. */
  lang: string | null;
}

/** A real SMTP server on 127.0.0.1 that keeps what arrives; give the api `smtpUrl` (SMTP_URL). */
export interface SmtpCapture {
  smtpUrl: string;
  messages: CapturedMail[];
  /** The first message to `to` (received now or within `timeoutMs`) whose subject or text matches `match`, if given. */
  waitFor: (input: { to: string; match?: RegExp; timeoutMs?: number }) => Promise<CapturedMail>;
  /** Messages kept but not yet answered (held for `holdMs`): their sender has not heard that they arrived. */
  inFlight: () => number;
  close: () => Promise<void>;
}

const WAIT_STEP_MS = 20;
const DEFAULT_WAIT_MS = 2000;

/**
 * Starts an SMTP server (the `smtp-server` package: no TLS, any or no login) on a free port of 127.0.0.1, parses
 * every message that arrives with `mailparser`, and keeps it for the test to read. With `holdMs`, each message is
 * kept at once and answered that much later, as a slow server that has already taken it.
 * @example const smtp = await startSmtpCapture(); const h = await startHarness({ smtpUrl: smtp.smtpUrl }); const mail = await smtp.waitFor({ to: 'ann@acme.example' })
 */
export async function startSmtpCapture(options: { holdMs?: number } = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let holding = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const html = typeof parsed.html === 'string' ? parsed.html : '';
          messages.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html,
            lang: /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? null,
          });
          holding += 1;
          setTimeout(() => {
            holding -= 1;
            callback();
          }, options.holdMs ?? 0);
        })
        .catch((error: Error) => callback(error));
    },
  });
  // smtp-server emits a connection's socket errors on the server, and an unheard 'error' is thrown: a sender killed
  // mid-session (the crash tests SIGKILL the api) resets its connection, which is what those tests do, not a failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const waitFor: SmtpCapture['waitFor'] = async ({ to, match, timeoutMs = DEFAULT_WAIT_MS }) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((m) => m.to.includes(to.toLowerCase()) && (!match || match.test(m.subject) || match.test(m.text)));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to}${match ? ` matching ${match}` : ''} within ${timeoutMs} ms (got ${messages.length})`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  };
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor,
    inFlight: () => holding,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
