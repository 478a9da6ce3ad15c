import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config';

describe('configuration', () => {
  it('has defaults that start the embedded database', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(c.LOG_LEVEL).toBe('info');
  });
  it('names every bad variable in one message', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_BASE_URL: 'ftp://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'PUBLIC_BASE_URL']);
      expect((e as Error).message).toMatch(/PORT/);
    }
  });
  it('drops a trailing slash from the public base URL', () => {
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://trace.example.vn/' }).PUBLIC_BASE_URL).toBe(
      'https://trace.example.vn',
    );
  });
});
