import { describe, expect, it } from 'vitest';
import { deriveToolset } from '../../src/codegen/toolsets.js';

describe('deriveToolset: the first tag, else the first path segment after versions', () => {
  it.each<[string, { tags?: string[]; path: string; want: string }]>([
    ['GitHub tag', { tags: ['code-scanning'], path: '/repos/{owner}/{repo}/code-scanning/alerts', want: 'code-scanning' }],
    ['first of several tags', { tags: ['pulls', 'repos'], path: '/x', want: 'pulls' }],
    ['a tag with spaces and capitals', { tags: ['Task Instance'], path: '/x', want: 'task-instance' }],
    ['Kubernetes group tag without its version', { tags: ['core_v1'], path: '/api/v1/pods', want: 'core' }],
    ['Argo CD: the Service suffix goes', { tags: ['ApplicationSetService'], path: '/api/v1/applicationsets', want: 'application-set' }],
    ['Twilio: the api prefix and the date go', { tags: ['Api20100401IncomingPhoneNumber'], path: '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', want: 'incoming-phone-number' }],
    ['no tag: the first path segment', { path: '/v1/clusters/{cluster}/nodes', want: 'clusters' }],
    ['no tag: api and version segments skipped', { path: '/api/v2/dagRuns/{id}', want: 'dag-runs' }],
    ['no tag: a file extension dropped', { path: '/2010-04-01/Accounts.json', want: 'accounts' }],
    ['no tag and only a parameter', { path: '/{id}', want: 'other' }],
    ['the root path', { path: '/', want: 'other' }],
  ])('%s', (_, { tags, path, want }) => {
    expect(deriveToolset({ tags: tags ?? [], path })).toBe(want);
  });
});
