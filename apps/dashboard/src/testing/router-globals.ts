import { TextDecoder, TextEncoder } from 'node:util';

// React Router needs TextEncoder, which browsers have and Jest's jsdom does not: import this first.
Object.assign(globalThis, { TextEncoder, TextDecoder });
