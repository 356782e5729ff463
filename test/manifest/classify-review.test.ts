import { describe, expect, it } from 'vitest';
import { rateDecision } from '../../src/manifest/classify-review.js';
import type { Classification } from '../../src/manifest/model.js';
import { makeOp, obj, str, type OpGiven } from './classify-helpers.js';

const none = { request: [], response: [] };
const c = (basis: Classification['basis'], tier: Classification['tier'], reason: string, extra: Partial<Classification> = {}): Classification => ({ tier, reason, basis, secrets: none, ...extra });

describe('rateDecision: the weakest decisions first', () => {
  const cases: [string, { given: OpGiven; c: Classification; score: number; note?: RegExp }][] = [
    ['a plain read with a secret-named field judged a look-alike', { given: { response: obj({ access_tokens_url: str(), id: str() }) }, c: c('plain', 'read', 'rule 3: GET, no secret material'), score: 1, note: /field access_tokens_url judged a look-alike/ }],
    ['an id, a type or a paging cursor is beyond doubt', { given: { response: obj({ token_type: str(), secret_id: str(), next_token: str() }) }, c: c('plain', 'read', 'rule 3'), score: 6 }],
    ['a plain read whose description speaks of passwords', { given: { description: 'Lists users and their password policy.', response: obj({ id: str() }) }, c: c('plain', 'read', 'rule 3'), score: 1, note: /speaks of "password"/ }],
    ['a plain read that mentions only how to authenticate is firm', { given: { description: 'You must authenticate with an access token.', response: obj({ id: str() }) }, c: c('plain', 'read', 'rule 3'), score: 6 }],
    ['a plain write whose name speaks of security configuration', { given: { method: 'POST', path: '/v1/roles', body: obj({ name: str() }) }, c: c('plain', 'write', 'rule 3: POST'), score: 1, note: /name speaks of "roles"/ }],
    ['a plain read whose summary speaks of a PIN', { given: { path: '/v1/rooms/{id}', summary: 'Get the room PIN settings', response: obj({ id: str() }) }, c: c('plain', 'read', 'rule 3'), score: 1, note: /name speaks of "pin"/ }],
    ['a GET whose summary says it runs something', { given: { path: '/api/perf/profile', summary: 'Run a load test', response: obj({ id: str() }) }, c: c('plain', 'read', 'rule 3'), score: 1, note: /a GET whose name starts with "run"/ }],
    ['a plain read with nothing near is firm', { given: { response: obj({ id: str(), name: str() }) }, c: c('plain', 'read', 'rule 3'), score: 6 }],
    ['an incidental secret kept in read', { given: { response: obj({ id: str() }) }, c: c('plain', 'read', 'rule 3', { redacts: ['temp_clone_token'] }), score: 2, note: /redacting temp_clone_token/ }],
    ['an escalation on doubt alone', { given: {}, c: c('doubt', 'sensitive-read', 'rule 5: response 200 has no content described'), score: 3 }],
    ['an escalation on a description phrase', { given: {}, c: c('evidence', 'sensitive-read', 'rule 4: response field x (description: "the password")'), score: 4 }],
    ['an escalation on a secret field name', { given: {}, c: c('evidence', 'sensitive-read', 'rule 4: response field password (secret field name)'), score: 5 }],
    ['format: password is firm', { given: {}, c: c('evidence', 'sensitive-write', 'rule 4: request field p (format: password)'), score: 6 }],
    ['a reviewed override is firm', { given: {}, c: c('reviewed', 'read', 'override: ok'), score: 6 }],
  ];
  it.each(cases)('%s', (_, { given, c: decision, score, note }) => {
    const got = rateDecision(makeOp(given), decision);
    expect(got.score).toBe(score);
    if (note) expect(got.notes.join('; ')).toMatch(note);
  });
});
