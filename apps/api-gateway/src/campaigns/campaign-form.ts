import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CampaignOptions } from '@zagel/contracts';
import { ProblemException, problem } from '../problem-details/problem';
import { validationFailed } from '../problem-details/problem-details.errors';

const BOOLEAN_FIELDS = new Set(['allowDuplicates', 'start']);
const INTEGER_FIELDS = new Set(['ratePerSecond', 'templateVersion']);
const JSON_FIELDS = new Set(['sendWindow']);

function fieldValue(name: string, text: string): unknown {
  if (BOOLEAN_FIELDS.has(name)) return text === 'true' ? true : text === 'false' ? false : text;
  if (INTEGER_FIELDS.has(name)) return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
  if (JSON_FIELDS.has(name)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The options of `POST /v1/campaigns`, from form fields (text, read as the contract's types) and an
 * optional JSON `options` part, checked once here by the contract's own rules.
 */
export class CampaignForm {
  private readonly values: Record<string, unknown> = {};

  add(name: string, text: string): void {
    if (name !== 'options') {
      this.values[name] = fieldValue(name, text);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ProblemException(problem(400, 'validation_failed', 'The options part is not JSON.'));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ProblemException(problem(400, 'validation_failed', 'The options part must be a JSON object.'));
    }
    Object.assign(this.values, parsed);
  }

  async options(): Promise<CampaignOptions> {
    const options = plainToInstance(CampaignOptions, this.values);
    const errors = await validate(options, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationFailed(errors);
    return { ...this.values } as CampaignOptions;
  }
}
