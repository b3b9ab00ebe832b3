import { afterEach, describe, expect, it } from 'vitest';
import { requiredEnv } from '#commons/env.ts';

describe('required configuration from the environment', () => {
  afterEach(() => {
    delete process.env.SYNDICATE_TEST_SETTING;
  });

  it('is the variable’s value when set', () => {
    process.env.SYNDICATE_TEST_SETTING = 'value';
    expect(requiredEnv('SYNDICATE_TEST_SETTING')).toBe('value');
  });

  it('names the missing variable when unset or empty', () => {
    expect(() => requiredEnv('SYNDICATE_TEST_SETTING')).toThrow('environment variable SYNDICATE_TEST_SETTING is not set');
    process.env.SYNDICATE_TEST_SETTING = '';
    expect(() => requiredEnv('SYNDICATE_TEST_SETTING')).toThrow('SYNDICATE_TEST_SETTING is not set');
  });
});
