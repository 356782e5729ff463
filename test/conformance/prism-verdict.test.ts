// The conformance run is only as good as its instrument: these tests show that Prism, behind the
// recording proxy, does flag each kind of bad request (so "0 violations" can fail), and that the
// validator copy keeps what Prism needs.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot, specsDir } from '../../src/core/paths.js';

interface Violation { location: string[]; code: string | number; message: string }
interface RecordedRequest { method: string; url: string; status: number; violations: Violation[] }
interface Proxy { url: string; records: RecordedRequest[]; close(): Promise<void> }
interface Prism { url: string; close(): Promise<void> }

const lib = (name: string): string => pathToFileURL(join(packageRoot(), 'bench', 'lib', name)).href;
const { readViolations, startRecordingProxy } = (await import(lib('recording-proxy.mjs'))) as {
  readViolations(status: number, headers: Headers, text: string): Violation[];
  startRecordingProxy(o: { target: string; basePath?: string }): Promise<Proxy>;
};
const { startPrism } = (await import(lib('prism.mjs'))) as { startPrism(spec: string): Promise<Prism> };
const { writeValidatorCopy } = (await import(lib('validator-copy.mjs'))) as {
  writeValidatorCopy(src: string, out: string): Promise<{ swagger2: boolean; responsesStubbed: number; foreignRefs: number; pruned: number }>;
};
const { sampleOf } = (await import(lib('conformance-doc.mjs'))) as { sampleOf<T>(items: T[], n: number, seed: number): T[] };

describe('readViolations (Prism verdicts)', () => {
  const cases: [string, { status: number; headers: Record<string, string>; text?: string; want: string[] }][] = [
    ['a clean 200', { status: 200, headers: {}, want: [] }],
    ['query type error', { status: 422, headers: { 'sl-violations': '[{"location":["request","query","limit"],"severity":"Error","code":"type","message":"m"}]' }, want: ['request.query.limit'] }],
    ['response-side warnings are not request violations', { status: 200, headers: { 'sl-violations': '[{"location":["response","body"],"severity":"Error","code":"x","message":"m"},{"location":["request","query"],"severity":"Warning","code":"x","message":"m"}]' }, want: [] }],
    ['unknown path', { status: 404, headers: {}, text: '{"type":"https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR","title":"Route not resolved"}', want: ['request.path'] }],
    ['a made-up 422 with its validation list', { status: 422, headers: {}, text: '{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","validation":[{"location":["query","limit"],"severity":"Error","code":"type","message":"m"},{"location":["body"],"severity":"Error","code":"required","message":"m"}]}', want: ['request.query.limit', 'request.body'] }],
    ['a security failure', { status: 401, headers: {}, text: '{"type":"https://stoplight.io/prism/errors#UNAUTHORIZED","title":"Invalid security scheme used"}', want: ['request.security'] }],
    ['Prism failing to mock a response is no verdict', { status: 500, headers: {}, text: '{"type":"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT"}', want: [] }],
    ['a mocked 404 of the document is no violation', { status: 404, headers: {}, text: '{"message":"Not Found"}', want: [] }],
    ['unparsable header still counts', { status: 422, headers: { 'sl-violations': 'not json' }, want: ['request'] }],
  ];
  it.each(cases)('%s', (_name, { status, headers, text, want }) => {
    expect(readViolations(status, new Headers(headers), text ?? '').map((v) => v.location.join('.'))).toEqual(want);
  });
});

describe('sampleOf', () => {
  const items = Array.from({ length: 300 }, (_, i) => i);
  it('is seeded, sized, ordered and without repeats', () => {
    const a = sampleOf(items, 100, 1);
    expect(a).toEqual(sampleOf(items, 100, 1));
    expect(a).not.toEqual(sampleOf(items, 100, 2));
    expect(new Set(a).size).toBe(100);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });
  it('takes everything when there are fewer items', () => {
    expect(sampleOf(items.slice(0, 7), 100, 1)).toEqual(items.slice(0, 7));
  });
});

const petstore = join(specsDir(), 'petstore.yaml');
describe.skipIf(!existsSync(petstore))(`Prism behind the recording proxy flags bad requests (needs ${petstore}; set RUNOS_SPECS_DIR)`, () => {
  let work: string;
  let prism: Prism;
  let proxy: Proxy;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'runos-prism-'));
    const copy = join(work, 'petstore.json');
    await writeValidatorCopy(petstore, copy);
    prism = await startPrism(copy);
    // petstore's server URL is http://petstore.swagger.io/v1: runos sends /v1/pets, Prism routes /pets
    proxy = await startRecordingProxy({ target: prism.url, basePath: '/v1' });
  }, 90_000);
  afterAll(async () => {
    await proxy?.close();
    await prism?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const json = { 'content-type': 'application/json' };
  const cases: [string, { method: string; path: string; headers?: Record<string, string>; body?: string; want: string[] }][] = [
    ['a valid list with a query', { method: 'GET', path: '/v1/pets?limit=5', want: [] }],
    ['a valid path parameter', { method: 'GET', path: '/v1/pets/42', want: [] }],
    ['a valid JSON body', { method: 'POST', path: '/v1/pets', headers: json, body: '{"id":1,"name":"rex"}', want: [] }],
    ['a query of the wrong type', { method: 'GET', path: '/v1/pets?limit=many', want: ['request.query.limit'] }],
    ['a body missing required fields', { method: 'POST', path: '/v1/pets', headers: json, body: '{"tag":"x"}', want: ['request.body', 'request.body'] }],
    ['a path of no operation', { method: 'GET', path: '/v1/owners', want: ['request.path'] }],
    ['a method of no operation', { method: 'DELETE', path: '/v1/pets', want: ['request.path'] }],
    ['a request without the base path', { method: 'GET', path: '/pets', want: ['request.path'] }],
  ];
  it.each(cases)('%s', async (_name, { method, path, headers, body, want }) => {
    const before = proxy.records.length;
    await (await fetch(proxy.url + path, { method, headers, body })).text();
    const recs = proxy.records.slice(before);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.url).toBe(path);
    expect(recs[0]!.violations.map((v) => v.location.slice(0, 3).join('.')).map((l) => l.replace(/\.(limit|petId)$/, '.$1'))).toEqual(want);
  });
});

