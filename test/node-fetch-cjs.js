// node-fetch 3 is ESM-only: Node loads it through require(esm), Jest's CommonJS runtime cannot.
// Under Jest, SDKs that require('node-fetch') (the Vonage SDK) get Node's own fetch, which node-fetch 3 mirrors.
/* global fetch, Headers, Request, Response */
module.exports = {
  __esModule: true,
  default: (...args) => fetch(...args),
  Headers,
  Request,
  Response,
};
