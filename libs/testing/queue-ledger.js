/**
 * Writes every queue and exchange this process declares to a file, one per line (`queue <name>`,
 * `exchange <name>`), so a test platform can empty-check and delete exactly what its services made,
 * whatever the names (lanes, instances, retry delays). Observes only: declarations go on unchanged.
 * Preloaded into service processes (`node -r queue-ledger.js main.js`, file in ZAGEL_TEST_QUEUE_LEDGER);
 * the test process itself calls `recordDeclarationsTo(file)`.
 */
const fs = require('node:fs');
const { Channel } = require('amqplib/lib/channel_model');

function record(kind, method) {
  const declare = Channel.prototype[method];
  if (declare.ledgers) return declare.ledgers;
  const ledgers = new Set();
  Channel.prototype[method] = function recordingDeclaration(name, ...rest) {
    if (typeof name === 'string' && name.length > 0) {
      for (const ledger of ledgers) fs.appendFileSync(ledger, `${kind} ${name}\n`);
    }
    return declare.call(this, name, ...rest);
  };
  Channel.prototype[method].ledgers = ledgers;
  return ledgers;
}

const ledgers = [record('queue', 'assertQueue'), record('exchange', 'assertExchange')];

/** Starts recording this process's declarations to `file`; returns the function that stops it. */
function recordDeclarationsTo(file) {
  for (const set of ledgers) set.add(file);
  return () => {
    for (const set of ledgers) set.delete(file);
  };
}

if (process.env.ZAGEL_TEST_QUEUE_LEDGER) recordDeclarationsTo(process.env.ZAGEL_TEST_QUEUE_LEDGER);

module.exports = { recordDeclarationsTo };
