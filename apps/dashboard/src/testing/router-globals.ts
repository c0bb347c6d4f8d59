import { TextDecoder, TextEncoder } from 'node:util';

// jsdom leaves out TextEncoder, which react-router reads when it loads: imported by a spec before react-router.
Object.assign(globalThis, { TextEncoder, TextDecoder });
