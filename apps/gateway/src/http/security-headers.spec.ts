import fastifyHelmet from '@fastify/helmet';
import Fastify, { FastifyInstance } from 'fastify';
import { registerSecurityHeaders } from './security-headers';

const app = async (register: (fastify: FastifyInstance) => Promise<unknown> | void) => {
  const fastify = Fastify();
  await register(fastify);
  fastify.get('/plain', () => ({ ok: true }));
  fastify.get('/own-csp', (_request, reply) => reply.header('content-security-policy', "default-src 'none'").send('x'));
  await fastify.ready();
  return fastify;
};
const headersOf = async (fastify: FastifyInstance, url: string) => {
  const { date: _date, ...headers } = (await fastify.inject({ method: 'GET', url })).headers;
  return headers;
};

describe(registerSecurityHeaders.name, () => {
  let plugin: FastifyInstance;
  let sut: FastifyInstance;
  beforeAll(async () => {
    plugin = await app(async (fastify) => {
      await fastify.register(fastifyHelmet);
    });
    sut = await app(registerSecurityHeaders);
  });
  afterAll(() => Promise.all([plugin.close(), sut.close()]));

  it('sets exactly the headers @fastify/helmet sets with its defaults', async () => {
    const expected = await headersOf(plugin, '/plain');
    expect(expected['content-security-policy']).toContain("default-src 'self'");
    expect(expected['strict-transport-security']).toBeDefined();
    await expect(headersOf(sut, '/plain')).resolves.toEqual(expected);
  });

  it('lets a route replace the Content-Security-Policy, as before', async () => {
    await expect(headersOf(sut, '/own-csp')).resolves.toEqual(await headersOf(plugin, '/own-csp'));
    expect((await headersOf(sut, '/own-csp'))['content-security-policy']).toBe("default-src 'none'");
  });
});
