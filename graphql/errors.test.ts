import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../engine';
import { GraphQLError } from './graphql-js';
import { maskError, withCodedErrors } from './errors';
import { LimitExceededError } from '../engine/commands/errors';

describe('errors a user can cause', () => {
  const engine = withCodedErrors({
    find: async (id: string) => {
      throw new NotFoundError('Case', id);
    },
    check: () => {
      throw ValidationError.ofFields('The form', [{ path: 'email', message: 'is not an email address' }]);
    },
    crash: async () => {
      throw new Error('connection reset by peer at 10.0.0.7');
    },
  });

  it('arrive from the engine as coded GraphQL errors', async () => {
    await expect(engine.find('c-1')).rejects.toMatchObject({
      message: 'Case "c-1" was not found',
      extensions: { code: 'NOT_FOUND' },
    });
    expect(() => engine.check()).toThrow(GraphQLError);
    try {
      engine.check();
    } catch (error) {
      expect((error as GraphQLError).extensions).toEqual({
        code: 'VALIDATION',
        fields: [{ path: 'email', message: 'is not an email address' }],
      });
    }
  });

  it('a limit passed is LIMIT_EXCEEDED (HTTP 413), naming the limit, its setting and the variable', () => {
    const limited = withCodedErrors({
      start: () => {
        throw new LimitExceededError(
          'valueBytes',
          'REBAZ_MAX_VALUE_BYTES',
          65_536,
          'The start sends more than 65536 bytes in essay',
          'essay',
        );
      },
    });
    expect(() => limited.start()).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/essay.*REBAZ_MAX_VALUE_BYTES/),
        extensions: {
          code: 'LIMIT_EXCEEDED',
          limit: 'valueBytes',
          setting: 'REBAZ_MAX_VALUE_BYTES',
          max: 65_536,
          fields: [{ path: 'essay', message: 'passes REBAZ_MAX_VALUE_BYTES' }],
          http: { status: 413 },
        },
      }),
    );
  });

  it('keep their code through masking; anything else is masked', async () => {
    const forbidden = new GraphQLError('wrapped', {
      originalError: new ForbiddenError('clara may not cancel case c-1'),
    });
    expect(maskError(forbidden, 'Unexpected error.')).toMatchObject({
      message: 'clara may not cancel case c-1',
      extensions: { code: 'FORBIDDEN' },
    });
    const crash = await engine.crash().catch((error: unknown) => error);
    const masked = maskError(
      new GraphQLError('wrapped', { originalError: crash as Error }),
      'Unexpected error.',
      false,
    );
    expect(masked.message).toBe('Unexpected error.');
    expect(JSON.stringify(masked)).not.toContain('10.0.0.7');
  });

  it('a database that cannot be reached is SERVICE_UNAVAILABLE (HTTP 503), saying where nothing is', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
    const blocked = Object.assign(new Error('database "rebaz" is not currently accepting connections'), {
      code: '55000',
    });
    for (const cause of [terminated, refused, blocked, new Error('Connection terminated unexpectedly')]) {
      const masked = maskError(new GraphQLError('wrapped', { originalError: cause }), 'Unexpected error.', false);
      expect(masked).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
      expect(masked.message).toMatch(/database is unavailable.*retry/);
      expect(masked.message).not.toContain('10.0.0.7');
    }
  });

  it('a value the database cannot hold is VALIDATION, never an outage, and says nothing of the statement', async () => {
    const nul = Object.assign(new Error("select … where business_key = 'a' - invalid message format"), {
      code: '08P01',
    });
    const untranslatable = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    const range = Object.assign(new Error('value "100000000000000000000" is out of range for type bigint'), {
      code: '22003',
    });
    for (const cause of [nul, untranslatable, range]) {
      const masked = maskError(new GraphQLError('wrapped', { originalError: cause }), 'Unexpected error.', false);
      expect(masked).toMatchObject({ extensions: { code: 'VALIDATION' } });
      expect(masked.message).toMatch(/correct the value/);
      expect(masked.message).not.toMatch(/select|business_key/);
      const thrown = await withCodedErrors({ run: async () => Promise.reject(cause) })
        .run()
        .catch((error: unknown) => error);
      expect(thrown).toMatchObject({ extensions: { code: 'VALIDATION' } });
    }
  });
});
