import { IsEmail, IsIn, IsString, MaxLength, ValidateNested, validate } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { DomainError } from './domain-error';
import { flattenValidationErrors, validationExceptionFactory } from './validation';
import { validationFieldMessage } from './validation-messages';

class Contact {
  @IsString() @MaxLength(10) name!: string;
  @IsEmail({}, { message: 'email must be an e-mail address' }) email!: string;
}

class Request {
  @IsIn(['signature', 'user-certificate']) kind!: string;
  @ValidateNested() @Type(() => Contact) contact!: Contact;
}

const JAPANESE_THEN_ENGLISH = /^[^/]*[\u3040-\u30ff\u4e00-\u9fff][^/]*。 \/ \S/;

async function problems(plain: object) {
  return flattenValidationErrors(
    await validate(plainToInstance(Request, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );
}

describe('validation messages', () => {
  it('gives every field of a class-validator failure a polite Japanese sentence, then the English', async () => {
    const errors = await problems({
      kind: 'jpki',
      contact: { name: 'あいうえおかきくけこさ', email: 'not-mail' },
      colour: 'red',
    });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual(['colour', 'contact.email', 'contact.name', 'kind']);
    for (const message of Object.values(byField)) expect(message).toMatch(JAPANESE_THEN_ENGLISH);
    expect(byField.kind).toBe(
      '「kind」は signature, user-certificate のいずれかを指定してください。 / kind must be one of the following values: signature, user-certificate',
    );
    expect(byField['contact.name']).toMatch(/^「contact\.name」は 10 文字以内で入力してください。 \/ .*10 characters/);
    expect(byField['contact.email']).toBe(
      '「contact.email」にはメールアドレスを入力してください。 / email must be an e-mail address',
    );
    expect(byField.colour).toBe(
      '「colour」は受け付けていない項目です。この項目を除いてお送りください。 / unknown field: colour is not accepted',
    );
  });

  it('gives a handwritten English field error its Japanese in DomainError.validation, and a Japanese detail', () => {
    const sut = DomainError.validation([
      { field: 'applicationId', message: 'applicationId must be a UUID' },
      { field: 'shippedOn', message: '2026-02-30 is not a calendar date' },
      { field: 'cards', message: 'name each card kind once (add the quantities up)' },
    ]);
    expect(sut.status).toBe(400);
    expect(sut.message).toBe(
      '入力内容に誤りがあります。次の項目をご確認ください: applicationId, shippedOn, cards。 / Invalid request: check applicationId, shippedOn, cards.',
    );
    expect(sut.errors!.map((e) => e.message)).toEqual([
      '「applicationId」の ID の形式が正しくありません。一覧や画面に表示された ID をそのまま指定してください。 / applicationId must be a UUID',
      '「shippedOn」には実在する日付を YYYY-MM-DD の形式で入力してください。 / 2026-02-30 is not a calendar date',
      '「cards」の入力内容をご確認ください。 / name each card kind once (add the quantities up)',
    ]);
  });

  it('keeps a message already written in Japanese, and maps it once however often it is applied', async () => {
    expect(validationFieldMessage('reason', '理由をご記入ください。 / say why')).toBe(
      '理由をご記入ください。 / say why',
    );
    expect(
      validationFieldMessage(
        'organizationCode',
        'wrong check digit, e.g. 131016 for 千代田区',
        'isLocalGovernmentCode',
      ),
    ).toMatch(/^「organizationCode」には正しい地方公共団体コード.*ください。 \/ wrong check digit/);
    const once = validationExceptionFactory(
      await validate(plainToInstance(Request, { kind: 'signature', contact: { name: 'x', email: 'y' } })),
    );
    const twice = DomainError.validation(once.errors!);
    expect(twice.errors).toEqual(once.errors);
  });
});
