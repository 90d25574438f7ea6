// The baseline for the /me benchmark: a bare Fastify route on the same machine, same Node.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`at ${address}\n`);
