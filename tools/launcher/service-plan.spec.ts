import { childEnvironment, planServices, portVariable, servicePort } from './service-plan';

describe('service plans', () => {
  it('names the port variable of each service', () => {
    expect(portVariable('billing')).toBe('BILLING_PORT');
    expect(portVariable('pool-dispatcher')).toBe('POOL_DISPATCHER_PORT');
  });

  it('uses the default port unless the variable moves it', () => {
    expect(servicePort('api-gateway', {})).toBe(3000);
    expect(servicePort('api-gateway', { API_GATEWAY_PORT: '' })).toBe(3000);
    expect(servicePort('billing', { BILLING_PORT: '4003' })).toBe(4003);
    expect(() => servicePort('billing', { BILLING_PORT: 'x' })).toThrow('BILLING_PORT=x is not a port number');
    expect(() => servicePort('billing', { BILLING_PORT: '70000' })).toThrow(/not a port/);
  });

  it('hands the parent environment down with the PORT, pretty logs and colors on a terminal', () => {
    expect(childEnvironment({ PATH: '/bin', BILLING_PORT: '4003' }, 4003, false)).toEqual({
      PATH: '/bin',
      BILLING_PORT: '4003',
      PORT: '4003',
    });
    expect(childEnvironment({}, 3003, true)).toEqual({ PORT: '3003', LOG_FORMAT: 'pretty', FORCE_COLOR: '1' });
    expect(childEnvironment({ LOG_FORMAT: 'json', NO_COLOR: '' }, 3003, true)).toEqual({
      PORT: '3003',
      LOG_FORMAT: 'json',
      NO_COLOR: '',
    });
  });

  it('plans the entry point, URLs and environment of each service', () => {
    const [plan] = planServices(['otp'], { rootDir: '/repo', env: { OTP_PORT: '4005' }, terminal: false });

    expect(plan).toEqual({
      name: 'otp',
      port: 4005,
      entry: '/repo/dist/apps/otp/src/main.js',
      env: { OTP_PORT: '4005', PORT: '4005' },
      url: 'http://localhost:4005',
      readyUrl: 'http://127.0.0.1:4005/health/ready',
    });
  });

  it('refuses two services on one port', () => {
    expect(() => planServices(['auth', 'billing'], { rootDir: '/repo', env: { BILLING_PORT: '3002' }, terminal: false })).toThrow(
      'auth and billing would both listen on port 3002',
    );
  });
});
