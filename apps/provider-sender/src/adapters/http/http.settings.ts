import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { RECIPIENT_ERROR_CODES } from '../recipient-errors';

/** An object whose every value is one of Zagel's recipient error codes. */
function MapsToRecipientErrorCodes() {
  return ValidateBy({
    name: 'mapsToRecipientErrorCodes',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((code) => typeof code === 'string' && RECIPIENT_ERROR_CODES.has(code)),
      defaultMessage: () => `$property values must be one of: ${[...RECIPIENT_ERROR_CODES].join(', ')}`,
    },
  });
}

const JSON_PATH = /^(\$\.?)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+|\[\d+\])*$/;

/**
 * A gateway that speaks plain HTTP: how to submit (method, URL, headers and body templates with `{{to}}`,
 * `{{body}}`, `{{messageId}}`, `{{from}}`, `{{reportUrl}}`), how to read the answer, and how to read and
 * authenticate its delivery reports.
 */
export class HttpGatewaySettings {
  @IsIn(['GET', 'POST', 'PUT'])
  method: 'GET' | 'POST' | 'PUT';

  /** Placeholders are percent-encoded. */
  @Matches(/^https?:\/\//)
  urlTemplate: string;

  /**
   * Header name → value template (placeholders verbatim; a line break is refused). Every try of a message
   * has the same `{{messageId}}`, so a gateway that takes an idempotency key gets one this way
   * (`{"Idempotency-Key": "{{messageId}}"}`) and a resend after a lost answer is harmless there.
   */
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @IsIn(['json', 'form', 'none'])
  bodyFormat: 'json' | 'form' | 'none';

  /** JSON text (placeholders inside string quotes, escaped as JSON) or `a={{to}}&b={{body}}` (percent-encoded). */
  @IsOptional()
  @IsString()
  bodyTemplate?: string;

  @IsOptional()
  @IsString()
  from?: string;

  /** Success is an HTTP status in [min, max] and, when set, the answer's JSON at `successPath` equal to `successValue`. */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  successStatusMin?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  successStatusMax?: number;

  @IsOptional()
  @Matches(JSON_PATH)
  successPath?: string;

  /** Compared with the value at `successPath` as a string (`true`, `0`, `OK`). */
  @IsOptional()
  @IsString()
  successValue?: string;

  /** Where the provider's message id is in the answer's JSON. */
  @Matches(JSON_PATH)
  providerIdPath: string;

  /**
   * Where to ask whether a message was submitted (`GET`, placeholders as in `urlTemplate`, e.g.
   * `.../sms/{{messageId}}`): 2xx with the id at `providerIdPath` means it was, 404 that it never arrived.
   */
  @IsOptional()
  @Matches(/^https?:\/\//)
  lookupUrlTemplate?: string;

  /** Where a refusal's error code is, when the gateway gives one. */
  @IsOptional()
  @Matches(JSON_PATH)
  errorCodePath?: string;

  /** Error codes that mean "try again later" (throttling, no credit); other refusals below HTTP 500 are permanent. */
  @IsOptional()
  @IsString({ each: true })
  transientErrorCodes?: string[];

  /**
   * The gateway's error codes that are about the recipient → Zagel's recipient error code (invalid_number,
   * unreachable_number, blocked_number, unsubscribed_number, landline_number): such a refusal fails the
   * message at once instead of moving down the provider chain.
   */
  @IsOptional()
  @MapsToRecipientErrorCodes()
  recipientErrorCodes?: Record<string, string>;

  /** Report fields: JSON paths into a JSON report, or form/query field names. */
  @IsOptional()
  @Matches(JSON_PATH)
  reportIdPath?: string;

  @IsOptional()
  @Matches(JSON_PATH)
  reportStatusPath?: string;

  @IsOptional()
  @Matches(JSON_PATH)
  reportErrorCodePath?: string;

  /** When one report request carries many: the JSON path of the array (each element read with the paths above). */
  @IsOptional()
  @Matches(JSON_PATH)
  reportItemsPath?: string;

  /** The gateway's status value → ours (sent, delivered, undelivered, failed). */
  @IsOptional()
  @IsObject()
  reportStatusMap?: Record<string, string>;

  /**
   * Inbound SMS (MO) fields, read like report fields: JSON paths into a JSON body, or form/query field names.
   * Inbound webhooks are authenticated like reports (`reportSigningSecret`).
   */
  @IsOptional()
  @Matches(JSON_PATH)
  inboundIdPath?: string;

  @IsOptional()
  @Matches(JSON_PATH)
  inboundFromPath?: string;

  @IsOptional()
  @Matches(JSON_PATH)
  inboundToPath?: string;

  @IsOptional()
  @Matches(JSON_PATH)
  inboundBodyPath?: string;

  /** When one inbound request carries many: the JSON path of the array. */
  @IsOptional()
  @Matches(JSON_PATH)
  inboundItemsPath?: string;

  /** HMAC-SHA256 of the raw report body with this secret, in `reportSignatureHeader`. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  reportSigningSecret?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9-]+$/)
  reportSignatureHeader?: string;

  @IsOptional()
  @IsIn(['hex', 'base64'])
  reportSignatureEncoding?: 'hex' | 'base64';

  /** Text before the digest in the header, e.g. `sha256=`. */
  @IsOptional()
  @IsString()
  reportSignaturePrefix?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  timeoutMs?: number;
}
