import { createHash, createHmac, randomUUID } from 'node:crypto';
import { FailureScript, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface SnsFailure {
  status: number;
  /** `Sender` (the caller's fault) or `Receiver` (AWS's). */
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/sns/aws4_request, SignedHeaders=..., Signature=<64 hex>`. */
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/sns\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** AWS Signature Version 4 as AWS documents it, recomputed from the request as received. */
export function sigV4Signature(request: RecordedRequest, secretAccessKey: string, date: string, region: string, signedHeaders: string): string {
  const [path, query = ''] = request.url.split('?');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .sort()
    .join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = request.headers['x-amz-content-sha256'] ?? sha256Hex(request.rawBody);
  const canonicalRequest = [request.method, path || '/', canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/sns/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.headers['x-amz-date'], scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, 'utf8');
  for (const part of [date, region, 'sns', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/**
 * Amazon SNS's Query API for `Publish` to a phone number: form-encoded `Action=Publish&Version=2010-03-31`,
 * SigV4-signed (the signature is recomputed with the account's secret key), XML `PublishResponse` with a
 * MessageId, errors as XML `ErrorResponse`.
 */
export class FakeSns extends FakeProviderServer {
  readonly failures = new FailureScript<SnsFailure>();
  readonly published: Array<{ messageId: string; phoneNumber: string; message: string; attributes: Record<string, string> }> = [];

  constructor(
    readonly accessKeyId: string,
    readonly secretAccessKey: string,
  ) {
    super();
  }

  static async start(accessKeyId = 'AKIAIOSFODNN7EXAMPLE', secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') {
    const fake = new FakeSns(accessKeyId, secretAccessKey);
    await fake.http.start();
    return fake;
  }

  get endpoint(): string {
    return this.baseUrl;
  }

  protected route(request: RecordedRequest): FakeResponse {
    const match = SIGV4.exec(request.headers.authorization ?? '');
    if (!match || !request.headers['x-amz-date']) {
      return this.error({ status: 403, type: 'Sender', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    }
    if (match[1] !== this.accessKeyId) {
      return this.error({ status: 403, type: 'Sender', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    }
    const [, , date, region, signedHeaders, signature] = match;
    const signed = signedHeaders.split(';');
    if (!signed.includes('host') || !signed.includes('x-amz-date') || sigV4Signature(request, this.secretAccessKey, date, region, signedHeaders) !== signature) {
      return this.error({ status: 403, type: 'Sender', code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' });
    }
    const form = new URLSearchParams(request.method === 'POST' ? request.rawBody : request.url.split('?')[1] ?? '');
    if (form.get('Action') !== 'Publish' || form.get('Version') !== '2010-03-31') {
      return this.error({ status: 400, type: 'Sender', code: 'InvalidAction', message: 'Only Publish 2010-03-31 is served here' });
    }
    const phoneNumber = form.get('PhoneNumber') ?? '';
    const message = form.get('Message');
    if (!message) return this.error({ status: 400, type: 'Sender', code: 'InvalidParameter', message: 'Invalid parameter: Message' });
    if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber)) {
      return this.error({ status: 400, type: 'Sender', code: 'InvalidParameter', message: 'Invalid parameter: PhoneNumber Reason: input incorrectly formatted' });
    }
    const failure = this.failures.take();
    if (failure) return this.error(failure);
    const attributes: Record<string, string> = {};
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i += 1) {
      attributes[form.get(`MessageAttributes.entry.${i}.Name`)!] = form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    }
    const messageId = randomUUID();
    this.published.push({ messageId, phoneNumber, message, attributes });
    return {
      status: 200,
      type: 'xml',
      body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  }

  private error(failure: SnsFailure): FakeResponse {
    return {
      status: failure.status,
      type: 'xml',
      body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${failure.type}</Type><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    };
  }
}
