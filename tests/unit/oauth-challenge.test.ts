import { describe, expect, it } from 'vitest';
import { parseBearerChallenge } from '../../src/core/oauth/challenge';
import { resourceCovers } from '../../src/core/oauth/discovery';

describe('parseBearerChallenge', () => {
  it('reads resource_metadata, scope and error of the Bearer challenge', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="acp", resource_metadata="https://a.example/.well-known/oauth-protected-resource/acp", scope="acp read", error=invalid_token',
      ),
    ).toEqual({
      resourceMetadata: 'https://a.example/.well-known/oauth-protected-resource/acp',
      scope: 'acp read',
      error: 'invalid_token',
    });
  });

  it('finds the Bearer challenge among others, whatever the case of scheme and names', () => {
    expect(parseBearerChallenge('Basic realm="x", BEARER Resource_Metadata="https://m/x"')).toEqual({
      resourceMetadata: 'https://m/x',
    });
    expect(parseBearerChallenge('DPoP algs="ES256", Bearer')).toEqual({});
  });

  it('unescapes quoted strings and ignores a token68', () => {
    expect(parseBearerChallenge('Negotiate abc123==, Bearer error_description="say \\"no\\"", scope="a"')).toEqual({
      scope: 'a',
    });
  });

  it('is undefined without a Bearer challenge', () => {
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge('')).toBeUndefined();
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
  });
});

describe('resourceCovers', () => {
  it('accepts the URL itself or a path prefix on the same origin', () => {
    expect(resourceCovers('https://a.example/acp', 'https://a.example/acp')).toBe(true);
    expect(resourceCovers('https://a.example/', 'https://a.example/acp')).toBe(true);
    expect(resourceCovers('https://a.example', 'https://a.example/acp')).toBe(true);
    expect(resourceCovers('https://a.example/ac', 'https://a.example/acp')).toBe(false);
    expect(resourceCovers('https://b.example/acp', 'https://a.example/acp')).toBe(false);
    expect(resourceCovers('http://a.example/acp', 'https://a.example/acp')).toBe(false);
  });
});
