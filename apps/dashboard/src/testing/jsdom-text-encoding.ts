// React Router reads TextEncoder when it loads; Jest's jsdom environment lacks it, Node has it. Import this
// before anything that imports react-router.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
