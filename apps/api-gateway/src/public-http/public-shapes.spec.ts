import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListMessagesRequest, PageRequest } from '@zagel/contracts';
import { OmitType } from '@nestjs/swagger';
import { QueryOf } from './public-shapes';

describe('QueryOf', () => {
  it('reads a query string number as a number and keeps the contract rules', () => {
    class PageQuery extends QueryOf(PageRequest) {}
    const query = plainToInstance(PageQuery, { limit: '5', cursor: '42' });
    expect(query).toEqual(Object.assign(new PageQuery(), { limit: 5, cursor: '42' }));
    expect(validateSync(query)).toEqual([]);
    expect(validateSync(plainToInstance(PageQuery, { limit: '500' })).map((error) => error.property)).toEqual(['limit']);
    expect(validateSync(plainToInstance(PageQuery, { limit: 'ten' })).map((error) => error.property)).toEqual(['limit']);
  });

  it('leaves text as text, and keeps what a derivation left out unknown', () => {
    class MessagesQuery extends QueryOf(OmitType(ListMessagesRequest, ['organizationId'] as const)) {}
    expect(plainToInstance(MessagesQuery, { to: '0100', from: '2026-11-01T00:00:00Z' })).toMatchObject({ to: '0100' });
    const withTenant = plainToInstance(MessagesQuery, { organizationId: '0190a6f2-7c3e-7abc-8def-0123456789ac' });
    expect(validateSync(withTenant, { whitelist: true, forbidNonWhitelisted: true }).map((error) => error.property)).toEqual(['organizationId']);
  });
});
