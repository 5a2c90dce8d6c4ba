import type { Locale } from '../accounts/account-settings';

/** A mail ready to send: its subject, a plain-text body and the same in simple HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What a mail says, in one language: a greeting, what happened, the one thing to do (a link), and what else to know. */
export interface MailContent {
  subject: string;
  greeting: string;
  lead: string;
  action: { label: string; url: string };
  notes: string[];
}

const GREETINGS: Readonly<Record<Locale, (name: string) => string>> = {
  en: (name) => `Hello ${name},`,
  'zh-Hans': (name) => `${name}，您好：`,
  'zh-Hant': (name) => `${name}，您好：`,
};

/**
 * How every mail greets its recipient, in their language.
 * @example mailGreeting('zh-Hans', 'Ann') // → 'Ann，您好：'
 */
export function mailGreeting(locale: Locale, name: string): string {
  return GREETINGS[locale](name);
}

/** Between the action's label and its link in plain text: Chinese sets a full-width colon, without a space. */
const LABEL_COLON: Readonly<Record<Locale, string>> = { en: ': ', 'zh-Hans': '：', 'zh-Hant': '：' };

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: names and tenant names come from people and must not become markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * A mail's plain text and simple HTML (one column, the action as a link) from what it says.
 * @example layoutMail('en', { subject: 'Hi', greeting: 'Hello Ann,', lead: '…', action: { label: 'Set your password', url }, notes: [] })
 */
export function layoutMail(locale: Locale, content: MailContent): RenderedMail {
  const text = [content.greeting, content.lead, `${content.action.label}${LABEL_COLON[locale]}${content.action.url}`, ...content.notes].join('\n\n');
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Noto Sans,sans-serif;font-size:15px;line-height:1.5;color:#1f2937;max-width:560px;margin:24px auto;padding:0 16px">',
    paragraph(content.greeting),
    paragraph(content.lead),
    `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
    ...content.notes.map(paragraph),
    '</body></html>',
  ].join('');
  return { subject: content.subject, text, html };
}
