import { randomUUID } from 'node:crypto';
import { FailureScript, FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

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

/**
 * Amazon SNS's Query API for `Publish` to a phone number: form-encoded `Action=Publish&Version=2010-03-31`,
 * SigV4-signed (checked for shape and access key: the fake does not hold the secret's signing chain),
 * XML `PublishResponse` with a MessageId, errors as XML `ErrorResponse`.
 */
export class FakeSns {
  readonly failures = new FailureScript<SnsFailure>();
  readonly published: Array<{ messageId: string; phoneNumber: string; message: string; attributes: Record<string, string> }> = [];
  private readonly http = new FakeHttpServer((request) => this.route(request));

  constructor(readonly accessKeyId: string) {}

  static async start(accessKeyId = 'AKIAIOSFODNN7EXAMPLE') {
    const fake = new FakeSns(accessKeyId);
    await fake.http.start();
    return fake;
  }

  get endpoint(): string {
    return this.http.baseUrl;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private route(request: RecordedRequest): FakeResponse {
    const match = SIGV4.exec(request.headers.authorization ?? '');
    if (!match || !request.headers['x-amz-date']) {
      return this.error({ status: 403, type: 'Sender', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    }
    if (match[1] !== this.accessKeyId) {
      return this.error({ status: 403, type: 'Sender', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    }
    if (!match[4].split(';').includes('host') || !match[4].split(';').includes('x-amz-date')) {
      return this.error({ status: 403, type: 'Sender', code: 'SignatureDoesNotMatch', message: 'host and x-amz-date must be signed' });
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
