import { HttpException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { DomainError, createLogger } from '@jlis/runtime';
import { ProblemFilter } from './problem.filter';

describe(ProblemFilter.name, () => {
  const sut = new ProblemFilter(createLogger('test', 'silent'));

  it('turns a domain error into a problem with its code, status and field errors', () => {
    const problem = sut.toProblem(
      DomainError.validation([{ field: 'organizationCode', message: 'check digit is wrong' }]),
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [
        {
          field: 'organizationCode',
          message: '「organizationCode」の入力内容をご確認ください。 / check digit is wrong',
        },
      ],
    });
    expect(problem.detail).toBe(
      '入力内容に誤りがあります。次の項目をご確認ください: organizationCode。 / Invalid request: check organizationCode.',
    );
  });

  it('keeps a service detail named like a problem member out of the way of the real member', () => {
    const problem = sut.toProblem(
      new DomainError('CONFLICT', 'already open', { status: 'requested', openApplicationId: 'a-1' }),
    );
    expect(problem.status).toBe(409);
    expect(problem).toMatchObject({ openApplicationId: 'a-1', details: { status: 'requested' } });
  });

  it('answers unknown routes and oversized bodies with their own codes, and anything else as INTERNAL', () => {
    expect(sut.toProblem(new HttpException('Not Found', 404))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(sut.toProblem(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE())).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(sut.toProblem(new Error('boom'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('keeps what a 5xx is made of — subjects, driver messages — out of the answer, naming only the service', () => {
    const problem = sut.toProblem(
      new DomainError('SERVICE_UNAVAILABLE', 'The intake service cannot be reached right now; try again shortly.', {
        service: 'intake',
        subject: 'intake.application.get',
        cause: 'NatsError: 503',
      }),
    );
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', service: 'intake' });
    expect(problem).not.toHaveProperty('subject');
    expect(problem).not.toHaveProperty('cause');
    expect(problem).not.toHaveProperty('details');
  });

  it("maps Fastify's own refusals and HTTP exceptions by status, with sentences of ours behind a 5xx", () => {
    expect(sut.toProblem(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'))).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(sut.toProblem(new HttpException('Request body size did not match Content-Length', 400))).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
    const unavailable = sut.toProblem(new HttpException('pool exhausted at db.internal:5432', 503));
    expect(unavailable).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(unavailable.detail).not.toContain('db.internal');
  });
});
