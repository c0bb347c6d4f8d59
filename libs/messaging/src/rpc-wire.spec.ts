import { RpcErrorCode, rpcErrorCode, rpcErrorDetails } from './rpc-wire';

const withCode = (code: unknown) => Object.assign(new Error('boom'), { code });

describe('rpcErrorCode', () => {
  it("passes a service's snake_case error code on", () => {
    expect(rpcErrorCode(withCode('insufficient_funds'))).toBe('insufficient_funds');
    expect(rpcErrorCode(withCode('invalid_api_key'))).toBe('invalid_api_key');
    expect(rpcErrorCode(withCode('unknown'))).toBe('unknown');
  });

  it("turns a library's code, or none, into internal", () => {
    expect(rpcErrorCode(withCode('53300'))).toBe(RpcErrorCode.Internal); // PostgreSQL: too many connections
    expect(rpcErrorCode(withCode('ECONNRESET'))).toBe(RpcErrorCode.Internal);
    expect(rpcErrorCode(withCode('ERR_INVALID_ARG_TYPE'))).toBe(RpcErrorCode.Internal);
    expect(rpcErrorCode(withCode(''))).toBe(RpcErrorCode.Internal);
    expect(rpcErrorCode(withCode(42))).toBe(RpcErrorCode.Internal);
    expect(rpcErrorCode(new Error('no code'))).toBe(RpcErrorCode.Internal);
    expect(rpcErrorCode(null)).toBe(RpcErrorCode.Internal);
  });
});

describe('rpcErrorDetails', () => {
  it('keeps plain-object details only', () => {
    expect(rpcErrorDetails(Object.assign(new Error('x'), { details: { shortfall: 3 } }))).toEqual({ shortfall: 3 });
    expect(rpcErrorDetails(Object.assign(new Error('x'), { details: [1] }))).toBeUndefined();
    expect(rpcErrorDetails(new Error('x'))).toBeUndefined();
  });
});
