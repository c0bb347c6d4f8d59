import { canaryText, canaryTokensIn, newCanaryToken } from './canary-texts';

describe('canary texts', () => {
  it('carries an unguessable token that is found again in the text, and only it', () => {
    const tokens = new Set(Array.from({ length: 1_000 }, () => newCanaryToken()));
    expect(tokens.size).toBe(1_000);
    for (const token of [...tokens].slice(0, 50)) {
      const text = canaryText(token);
      expect(canaryTokensIn(text)).toEqual([token]);
    }
  });

  it('reads like ordinary traffic: no code, no mention of a test', () => {
    for (let index = 0; index < 50; index += 1) {
      const text = canaryText(newCanaryToken());
      expect(text).not.toMatch(/code|canary|test|zagel|verif/i);
      expect(text.length).toBeLessThanOrEqual(160);
    }
  });

  it('finds nothing in everyday text', () => {
    expect(canaryTokensIn('STOP')).toEqual([]);
    expect(canaryTokensIn('See you TOMORROW at 10, ok?')).toEqual([]);
  });
});
