import { ValidationPipe } from '@nestjs/common';
import { ApplicationGet, ApplicationRequest } from '@jlis/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { validationExceptionFactory } from '../errors/validation';
import { CompiledValidationPipe, compiledCheck } from './compiled-validation';

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
};

class Item {
  @IsString() @IsIn(['a', 'b']) kind: string;
  @IsOptional() @IsInt() @Min(1) count?: number;
}

class Sample {
  @IsUUID() id: string;
  @IsDefined() @IsString({ each: true }) @ArrayMaxSize(3) tags: string[];
  @ValidateNested() @Type(() => Item) item: Item;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
  @IsOptional() @IsString() note?: string;
  @ValidateIf((o: Sample) => o.note === 'x') @IsInt() onlyWithNote?: number;
}

/** An asynchronous rule: the checker cannot decide it, so the pipe always does. */
function IsEventuallyTrue() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isEventuallyTrue',
      target: object.constructor,
      propertyName,
      async: true,
      validator: { validate: (value: unknown) => Promise.resolve(value === true) },
    });
}
class WithAsyncRule {
  @IsEventuallyTrue() flag: boolean;
}

const UUID = '6f1c2a57-3c1e-4a8e-9d43-5b7c2f0e8a11';
const caller = { sub: 'op-1', role: 'operator' };
const request = {
  caller,
  idempotencyKey: 'k-1',
  body: {
    organizationCode: '131016',
    verifierName: '千代田区',
    verifierKinds: ['signature'],
    department: '情報政策課',
    contact: { name: '山田 太郎', phone: '03-1234-5678', email: 'yamada@example.lg.jp' },
  },
};
const valid = { id: UUID, tags: ['x'], item: { kind: 'a' } };

/** [class, payload]: valid and invalid ones of every rule kind the checker handles, and some it leaves alone. */
const CASES: [string, new () => object, unknown][] = [
  ['valid', Sample, valid],
  ['valid with optional and nested arrays', Sample, { ...valid, items: [{ kind: 'b', count: 2 }], note: 'y' }],
  ['ValidateIf true and valid', Sample, { ...valid, note: 'x', onlyWithNote: 3 }],
  ['ValidateIf true and invalid', Sample, { ...valid, note: 'x', onlyWithNote: 'three' }],
  ['ValidateIf false skips', Sample, { ...valid, note: 'y', onlyWithNote: 'three' }],
  ['bad uuid', Sample, { ...valid, id: 'nope' }],
  ['missing defined', Sample, { id: UUID, item: { kind: 'a' } }],
  ['each fails', Sample, { ...valid, tags: ['x', 1] }],
  ['too many', Sample, { ...valid, tags: ['a', 'b', 'c', 'd'] }],
  ['unknown field', Sample, { ...valid, extra: 1 }],
  ['unknown nested field', Sample, { ...valid, item: { kind: 'a', extra: 1 } }],
  ['nested not an object', Sample, { ...valid, item: 'a' }],
  ['nested array element wrong', Sample, { ...valid, items: [{ kind: 'c' }] }],
  ['nested array element primitive', Sample, { ...valid, items: [1] }],
  ['optional null', Sample, { ...valid, note: null }],
  ['proto key', Sample, JSON.parse(`{"id":"${UUID}","tags":["x"],"item":{"kind":"a"},"__proto__":{"x":1}}`)],
  ['constructor key', Sample, { ...valid, constructor: 'x' }],
  ['binary value', Sample, { ...valid, note: Buffer.from('x') }],
  ['array payload', Sample, [valid]],
  ['null payload', Sample, null],
  ['async rule true', WithAsyncRule, { flag: true }],
  ['async rule false', WithAsyncRule, { flag: false }],
  ['contract: get', ApplicationGet.Request, { caller, applicationId: UUID }],
  ['contract: get, bad caller', ApplicationGet.Request, { caller: { sub: 'x', role: 'king' }, applicationId: UUID }],
  ['contract: get, caller extra', ApplicationGet.Request, { caller: { ...caller, admin: true }, applicationId: UUID }],
  ['contract: request', ApplicationRequest.Request, request],
  [
    'contract: request, bad code',
    ApplicationRequest.Request,
    { ...request, body: { ...request.body, organizationCode: '131017' } },
  ],
  [
    'contract: request, bad email',
    ApplicationRequest.Request,
    { ...request, body: { ...request.body, contact: { ...request.body.contact, email: 'no' } } },
  ],
  [
    'contract: request, duplicate kinds',
    ApplicationRequest.Request,
    { ...request, body: { ...request.body, verifierKinds: ['signature', 'signature'] } },
  ],
];

/** A deep copy made in this realm (structuredClone's objects have another realm's Object.prototype under Jest). */
function copy(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Object) {
    const out: Record<string, unknown> = {};
    // defineProperty keeps an own "__proto__" key an own key, as JSON.parse makes it.
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, { value: copy(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** The class of every object in a value, by path. */
function classesOf(value: unknown, path = '$', out: Record<string, string> = {}): Record<string, string> {
  if (value instanceof Object) {
    out[path] = value.constructor?.name ?? 'null-prototype';
    for (const [k, v] of Object.entries(value)) classesOf(v, `${path}.${k}`, out);
  }
  return out;
}

/** What a pipe made of a payload: the value (with its class at every level) or the error it threw. */
async function outcome(pipe: ValidationPipe, metatype: new () => object, payload: unknown) {
  try {
    const value = await pipe.transform(copy(payload), { type: 'body', metatype });
    return { value, classes: classesOf(value) };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message, ...(error as object) } };
  }
}

describe(CompiledValidationPipe.name, () => {
  it.each(CASES)('%s: the same answer as Nest’s ValidationPipe', async (_name, metatype, payload) => {
    const compiled = new CompiledValidationPipe(OPTIONS);
    const fallback = jest.spyOn(ValidationPipe.prototype, 'transform');
    const expected = await outcome(new ValidationPipe(OPTIONS), metatype, payload);
    fallback.mockClear();
    const actual = await outcome(compiled, metatype, payload);
    expect(actual).toEqual(expected);
    // A valid payload of a class with only synchronous rules never reaches the pipe (the checker decided it).
    if (!('error' in expected) && metatype !== WithAsyncRule) expect(fallback).not.toHaveBeenCalled();
    fallback.mockRestore();
  });

  it('says "not sure" for a class without rules and for an asynchronous rule', () => {
    class NoRules {
      x?: string;
    }
    expect(compiledCheck(NoRules)(new NoRules())).toBe(false);
    expect(compiledCheck(WithAsyncRule)(Object.assign(new WithAsyncRule(), { flag: true }))).toBe(false);
  });
});
