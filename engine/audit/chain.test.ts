import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashAuditLink, verifyAuditChain, type AuditLink } from './chain';

/** The same value with every object's keys inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', { d: 2, c: 1 }], é: 'ü' })).toBe(
      '{"a":[true,null,"x",{"c":1,"d":2}],"b":1,"é":"ü"}',
    );
  });

  it('follows JSON.stringify for dates, undefined, functions and non-finite numbers', () => {
    expect(canonicalJson({ at: new Date(0), gone: undefined, fn: () => 1, list: [undefined, NaN, -0] })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z","list":[null,null,0]}',
    );
  });

  it('refuses what has no JSON form', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/BigInt/);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('gives the same text whatever the key order, and after a JSON round trip (as through jsonb)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('verifyAuditChain', () => {
  function chain(length: number): AuditLink[] {
    const links: AuditLink[] = [];
    for (let seq = 1; seq <= length; seq++) {
      const prevHash = links.at(-1)?.hash ?? GENESIS_HASH;
      const content = {
        caseId: 'c1',
        seq,
        at: new Date(seq * 1000),
        actor: 'a',
        command: 'x',
        elementId: null,
        data: { seq },
      };
      links.push({ ...content, hash: hashAuditLink(prevHash, content) });
    }
    return links;
  }

  it('accepts an empty chain of a case with no events', () => {
    expect(verifyAuditChain([], { seq: 0, hash: null })).toEqual({ valid: true, events: 0 });
  });

  it('accepts an intact chain that ends at the recorded head', () => {
    const links = chain(3);
    expect(verifyAuditChain(links, { seq: 3, hash: links[2]!.hash })).toEqual({ valid: true, events: 3 });
  });

  it('treats an absent elementId like null', () => {
    const [link] = chain(1);
    const { elementId: _omitted, ...withoutElement } = link!;
    expect(hashAuditLink(GENESIS_HASH, withoutElement)).toBe(link!.hash);
  });

  it('hashes the same when the caller hands over the canonical JSON of the data', () => {
    const [link] = chain(1);
    const data = { z: [1, { b: 'x', a: null }], a: 'é' };
    const content = { ...link!, data };
    expect(hashAuditLink(GENESIS_HASH, content, undefined, canonicalJson(data))).toBe(
      hashAuditLink(GENESIS_HASH, content),
    );
  });

  it('reports events past the recorded head, and a head hash that differs', () => {
    const links = chain(3);
    expect(verifyAuditChain(links, { seq: 2, hash: links[1]!.hash }).brokenAt).toEqual({
      seq: 3,
      reason: 'event 3 is past the head the case records',
    });
    expect(verifyAuditChain(links, { seq: 3, hash: 'f'.repeat(64) }).brokenAt).toEqual({
      seq: 3,
      reason: 'last hash differs from the head the case records',
    });
  });

  it('links each event to the hash of the one before it, and the first to the fixed start', () => {
    const links = chain(3);
    expect(links[0]!.hash).toBe(hashAuditLink(GENESIS_HASH, links[0]!));
    expect(links[2]!.hash).toBe(hashAuditLink(links[1]!.hash, links[2]!));
    expect(links[2]!.hash).not.toBe(hashAuditLink(links[0]!.hash, links[2]!));
  });

  it('reports a removed event where it is missing', () => {
    const links = chain(4);
    expect(verifyAuditChain([links[0]!, links[2]!, links[3]!], { seq: 4, hash: links[3]!.hash }).brokenAt).toEqual({
      seq: 2,
      reason: 'event 2 is missing (next is 3)',
    });
  });

  it('reports a removed event whose successors were renumbered to close the gap', () => {
    const links = chain(4);
    const renumbered = [links[0]!, { ...links[2]!, seq: 2 }, { ...links[3]!, seq: 3 }];
    expect(verifyAuditChain(renumbered, { seq: 3, hash: links[3]!.hash }).brokenAt).toEqual({
      seq: 2,
      reason: 'hash does not match the event content',
    });
  });

  it('reports reordered events at the first one out of place', () => {
    const links = chain(4);
    const swapped = [links[0]!, { ...links[2]!, seq: 2 }, { ...links[1]!, seq: 3 }, links[3]!];
    expect(verifyAuditChain(swapped, { seq: 4, hash: links[3]!.hash }).brokenAt).toEqual({
      seq: 2,
      reason: 'prevHash is not the previous event hash',
    });
  });

  it('reports an inserted event, even one hashed onto the chain, where it was inserted', () => {
    const links = chain(3);
    const forged = { ...links[1]!, actor: 'mallory', data: { forged: true } };
    const inserted = { ...forged, hash: hashAuditLink(links[0]!.hash, forged) };
    const shifted = [links[0]!, inserted, { ...links[1]!, seq: 3 }, { ...links[2]!, seq: 4 }];
    expect(verifyAuditChain(shifted, { seq: 4, hash: links[2]!.hash }).brokenAt).toEqual({
      seq: 3,
      reason: 'prevHash is not the previous event hash',
    });
    const unhashed = [
      links[0]!,
      { ...forged, hash: links[1]!.hash },
      { ...links[1]!, seq: 3 },
      { ...links[2]!, seq: 4 },
    ];
    expect(verifyAuditChain(unhashed, { seq: 4, hash: links[2]!.hash }).brokenAt).toEqual({
      seq: 2,
      reason: 'prevHash is not the previous event hash',
    });
  });

  it('reports an event whose time was changed', () => {
    const links = chain(3);
    links[1] = { ...links[1]!, at: new Date(links[1]!.at.getTime() + 1) };
    expect(verifyAuditChain(links, { seq: 3, hash: links[2]!.hash }).brokenAt).toEqual({
      seq: 2,
      reason: 'hash does not match the event content',
    });
  });
});