const github = join(specsDir(), 'github-api.json');
describe.skipIf(!existsSync(github))(`the validator copy (needs ${github}; set RUNOS_SPECS_DIR)`, () => {
  it('renames GitHub\'s data-only $refs, stubs every response, keeps every operation and request schema', async () => {
    const work = await mkdtemp(join(tmpdir(), 'runos-vcopy-'));
    try {
      const out = join(work, 'copy.json');
      const r = await writeValidatorCopy(github, out);
      expect(r.foreignRefs).toBeGreaterThan(0);
      expect(r.responsesStubbed).toBe(874);
      const copy = JSON.parse(await readFile(out, 'utf8'));
      const orig = JSON.parse(await readFile(github, 'utf8'));
      expect(Object.keys(copy.paths)).toEqual(Object.keys(orig.paths));
      expect(JSON.stringify(copy)).not.toMatch(/"\$ref":"https?:/);
      // request side untouched: the same parameters and request bodies, operation by operation
      const pick = (d: any) => Object.entries(d.paths).map(([p, item]: [string, any]) => [p, item.parameters, item.post?.requestBody, item.get?.parameters]);
      expect(pick(copy)).toEqual(pick(orig));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});

const styles = join(packageRoot(), 'test', 'conformance', 'fixtures', 'styles.openapi.yaml');
describe('Prism flags bad serialisations of the styles fixture (headers, matrix, form encodings, multipart)', () => {
  let work: string;
  let prism: Prism;
  let proxy: Proxy;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'runos-prism-styles-'));
    const copy = join(work, 'styles.json');
    await writeValidatorCopy(styles, copy);
    prism = await startPrism(copy);
    proxy = await startRecordingProxy({ target: prism.url, basePath: '/api' });
  }, 90_000);
  afterAll(async () => {
    await proxy?.close();
    await prism?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const auth = { authorization: 'Bearer t' };
  const okHeaders = { ...auth, 'x-request-id': '92bd3bd2-ee26-4e68-be6a-22192fd6f92a', 'x-tags': 'ab,cd', 'x-point': 'x,1,y,2' };
  const formType = { ...auth, 'content-type': 'application/x-www-form-urlencoded' };
  const cases: [string, { method?: string; path: string; headers: Record<string, string>; body?: string | FormData; want: string[] }][] = [
    ['headers as OpenAPI serialises them', { path: '/api/headers', headers: { ...okHeaders, 'x-count': '3' }, want: [] }],
    ['a header of the wrong type', { path: '/api/headers', headers: { ...okHeaders, 'x-count': 'three' }, want: ['request.header.x-count'] }],
    ['an object header in the wrong style', { path: '/api/headers', headers: { ...okHeaders, 'x-point': 'x=1,y=2' }, want: ['request.header.x-point'] }],
    ['a matrix path as OpenAPI serialises it', { path: '/api/matrix/;id=1;id=2', headers: auth, want: [] }],
    ['a matrix path of the wrong type', { path: '/api/matrix/;id=a', headers: auth, want: ['request.path.id'] }],
    ['a comma-encoded form array', { method: 'POST', path: '/api/form', headers: formType, body: 'name=x&tags=ab%2Ccd', want: [] }],
    ['a form array in the wrong encoding', { method: 'POST', path: '/api/form', headers: formType, body: 'name=x&tags=AB', want: ['request.body.tags'] }],
    ['a multipart field of the wrong type', { method: 'POST', path: '/api/multipart', headers: auth, body: (() => { const f = new FormData(); f.set('title', 't'); f.set('pages', 'many'); return f; })(), want: ['request.body.pages'] }],
  ];
  it.each(cases)('%s', async (_name, { method, path, headers, body, want }) => {
    const before = proxy.records.length;
    await (await fetch(proxy.url + path, { method: method ?? 'GET', headers, body })).text();
    const recs = proxy.records.slice(before);
    expect(recs).toHaveLength(1);
    expect([...new Set(recs[0]!.violations.map((v) => v.location.slice(0, 3).join('.')))]).toEqual(want);
  });
});
