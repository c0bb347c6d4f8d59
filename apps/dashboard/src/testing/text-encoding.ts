import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks TextEncoder, which React Router reads when it loads: imported before it by specs that render routes.
if (!globalThis.TextEncoder) Object.assign(globalThis, { TextEncoder, TextDecoder });
