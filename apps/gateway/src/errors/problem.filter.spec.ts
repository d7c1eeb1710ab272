import { HttpException } from '@nestjs/common';
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
      errors: [{ field: 'organizationCode', message: 'check digit is wrong' }],
    });
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
    expect(sut.toProblem({ type: 'entity.too.large' })).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(sut.toProblem(new Error('boom'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
