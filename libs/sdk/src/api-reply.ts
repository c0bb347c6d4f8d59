/** An error answer of the public API (RFC 9457 problem details with Zagel's stable `code`). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** Thrown when the body of an answer that is not 2xx is asked for. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers: Headers,
    call: string,
  ) {
    super(`${call} answered ${status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim());
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

function parse(text: string, contentType: string): unknown {
  if (text.length === 0) return undefined;
  if (!/json/.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One answer: status, headers and text as they came, the typed body of a success, the problem of a failure. */
export class ApiReply<T> {
  /** The parsed JSON (or the text when the answer is not JSON), whatever the status. */
  readonly json: unknown;

  constructor(
    /** `POST /v1/messages`, for messages. */
    readonly call: string,
    readonly status: number,
    readonly headers: Headers,
    readonly text: string,
  ) {
    this.json = parse(text, headers.get('content-type') ?? '');
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The success body; throws ApiError (status, code, detail) when the call failed. */
  get body(): T {
    if (!this.ok) throw new ApiError(this.status, this.problem ?? {}, this.headers, this.call);
    return this.json as T;
  }

  /** The success body after checking the answer has exactly this status; ApiError otherwise. */
  expectStatus(status: number): T {
    if (this.status !== status) {
      const problem = this.problem ?? { detail: `expected ${status}: ${this.text.slice(0, 500)}` };
      throw new ApiError(this.status, problem, this.headers, `${this.call} (expected ${status})`);
    }
    return this.json as T;
  }

  /** The problem details of a failed call; undefined for a success. */
  get problem(): Problem | undefined {
    if (this.ok) return undefined;
    return typeof this.json === 'object' && this.json !== null ? (this.json as Problem) : { detail: this.text };
  }
}
