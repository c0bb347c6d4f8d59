import { createHash, createHmac, randomUUID } from 'node:crypto';
import { FakeLogGroups, logsError } from './cloudwatch-logs';
import { FailureScript, type FakeResponse, type RecordedRequest, FakeProviderServer } from './fake-http-server';

export interface SnsFailure {
  status: number;
  /** `Sender` (the caller's fault) or `Receiver` (AWS's). */
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=<64 hex>`. */
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** AWS Signature Version 4 as AWS documents it, recomputed from the request as received. */
export function sigV4Signature(request: RecordedRequest, secretAccessKey: string, date: string, region: string, signedHeaders: string, service = 'sns'): string {
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
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.headers['x-amz-date'], scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, 'utf8');
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** SNS's SMS delivery status log event time format: `2016-06-28 00:40:34.558` (UTC). */
function logTimestamp(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** Why SigV4 authentication refused a request. */
type AuthenticationFailure = 'missing' | 'unknown-key' | 'bad-signature';

/** SNS's Query API answers them as XML errors... */
const SNS_AUTHENTICATION_FAILURES: Record<AuthenticationFailure, SnsFailure> = {
  missing: { status: 403, type: 'Sender', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' },
  'unknown-key': { status: 403, type: 'Sender', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
  'bad-signature': { status: 403, type: 'Sender', code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' },
};

/** ...CloudWatch Logs as JSON errors. */
const LOGS_AUTHENTICATION_FAILURES: Record<AuthenticationFailure, [type: string, message: string]> = {
  missing: ['MissingAuthenticationTokenException', 'Missing Authentication Token'],
  'unknown-key': ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  'bad-signature': ['InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'],
};

/**
 * Amazon SNS's Query API for `Publish` to a phone number: form-encoded `Action=Publish&Version=2010-03-31`,
 * SigV4-signed (the signature is recomputed with the account's secret key), XML `PublishResponse` with a
 * MessageId, errors as XML `ErrorResponse`. On the same address, CloudWatch Logs' `FilterLogEvents` (AWS JSON 1.1,
 * SigV4 service `logs`) over the SMS delivery status log SNS keeps when delivery status logging is on: the
 * test decides when a published message's SUCCESS or FAILURE event appears (`logDeliveryStatus`).
 */
export class FakeSns extends FakeProviderServer {
  readonly failures = new FailureScript<SnsFailure>();
  readonly published: Array<{ messageId: string; phoneNumber: string; message: string; attributes: Record<string, string> }> = [];
  /** CloudWatch Logs as this account has it. */
  readonly logs = new FakeLogGroups();
  private readonly publishes = new Map<string, { region: string; at: Date }>();

  constructor(
    readonly accessKeyId: string,
    readonly secretAccessKey: string,
    readonly accountId = '123456789012',
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

  /** CloudWatch Logs is served on the same address. */
  get logsEndpoint(): string {
    return this.baseUrl;
  }

  /** Where SNS logs successful SMS deliveries in this region; failures go to `<group>/Failure`. */
  deliveryStatusLogGroup(region: string): string {
    return `sns/${region}/${this.accountId}/DirectPublishToPhoneNumber`;
  }

  /**
   * SNS learns a published SMS's fate and logs it, as delivery status logging does: a SUCCESS event in the
   * region's DirectPublishToPhoneNumber group, or a FAILURE event in its `/Failure` group.
   */
  logDeliveryStatus(messageId: string, status: 'SUCCESS' | 'FAILURE', providerResponse?: string, at = new Date()): void {
    const published = this.published.find((entry) => entry.messageId === messageId);
    const publish = this.publishes.get(messageId);
    if (!published || !publish) throw new Error(`no SMS ${messageId} was published`);
    const event = {
      notification: { messageId, timestamp: logTimestamp(publish.at) },
      delivery: {
        mnc: status === 'SUCCESS' ? 270 : 0,
        numberOfMessageParts: 1,
        destination: published.phoneNumber,
        priceInUSD: 0.00645,
        smsType: published.attributes['AWS.SNS.SMS.SMSType'] ?? 'Promotional',
        mcc: status === 'SUCCESS' ? 310 : 0,
        providerResponse: providerResponse ?? (status === 'SUCCESS' ? 'Message has been accepted by phone carrier' : 'Unknown error attempting to reach phone'),
        dwellTimeMs: Math.max(0, at.getTime() - publish.at.getTime()),
      },
      status,
    };
    const group = this.deliveryStatusLogGroup(publish.region);
    this.logs.write(status === 'SUCCESS' ? group : `${group}/Failure`, JSON.stringify(event), at.getTime());
  }

  protected route(request: RecordedRequest): FakeResponse {
    const target = request.headers['x-amz-target'];
    return target === undefined ? this.sns(request) : this.cloudWatchLogs(request, target);
  }

  /** SigV4 as AWS checks it: a known access key, the credential scoped to `service`, the signature recomputed. */
  private authenticate(request: RecordedRequest, service: 'sns' | 'logs'): AuthenticationFailure | { region: string } {
    const match = SIGV4.exec(request.headers.authorization ?? '');
    if (!match || !request.headers['x-amz-date']) return 'missing';
    const [, accessKeyId, date, region, scopedService, signedHeaders, signature] = match;
    if (accessKeyId !== this.accessKeyId) return 'unknown-key';
    const signed = signedHeaders.split(';');
    const valid = signed.includes('host') && signed.includes('x-amz-date') && scopedService === service;
    if (!valid || sigV4Signature(request, this.secretAccessKey, date, region, signedHeaders, service) !== signature) return 'bad-signature';
    return { region };
  }

  private sns(request: RecordedRequest): FakeResponse {
    const signer = this.authenticate(request, 'sns');
    if (typeof signer === 'string') return this.error(SNS_AUTHENTICATION_FAILURES[signer]);
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
    this.publishes.set(messageId, { region: signer.region, at: new Date() });
    return {
      status: 200,
      type: 'xml',
      body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  }

  /** AWS JSON 1.1: `POST /`, `X-Amz-Target: Logs_20140328.<Operation>`, `Content-Type: application/x-amz-json-1.1`. */
  private cloudWatchLogs(request: RecordedRequest, target: string): FakeResponse {
    const signer = this.authenticate(request, 'logs');
    if (typeof signer === 'string') return logsError(...LOGS_AUTHENTICATION_FAILURES[signer]);
    if (request.method !== 'POST' || request.path !== '/' || request.headers['content-type'] !== 'application/x-amz-json-1.1') {
      return logsError('UnknownOperationException', 'Only POST / with application/x-amz-json-1.1 is served', 404);
    }
    if (target !== 'Logs_20140328.FilterLogEvents') return logsError('UnknownOperationException', `Only FilterLogEvents is served here, not ${target}`);
    return this.logs.filterLogEvents(request);
  }

  private error(failure: SnsFailure): FakeResponse {
    return {
      status: failure.status,
      type: 'xml',
      body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${failure.type}</Type><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    };
  }
}
