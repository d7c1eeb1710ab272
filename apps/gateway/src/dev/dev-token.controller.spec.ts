import { decodeJwt } from 'jose';
import { GatewayConfig } from '../gateway.config';
import { DevTokenController } from './dev-token.controller';

const config = (developmentAuth: boolean) =>
  Object.assign(Object.create(GatewayConfig.prototype) as GatewayConfig, {
    AUTH_MODE: developmentAuth ? 'development' : undefined,
  });

describe(DevTokenController.name, () => {
  it('answers 404 NOT_FOUND without AUTH_MODE=development: a production gateway mints no token', async () => {
    const sut = new DevTokenController(config(false));
    await expect(sut.create({ role: 'operator' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('mints the claims of the role asked for, with an expiry', async () => {
    const sut = new DevTokenController(config(true));
    const { token, expiresAt } = await sut.create({ role: 'applicant', org: '131016', name: '山田 太郎' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ role: 'applicant', org: '131016', name: '山田 太郎', sub: 'applicant-131016' });
    expect(claims.exp! * 1000).toBe(new Date(expiresAt).getTime());
  });

  it('refuses an applicant without org and a contractor without contractor, naming the field', async () => {
    const sut = new DevTokenController(config(true));
    await expect(sut.create({ role: 'applicant' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'org' })],
    });
    await expect(sut.create({ role: 'contractor' })).rejects.toMatchObject({
      errors: [expect.objectContaining({ field: 'contractor' })],
    });
  });
});
