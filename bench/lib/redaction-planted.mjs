// The planted-secret corpus of `npm run redaction` (issue 12, "Must show"): response bodies in many shapes
// — JSON, text, HTML, BOM, invalid JSON, 4xx/5xx errors, nesting, arrays, secrets as object keys, env
// files, YAML, logs, URLs, percent-encoding, base64 — each carrying secrets a read server must never show.
// Every secret is a fresh random string, so finding any 10 characters of one in an answer is a leak.
import { seededRandom } from './measure.mjs';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The corpus: `{ shape, name, contentType, status, body, secrets }[]`; `secrets` are the strings that must
 * not appear in what the model is shown (the secret, and for encoded shapes the encoded carrier too).
 */
export function plantedCases() {
  // Seeded: the same corpus on every run.
  const random = seededRandom(12);
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const planted = [];
  /** A fresh secret: mixed case and digits, `n` characters, optionally after a vendor prefix. */
  const S = (prefix = '', n = 20, alphabet = ALNUM) => {
    let s;
    do s = pick(alphabet, n);
    while (alphabet === ALNUM && !(/\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)));
    planted.push(prefix + s);
    return prefix + s;
  };
  const digits = (n) => S('', n, '123456789');
  const b64 = (s) => Buffer.from(s).toString('base64');
  const pem = (label, body) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
  const cases = [];
  /** Add a case; the secrets are every S() made while building its body (plus `carriers`); `extra` sets a reason phrase or an encoding. */
  const add = (shape, name, contentType, status, build, carriers = () => [], extra = () => ({})) => {
    const from = planted.length;
    const body = build();
    cases.push({ shape, name, contentType, status, body, ...extra(), secrets: [...planted.slice(from), ...carriers(body)] });
  };
  const json = 'application/json';
  const text = 'text/plain';

  add('json', 'secret-named fields', json, 200, () => JSON.stringify({ name: 'db', password: S(), api_key: S(), client_secret: S(), db: { connection_uri: `postgres://app:${S()}@db:5432/x` } }));
  add('json', 'tokens in a list item', json, 200, () => JSON.stringify({ token: S(), refresh_token: S(), items: [{ access_key: S(), id: 'k-1' }] }));
  add('text-plain-json', 'JSON served as text/plain', text, 200, () => JSON.stringify({ name: 'db', password: S(), auth_token: S(), secret: S() }));
  add('text-plain-json', 'pretty JSON served as text/plain', text, 200, () => JSON.stringify({ service: { credentials: { user: 'app', pw: S() }, signing_key: S() } }, null, 2));
  add('html', 'JSON in <pre>, form fields, meta tags', 'text/html', 200, () =>
    `<html><head><meta name="api-key" content="${S()}"></head><body><pre>{"name":"db","password":"${S()}"}</pre>` +
    `<form><input type="hidden" name="csrf_token" value="${S()}"></form><p>DB_PASSWORD=${S()}</p></body></html>`);
  add('html', 'HTML-escaped JSON', 'text/html', 200, () => `<code>{&quot;token&quot;: &quot;${S()}&quot;, &quot;name&quot;: &quot;x&quot;}</code>`);
  add('bom-json', 'UTF-8 BOM before JSON', json, 200, () => `\uFEFF${JSON.stringify({ password: S(), token: S(), private_key: pem('PRIVATE KEY', S('', 64)) })}`);
  add('invalid-json', 'JSON cut off mid-object', json, 200, () => `{"password":"${S()}","nested":{"api_key":"${S()}","token":"${S()}"`);
  add('invalid-json', 'JSON with a trailing comma and an unquoted value', json, 200, () => `{"secret": ${S()}, "pin": ${digits(6)},}`);
  add('error-4xx', '401 without a message field', json, 401, () => JSON.stringify({ error: { code: 'bad', password: S(), session_token: S() } }));
  add('error-4xx', '403 errors list', json, 403, () => JSON.stringify({ errors: [{ detail: 'denied', client_secret: S() }] }));
  add('error-4xx', '400 message holding a key=value', json, 400, () => JSON.stringify({ message: `invalid login password=${S()}` }));
  add('error-4xx', '422 problem+json with secrets beside the message', 'application/problem+json', 422, () => JSON.stringify({ title: 'bad', detail: `token ${S('ghp_', 36)} is revoked`, private_key: pem('RSA PRIVATE KEY', S('', 64)) }));
  add('error-5xx', '500 text/plain with a URI and key=value', text, 500, () => `db connect failed: postgres://app:${S()}@db:5432/x password=${S()}`);
  add('error-5xx', '503 YAML-ish text', text, 503, () => `upstream:\n  token: ${S()}\n  host: api.internal\n`);
  add('error-5xx', '502 invalid JSON', json, 502, () => `{"error":"upstream","secret":"${S()}","dsn":"mysql://root:${S()}@10.0.0.1/db"`);
  add('error-5xx', '500 with a BOM', json, 500, () => `\uFEFF{"stack":"at connect","api_key":"${S()}"}`);
  add('nested', 'secrets 30 levels deep', json, 200, () => {
    let v = { password: S(), note: `retry with secret_key=${S()}`, items: [{ secret: S() }] };
    for (let i = 0; i < 30; i++) v = { [`level${i}`]: v };
    return JSON.stringify(v);
  });
  add('nested', 'secrets past the depth cut', json, 200, () => '{"a":'.repeat(300) + JSON.stringify({ password: S(), token: S() }) + '}'.repeat(300));
  add('array', 'a top-level array of records', json, 200, () => JSON.stringify([{ token: S() }, { token: S() }, { name: 'x', password: S() }, [`Bearer ${S()}`]]));
  add('object-key', 'secrets used as object keys', json, 200, () =>
    JSON.stringify({ grants: { [S('ghp_', 36)]: ['repo'] }, by_key: { [S('sk_live_', 24)]: 1 }, tokens: { [S()]: { scopes: 'read' } }, [`password=${S()}`]: true }));
  add('env', 'an env file', text, 200, () =>
    `# app\nDB_PASSWORD=${S()}\nexport API_KEY="${S()}"\nSECRET_KEY_BASE=${S()}\nREDIS_URL=redis://:${S()}@cache:6379/0\nSTRIPE=${S('sk_live_', 24)}\nPORT=8080\n`);
  add('yaml', 'YAML config with a block scalar', 'application/yaml', 200, () =>
    `database:\n  user: app\n  password: ${S()}\nsmtp:\n  pass: "${S()}"\ntls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    ${S('', 48)}\n    -----END PRIVATE KEY-----\ncredentials:\n  username: u\n  secret: ${S()}\n`);
  add('yaml', 'a Kubernetes Secret', 'application/yaml', 200, () =>
    `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(JSON.stringify({ auths: { 'r.io': { username: 'u', password: S() } } }))}\nstringData:\n  password: ${S()}\n`,
  (body) => [/dockerconfigjson: (\S+)/.exec(body)[1]]);
  add('log', 'log lines', text, 200, () =>
    [`2026-01-05T09:00:00Z INFO connect user=app password=${S()} host=db`, `2026-01-05T09:00:01Z DEBUG Authorization: Bearer ${S()}`,
      `2026-01-05T09:00:02Z DEBUG curl -H 'X-Api-Key: ${S()}' https://api`, `2026-01-05T09:00:03Z WARN retry token=${S()}`,
      `2026-01-05T09:00:04Z DEBUG Set-Cookie: session=${S()}; Path=/; HttpOnly`].join('\n'));
  add('log', 'JSON log lines', 'application/x-ndjson', 200, () => [JSON.stringify({ level: 'info', msg: 'login', password: S() }), JSON.stringify({ level: 'debug', headers: { authorization: `Basic ${b64(`u:${S()}`)}` } })].join('\n'),
    (body) => [/Basic ([A-Za-z0-9+/=]+)/.exec(body)[1]]);
  add('url', 'credentials in URLs under ordinary names', json, 200, () =>
    JSON.stringify({ endpoint: `redis://:${S()}@cache:6379`, link: `mysql://root:${S()}@10.0.0.1/db`, remote: `https://${S('', 32)}@github.com/o/r.git`, feed: `https://x.io/feed?token=${S()}&page=2`, odd: `postgres://app:p@${S()}@db/x` }));
  add('url', 'JSON-escaped slashes', json, 200, () => `{"endpoint":"amqp:\\/\\/guest:${S()}@mq:5672\\/"}`);
  add('url-encoded', 'percent-encoded connection URIs', json, 200, () =>
    JSON.stringify({ next: `https://x.io/cb?db=${encodeURIComponent(`postgres://app:${S()}@db:5432/x`)}`, twice: encodeURIComponent(encodeURIComponent(`redis://:${S()}@cache`)) }));
  add('base64', 'base64-wrapped secrets', json, 200, () =>
    JSON.stringify({ blob: b64(`postgres://app:${S()}@db:5432/x`), env: b64(`API_KEY=${S()}\nX=1\n`), cfg: b64(`${pem('EC PRIVATE KEY', S('', 40))}\n`), url_safe: Buffer.from(`token: ${S()}`).toString('base64url') }),
  (body) => Object.values(JSON.parse(body)));
  add('presigned-url', 'S3, GCS and Azure SAS signatures', json, 200, () =>
    JSON.stringify({
      download: `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=60&X-Amz-Signature=${S('', 64, '0123456789abcdef')}`,
      gcs: `https://storage.googleapis.com/b/o?X-Goog-Expires=900&X-Goog-Signature=${S('', 64, '0123456789abcdef')}`,
      azure: `https://a.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=${S()}%3D`,
      cloudfront: `https://d1.cloudfront.net/v.mp4?Expires=1767225600&Signature=${S('', 40)}&Key-Pair-Id=K2JCJMDEHXQW5F`,
    }));
  add('connection-string', 'Azure and .NET connection strings', json, 200, () =>
    JSON.stringify({ conn: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${S('', 44)}==;EndpointSuffix=core.windows.net`, sb: `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${S()}`, mssql: `Server=db;Database=app;User Id=sa;Password=${S()};` }));
  add('vendor-token', 'known token formats in prose', json, 200, () =>
    JSON.stringify({ note: `use ${S('ghp_', 36)} or ${S('sk_live_', 24)}, Slack ${S('xoxb-', 24)}, GitLab ${S('glpat-', 20)}, npm ${S('npm_', 36)}, Google ${S('AIza', 35)}`, jwt: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI${S('', 12)}.${S('', 43)}` }));
  add('aws-pair', 'an AWS key pair under ordinary names', json, 200, () => JSON.stringify({ id: `AKIA${S('', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, key: S('', 40) }));
  add('aws-pair', 'an AWS credentials CSV', 'text/csv', 200, () => `User name,Access key ID,Secret access key\nci,AKIA${S('', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')},${S('', 40)}\n`);
  add('twilio-pair', 'a Twilio API key and its secret', json, 200, () => {
    const sid = `SK${pick('0123456789abcdef', 32)}`;
    return JSON.stringify({ sid, friendly_name: 'ci', k: S('', 32), basic: `${sid}:${S('', 32)}` });
  });
  add('pgp', 'PGP private key blocks', json, 200, () => JSON.stringify({ armored: pem('PGP PRIVATE KEY BLOCK', `\n${S('', 64)}\n=${S('', 4)}`) }));
  add('pgp', 'a PEM block without its END line', text, 200, () => `key follows\n-----BEGIN OPENSSH PRIVATE KEY-----\n${S('', 70)}\n${S('', 70)}`);
  add('blind-names', 'names the table does not flag', json, 200, () =>
    JSON.stringify({ db_pass: S(), rootPass: S(), card: { pin: digits(4) }, passcode: digits(6), sas: `sv=2022&sig=${S()}`, webhook_url: `https://hooks.example.com/services/${S()}`, '.dockerconfigjson': b64(`{"auths":{"r.io":{"auth":"${b64(`u:${S()}`)}"}}}`) }),
  (body) => [JSON.parse(body)['.dockerconfigjson']]);
  add('xml', 'XML elements named like secrets', 'application/xml', 200, () => `<config><user>app</user><password>${S()}</password><apiKey>${S()}</apiKey><Credentials><SecretAccessKey>${S()}</SecretAccessKey></Credentials></config>`);
  add('json-in-string', 'JSON and YAML inside string values', json, 200, () =>
    JSON.stringify({ payload: JSON.stringify({ password: S(), token: S() }), manifest: `apiVersion: v1\nstringData:\n  password: ${S()}\n` }));
  add('webhook-url', 'incoming-webhook URLs under any name', json, 200, () =>
    JSON.stringify({ target: `https://hooks.slack.com/services/T0ABC/B0DEF/${S('', 24)}`, discord: `https://discord.com/api/webhooks/1234567/${S('', 40)}`, teams: `https://acme.webhook.office.com/webhookb2/${S()}` }));
  add('big-numbers', 'secrets beside numbers a double cannot hold', json, 200, () => `{"id":1234567890123456789,"otp":${digits(6)},"pin":${digits(20)},"password":"${S()}","big":1e400}`);
  add('headers', 'a dump of request headers', text, 200, () => `GET / HTTP/1.1\nHost: api\nAuthorization: Basic ${b64(`admin:${S()}`)}\nCookie: sid=${S()}; theme=dark\nX-Auth-Token: ${S()}\n`,
    (body) => [/Basic (\S+)/.exec(body)[1]]);
  const utf16 = () => ({ encoding: 'utf16le' });
  add('utf-16', 'UTF-16 JSON with a byte-order mark', 'application/json; charset=utf-16', 200, () => `\uFEFF${JSON.stringify({ name: 'db', password: S(), token: S() })}`, undefined, utf16);
  add('utf-16', 'UTF-16 text, no mark, no charset', 'text/plain', 500, () => `db failed: password=${S()}`, undefined, utf16);
  add('status-line', 'a secret in the reason phrase', 'text/plain', 401, () => 'denied', undefined, () => ({ statusText: `token=${S()}` }));
  // The content type is fixed before the body: its secret is planted by hand.
  const typed = S();
  cases.push({ shape: 'status-line', name: 'a secret in the content type of a binary body', contentType: `application/octet-stream; api_key=${typed}`, status: 200, body: 'binary', secrets: [typed] });
  return cases;
}

/** The RawResponse the server's send step would make of a case. */
export function rawResponse(c) {
  return { status: c.status, statusText: c.statusText ?? '', contentType: c.contentType, body: Buffer.from(c.body, c.encoding ?? 'utf8'), path: '/v1/corpus' };
}

/** Answer an HTTP request with a case, as a platform would. */
export function serveCase(res, c) {
  res.writeHead(c.status, c.statusText ?? undefined, { 'content-type': c.contentType });
  res.end(Buffer.from(c.body, c.encoding ?? 'utf8'));
}

/**
 * The secrets of `secrets` that `shown` shows: the whole string, or any 10 characters of it in a row, also
 * once NULs are dropped (UTF-16 read as UTF-8 puts one between each letter, and a model still reads it).
 */
export function shownSecrets(shown, secrets) {
  const hay = [shown, unescapeJson(shown)].flatMap((h) => [h, h.replace(/\u0000|\\u0000/g, '')]);
  return secrets.filter((s) => {
    if (s.length <= 10) return hay.some((h) => h.includes(s));
    for (let i = 0; i + 10 <= s.length; i++) if (hay.some((h) => h.includes(s.slice(i, i + 10)))) return true;
    return false;
  });
}

const unescapeJson = (s) => s.replace(/\\(["\\/])/g, '$1').replace(/\\n/g, '\n');

/** Everything a tool result shows the model, as one string. */
export function resultText(result) {
  return result.content.map((c) => c.text).join('\n') + (result.structuredContent ? JSON.stringify(result.structuredContent) : '');
}

/**
 * Run each case through `answer(case) → tool result` and tally per shape: secrets planted, secrets shown.
 * @returns {Promise<{ shapes: Map<string, { cases: number; secrets: number; shown: string[] }>; secrets: number; shown: number }>}
 */
export async function measurePlanted(cases, answer) {
  const shapes = new Map();
  let secrets = 0;
  let shown = 0;
  for (const c of cases) {
    const leaks = shownSecrets(resultText(await answer(c)), c.secrets);
    const row = shapes.get(c.shape) ?? { cases: 0, secrets: 0, shown: [] };
    row.cases++;
    row.secrets += c.secrets.length;
    row.shown.push(...leaks.map((s) => `${c.name}: ${s.slice(0, 8)}…`));
    shapes.set(c.shape, row);
    secrets += c.secrets.length;
    shown += leaks.length;
  }
  return { shapes, secrets, shown };
}
