import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { freePort } from './free-port';

/** One email as the SMTP server received it, decoded enough for a test to read. */
export interface ReceivedEmail {
  /** The envelope: who the server was told it is from and for (RCPT TO), not the headers. */
  envelopeFrom: string;
  recipients: string[];
  /** Header names lowercased, values unfolded and decoded (RFC 2047 words). */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/**
 * A mail server on 127.0.0.1 that speaks SMTP (the `smtp-server` package), requires the username and
 * password it was given, and keeps every email it accepts. `url` is what a service's `SMTP_URL` takes.
 * No STARTTLS (it would need a certificate the client trusts): the test sends in the clear, on loopback.
 */
export class SmtpInbox {
  readonly received: ReceivedEmail[] = [];
  private server?: SMTPServer;
  private port = 0;

  constructor(
    readonly username = 'zagel-test',
    readonly password = 'smtp-test-password',
  ) {}

  get url(): string {
    return `smtp://${encodeURIComponent(this.username)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.username && auth.password === this.password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.received.push(parseEmail(Buffer.concat(chunks).toString('utf8'), session));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  /** Emails one address received. */
  to(address: string): ReceivedEmail[] {
    return this.received.filter((email) => email.recipients.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function parseEmail(raw: string, session: SMTPServerSession): ReceivedEmail {
  const { headers, body } = splitPart(raw);
  const parts = bodyParts(headers, body);
  const textPart = parts.find((part) => part.headers['content-type']?.startsWith('text/plain'));
  const htmlPart = parts.find((part) => part.headers['content-type']?.startsWith('text/html'));
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  return {
    envelopeFrom,
    recipients: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
    headers,
    subject: headers.subject ?? '',
    text: textPart ? decodeBody(textPart) : '',
    html: htmlPart ? decodeBody(htmlPart) : '',
    raw,
  };
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The leaf parts of a (possibly multipart) body. */
function bodyParts(headers: Record<string, string>, body: string): Part[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!headers['content-type']?.startsWith('multipart/') || !boundary) return [{ headers, body }];
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => {
      const part = splitPart(section.replace(/^\r\n/, ''));
      return bodyParts(part.headers, part.body);
    });
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body = part.body.replace(/\r\n$/, '');
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) as text. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*(?==\?)?/gi, (_, _charset: string, kind: string, data: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}
