import { ProviderTemplate } from '@zagel/contracts';
import { BatchTemplateChoices, chooseTemplate } from './provider-template-choice';

const template: ProviderTemplate = { providerCodes: { smsir: '100200', 'kave-main': 'verify' }, variables: [{ name: 'code', value: '1234' }] };
const withApi = { sendTemplate: async () => ({ providerMessageId: '1' }) };
const smsir = { name: 'smsir-1', kind: 'smsir' };
const kavenegar = { name: 'kave-main', kind: 'kavenegar' };
const otherKavenegar = { name: 'kave-2', kind: 'kavenegar' };

describe('chooseTemplate', () => {
  it('uses the code for the account name, then for its kind', () => {
    expect(chooseTemplate(template, withApi, kavenegar, [])).toEqual({ send: 'template', code: 'verify' });
    expect(chooseTemplate(template, withApi, smsir, [])).toEqual({ send: 'template', code: '100200' });
  });

  it('passes over a provider without a code while a later one has a code, else sends the text', () => {
    expect(chooseTemplate(template, withApi, otherKavenegar, [smsir])).toEqual({ send: 'nothing', reason: 'template_code_missing' });
    expect(chooseTemplate(template, withApi, otherKavenegar, [{ name: 'twilio', kind: 'twilio' }])).toEqual({ send: 'text' });
  });

  it('sends the text through providers without a template API and for messages without a template', () => {
    expect(chooseTemplate(template, {}, { name: 'smsir', kind: 'smsir' }, [])).toEqual({ send: 'text' });
    expect(chooseTemplate(undefined, withApi, smsir, [])).toEqual({ send: 'text' });
  });
});

describe('BatchTemplateChoices', () => {
  it("makes chooseTemplate's choice once per chain and position, whatever the recipient", async () => {
    const accounts = new Map(Object.entries({ a: otherKavenegar, b: smsir }));
    const catalog = { account: jest.fn(async (id: string) => accounts.get(id) as never), adapterFor: () => withApi as never };
    const choices = new BatchTemplateChoices(catalog);
    const first = await choices.of(template, ['a', 'b'], 0, otherKavenegar as never);
    const again = await choices.of({ ...template, variables: [{ name: 'code', value: '9876' }] }, ['a', 'b'], 0, otherKavenegar as never);
    expect([first, again]).toEqual([{ send: 'nothing', reason: 'template_code_missing' }, { send: 'nothing', reason: 'template_code_missing' }]);
    expect(await choices.of(template, ['a', 'b'], 1, smsir as never)).toEqual({ send: 'template', code: '100200' });
    expect(await choices.of(template, ['a'], 0, otherKavenegar as never)).toEqual({ send: 'text' });
    expect(catalog.account).toHaveBeenCalledTimes(1);
  });
});
