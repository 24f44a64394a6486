import { parseArgs } from 'node:util';
import { startMockUpstream } from './server.js';

/** `npm run mock-upstream -- --port 9999 --delay 50 --chunk-delay 10 --api-key sk-mock` */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MOCK_PORT ?? '9999' },
    delay: { type: 'string', default: '0' },
    'chunk-delay': { type: 'string', default: '0' },
    'api-key': { type: 'string' },
  },
});
const mock = await startMockUpstream({
  port: Number(values.port),
  delayMs: Number(values.delay),
  chunkDelayMs: Number(values['chunk-delay']),
  record: false,
  ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
});
process.stdout.write(`mock upstream listening on ${mock.url}\n`);
const stop = (): void => {
  void mock.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
