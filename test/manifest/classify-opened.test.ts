/**
 * What sets 17 and 20 taught, opened whole for tuning after their one clean scoring (and after set 21 was fixed
 * and given to its reviewers), then sets 18 and 19 (opened after set 21 was scored once), then sets 21 and 23
 * (opened after set 24 was fixed), then sets 22 and 24 (opened after set 25 was fixed), then set 25 (opened after
 * set 26 was fixed), then sets 26, 27 and 28 (each opened after the next set was fixed): one case per general rule,
 * each failing without it, with the look-alikes the rule must leave alone. The rule numbers are CLASSIFICATION.md's.
 * Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/manifest/classify.js';
import type { Schema } from '../../src/manifest/model.js';
import { checkCase, makeDoc, makeOp, obj, str, type Case, type OpGiven } from './classify-helpers.js';

// AWS's way of putting a description beside a `$ref`.
const described = (description: string): Schema => ({ allOf: [{ type: 'string' }, { description }] });

describe('a look-alike field whose description says it is a signed or short-lived link (rule 3)', () => {
  const cases: Case[] = [
    ['a `Location` valid for minutes', { given: { path: '/layers/{name}/versions/{n}', operationId: 'GetLayerVersion', response: obj({ Content: obj({ Location: described('A link to the layer archive in Amazon S3 that is valid for 10 minutes.'), CodeSha256: str() }) }) }, want: { tier: 'sensitive-read', reason: /Content\.Location \(description: "link to the layer archive .* valid for 10 minutes"\)/ } }],
    ['…not a `Location` that is a place', { given: { path: '/sites/{id}', operationId: 'GetSite', response: obj({ Location: described('The region the site runs in, valid for the whole account.'), Name: str() }) }, want: { tier: 'read' } }],
    ['…nor a look-alike described with a validity that is no link', { given: { path: '/offers/{id}', operationId: 'GetOffer', response: obj({ Status: described('The offer is valid for 10 minutes after it is made.') }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('signing configuration is security configuration (rules 5–6): code signing, DNSSEC', () => {
  const cases: Case[] = [
    ['a code signing configuration created', { given: { method: 'POST', path: '/2020-04-22/code-signing-configs/', operationId: 'CreateCodeSigningConfig', body: obj({ Description: str(), AllowedPublishers: obj({ SigningProfileVersionArns: { type: 'array', items: str() } }) }) }, want: { tier: 'sensitive-write', reason: /"signing"/ } }],
    ['DNSSEC signing enabled for a zone', { given: { method: 'POST', path: '/2013-04-01/hostedzone/{Id}/enable-dnssec', operationId: 'EnableHostedZoneDNSSEC' }, want: { tier: 'sensitive-write', reason: /"dnssec"/ } }],
    ['…not a signing profile read', { given: { path: '/signing-profiles/{name}', operationId: 'GetSigningProfile', response: obj({ profileName: str(), platformId: str() }) }, want: { tier: 'read' } }],
    ['…nor an ordinary DNS record write', { given: { method: 'POST', path: '/2013-04-01/hostedzone/{Id}/rrset', operationId: 'ChangeResourceRecordSets', body: obj({ Name: str(), Type: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an operation that says it hands out a short-lived credential (rule 3)', () => {
  const cases: Case[] = [
    ['a short-lived certificate to sign in with', { given: { method: 'POST', path: '/v1/projects/{p}/instances/{i}:generateEphemeralCert', operationId: 'sql.connect.generateEphemeral', description: 'Generates a short-lived X509 certificate containing the provided public key and signed by a private key specific to the target instance.', body: obj({ public_key: str() }), response: obj({ ephemeralCert: obj({ cert: str(), commonName: str() }) }) }, want: { tier: 'sensitive-write', reason: /short-lived x509 certificate/ } }],
    ['…not a temporary table', { given: { method: 'POST', path: '/v1/queries', operationId: 'runQuery', description: 'Creates a temporary table holding the results.', body: obj({ sql: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('registering an SSH public key as a login (rule 6)', () => {
  const cases: Case[] = [
    ["a user's public SSH key", { given: { method: 'POST', path: '/#X-Amz-Target=OpsWorks_20130218.CreateUserProfile', operationId: 'CreateUserProfile', body: obj({ IamUserArn: str(), SshUsername: str(), SshPublicKey: described("The user's public SSH key.") }) }, want: { tier: 'sensitive-write', reason: /SshPublicKey/ } }],
    ['…or an `ssh_key` described as the public key', { given: { method: 'PUT', path: '/v1/users/{id}', operationId: 'updateUser', body: obj({ name: str(), ssh_key: str({ description: 'The public key the user signs in with.' }) }) }, want: { tier: 'sensitive-write', reason: /ssh_key/ } }],
    ['…not the ids or fingerprints of keys already registered, given to a new server', { given: { method: 'POST', path: '/v2/droplets', operationId: 'droplets_create', body: obj({ name: str(), ssh_keys: { type: 'array', items: str(), description: 'The IDs or fingerprints of the SSH keys to embed in the root account.' } }) }, want: { tier: 'write' } }],
    ['…nor the name of a key pair', { given: { method: 'POST', path: '/instances', operationId: 'createInstance', body: obj({ name: str(), SshKeyName: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("a bare request body is what the body's own description says (rules 1 and 7)", () => {
  const text = (description: string) => ({ required: false, description, content: { 'text/plain': { schema: { type: 'string' } } } });
  it('a plain-text password sent as the body', () => {
    const op = makeOp({ method: 'POST', path: '/person/{login}', parameters: [{ name: 'login', in: 'path' }, { name: 'cmd', in: 'query', schema: { type: 'string', enum: ['change_password', 'lock', 'delete'] } }] });
    op.requestBody = text("The password in plain text when the cmd param is 'change_password'.");
    const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
    expect(got).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/request body, description: "the password"/) });
  });
  it('…not a body described as a file, nor an object body whose description names a password it does not declare', () => {
    const file = makeOp({ method: 'PUT', path: '/source/{project}/{file}' });
    file.requestBody = text('The content of the file to store.');
    const object = makeOp({ method: 'POST', path: '/users', body: obj({ name: str() }) });
    object.requestBody!.description = 'The user to create; its password is set by mail.';
    const got = classifyDocument(makeDoc([file, object]), new Map(), { platform: 'other' });
    expect([got.get(file.operationId)!.tier, got.get(object.operationId)!.tier]).toEqual(['write', 'write']);
  });
});

describe('what sets 18 and 19 taught', () => {
  const settings = { type: 'array', items: obj({ Namespace: str(), OptionName: str(), Value: str() }) } as Schema;
  const cases: Case[] = [
    ['an object the document says contains credentials (rule 1)', { given: { path: '/factories/{f}/linkedservices/{name}', operationId: 'LinkedServices_Get', response: obj({ name: str(), properties: { type: 'object', additionalProperties: { type: 'object' }, description: 'The nested object which contains the information and credential which can be used to connect with related store or compute resource.' } }) }, want: { tier: 'sensitive-read', reason: /properties \(description: "contains the information and credential"\)/ } }],
    ['…not one that holds only the names of credentials', { given: { path: '/jobs/{id}', operationId: 'getJob', response: obj({ name: str(), auth: { type: 'object', properties: { ref: str() }, description: 'Holds the credential names the job uses.' } }) }, want: { tier: 'read' } }],
    ['…nor one that contains secrets listed by name (a list of secrets is no secret)', { given: { path: '/stores/{s}/entries', operationId: 'listEntries', response: obj({ value: { type: 'array', items: obj({ id: str() }), description: 'A response message containing a list of secrets.' } }) }, want: { tier: 'read' } }],
    ["an API gateway's authorizer created (rule 6)", { given: { method: 'POST', path: '/v2/apis/{apiId}/authorizers', operationId: 'CreateAuthorizer', body: obj({ Name: str(), AuthorizerType: str(), IdentitySource: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write', reason: /authorizers/ } }],
    ["a route's authorization type and whether it needs an API key (rule 6)", { given: { method: 'POST', path: '/v2/apis/{apiId}/routes', operationId: 'CreateRoute', body: obj({ RouteKey: str(), Target: str(), AuthorizationType: str({ enum: ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'] }), ApiKeyRequired: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /AuthorizationType/ } }],
    ['…not a route without them', { given: { method: 'POST', path: '/v2/apis/{apiId}/integrations', operationId: 'CreateIntegration', body: obj({ IntegrationType: str(), IntegrationUri: str(), ApiKeySource: str() }) }, want: { tier: 'write' } }],
    ['settings sent as a structured query parameter (rule 7)', { given: { path: '/#Action=CreateEnvironment', operationId: 'GET_CreateEnvironment', parameters: [{ name: 'EnvironmentName', in: 'query' }, { name: 'OptionSettings', in: 'query', schema: settings }] }, want: { tier: 'sensitive-write', reason: /query parameter, value of a setting in OptionSettings/ } }],
    ['a key store created (rule 6, beside trust stores)', { given: { method: 'POST', path: '/v1/organizations/{o}/environments/{e}/keystores', operationId: 'apigee.organizations.environments.keystores.create', body: obj({ name: str() }) }, want: { tier: 'sensitive-write', reason: /keystores/ } }],
    ['a pre-signed URL sent in the query (rule 8)', { given: { path: '/#Action=CopyDBClusterSnapshot', operationId: 'GET_CopyDBClusterSnapshot', parameters: [{ name: 'SourceDBClusterSnapshotIdentifier', in: 'query' }, { name: 'PreSignedUrl', in: 'query', description: 'The URL that contains a Signature Version 4 signed request for the copy. Specifying SourceRegion instead autogenerates a pre-signed URL that is a valid request.' }] }, want: { tier: 'sensitive-write', reason: /PreSignedUrl/ } }],
    ['…not a URL in the query that carries nothing', { given: { path: '/#Action=CreateTopic', operationId: 'GET_CreateTopic', parameters: [{ name: 'Name', in: 'query' }, { name: 'CallbackUrl', in: 'query', description: 'The URL to notify when the topic is ready.' }] }, want: { tier: 'write' } }],
    ['a lookup that creates what it looks for when absent is a write (rule 2)', { given: { method: 'POST', path: '/#X-Amz-Target=AWSCognitoIdentityService.GetId', operationId: 'GetId', description: 'Generates (or retrieves) a Cognito ID. Supplying multiple logins will create an implicit linked account.', body: obj({ IdentityPoolId: str() }), response: obj({ IdentityId: str() }) }, want: { tier: 'write', reason: /create if absent/ } }],
    ['…as is a GET that creates one if none exists', { given: { path: '/v1/projects/{p}/settings', operationId: 'getSettings', description: 'Returns the project settings; creates them if they do not exist yet.', response: obj({ theme: str() }) }, want: { tier: 'write' } }],
    ['…not a lookup that says nothing of creating', { given: { method: 'POST', path: '/#X-Amz-Target=Kinesis_20131202.DescribeStream', operationId: 'DescribeStream', description: 'Describes the stream, including when it was created; if it does not exist, an error is returned.', body: obj({ StreamName: str() }), response: obj({ StreamName: str() }) }, want: { tier: 'read' } }],
    ['…not a structured query parameter of plain filters', { given: { path: '/#Action=DescribeEnvironments', operationId: 'GET_DescribeEnvironments', parameters: [{ name: 'Filters', in: 'query', schema: { type: 'array', items: obj({ Name: str(), Values: { type: 'array', items: str() } }) } }], response: obj({ Environments: { type: 'array', items: obj({ Name: str() }) } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);

  it("a write on a parent resource does not take the secret a child's read shows (its body is its own)", () => {
    const secretProps = { type: 'object', additionalProperties: { type: 'object' }, description: 'The nested object which contains the credential used to connect.' } as Schema;
    const child = makeOp({ path: '/factories/{f}/linkedservices', operationId: 'LinkedServices_ListByFactory', response: obj({ value: { type: 'array', items: obj({ name: str(), properties: secretProps }) } }) });
    const parent = makeOp({ method: 'PUT', path: '/factories/{f}', operationId: 'Factories_CreateOrUpdate', body: obj({ location: str(), properties: obj({ repoConfiguration: obj({ accountName: str() }) }) }) });
    const sibling = makeOp({ method: 'PUT', path: '/factories/{f}/linkedservices/settings', operationId: 'LinkedServiceSettings_Update', body: obj({ properties: obj({ retries: { type: 'integer' } }) }) });
    const got = classifyDocument(makeDoc([child, parent, sibling]), new Map(), { platform: 'other' });
    expect(got.get(child.operationId)!.tier).toBe('sensitive-read');
    expect(got.get(parent.operationId)!.tier).toBe('write');
    // Below the read's path, a write still sets what the read shows (`GET …/proxy`, `PUT …/proxy/configuration`).
    expect(got.get(sibling.operationId)).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/field properties, which GET \/factories\/\{f\}\/linkedservices shows to be secret/) });
  });
});

describe('what sets 21 and 23 taught', () => {
  const cases: Case[] = [
    ['a pre-shared key returned (rule 1)', { given: { path: '/api/wireless/wireless-lans/{id}/', operationId: 'wireless_wireless-lans_read', response: obj({ ssid: str(), auth_type: str(), auth_psk: str({ title: 'Pre-shared key' }) }) }, want: { tier: 'sensitive-read', reason: /auth_psk/ } }],
    ['a path id the document calls a JWT token (rule 8)', { given: { path: '/webhook/webhooks/{id}', operationId: 'webhooksOne', parameters: [{ name: 'id', in: 'path', required: true, description: 'JWT Webhook token that represents the unifiedApi and applicationId associated to the event source.' }], response: obj({ url: str() }) }, want: { tier: 'sensitive-read', reason: /path parameter/ } }],
    ["…not a path id described as a token's id", { given: { path: '/sessions-log/{id}', operationId: 'getLogEntry', parameters: [{ name: 'id', in: 'path', required: true, description: 'Token ID of the entry to fetch.' }], response: obj({ created_at: str() }) }, want: { tier: 'read' } }],
    ['a GET whose summary opens with a verb that changes something is a write (rule 2)', { given: { path: '/stopscans', operationId: 'StopScansPage', summary: 'Stop all scans', description: 'Stop all current scans.' }, want: { tier: 'write', reason: /triggers an action \(stop\)/ } }],
    ['…or whose description does, whatever its summary', { given: { path: '/reloadconfig', operationId: 'reloadConfigurationPage', summary: 'Configuration reloading page', description: 'Reload the configuration file.' }, want: { tier: 'write', reason: /\(reload\)/ } }],
    ['…and cleaning is such a verb', { given: { path: '/clean', operationId: 'CleanScansPage', summary: 'Clean all scans' }, want: { tier: 'write', reason: /\(clean\)/ } }],
    ['…not a GET whose summary opens with a noun that looks like a verb', { given: { path: '/account/logins', operationId: 'getAccountLogins', summary: 'Login history of the account', response: obj({ logins: { type: 'array', items: obj({ ip: str(), at: str() }) } }) }, want: { tier: 'read' } }],
    ['environment variables sent as key=value pairs, though their description also speaks of keys (rule 7)', { given: { method: 'POST', path: '/containers/create', operationId: 'createContainer', body: obj({ Image: str(), Env: { type: 'array', items: str(), description: 'A list of environment variables in the form of key=value pairs. All keys in this list have to be unique.' } }) }, want: { tier: 'sensitive-write', reason: /Env\[\]/ } }],
    ['…or in a list not named for them but described so', { given: { method: 'PATCH', path: '/containers/groups/{id}', operationId: 'updateGroup', body: obj({ Environment: { type: 'array', items: str(), description: 'A list of environment variables that you want to add to your container group. Every environment variable needs to be a key=value pair.' } }) }, want: { tier: 'sensitive-write', reason: /Environment\[\]/ } }],
    ['…not a list of the variables\' names', { given: { method: 'POST', path: '/containers/{id}/env/remove', operationId: 'removeEnv', body: obj({ Env: { type: 'array', items: str(), description: 'The names of the environment variables to remove.' } }) }, want: { tier: 'write' } }],
    ['…nor one that reads a list of deploy keys', { given: { path: '/projects/{id}/deploy_keys', operationId: 'listDeployKeys', summary: 'Deploy keys of a project (public keys)', response: { type: 'array', items: obj({ title: str(), key: str({ description: 'The public SSH key.' }) }) } }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what sets 22 and 24 taught', () => {
  const cases: Case[] = [
    ["a logged request's cookies returned (rule 1: session cookies)", { given: { path: '/v3/messages/{logId}/{id}', operationId: 'Messages_Get', response: obj({ title: str(), cookies: { type: 'array', items: obj({ key: str(), value: str() }) } }) }, want: { tier: 'sensitive-read', reason: /cookies\[\]/ } }],
    ["a Redis instance's AUTH string (its password)", { given: { path: '/v1/{name}/authString', operationId: 'redis.projects.locations.instances.getAuthString', response: obj({ authString: str() }) }, want: { tier: 'sensitive-read', reason: /authString/ } }],
    ['…not a string that only names an auth method', { given: { path: '/v1/{name}/settings', operationId: 'getSettings', response: obj({ authMethod: str(), authStringLength: { type: 'integer' } }) }, want: { tier: 'read' } }],
    ['a GET whose path ends in the action it performs is a write (rule 2)', { given: { path: '/pods/{podId}/{action}', operationId: 'podAction', summary: 'Perform action on a specific pod', description: 'Allowed actions are reboot, shutdown, boot' }, want: { tier: 'write', reason: /triggers an action/ } }],
    ["a server's Active Directory administrator set (rule 6)", { given: { method: 'PUT', path: '/servers/{serverName}/administrators/activeDirectory', operationId: 'ServerAdministrators_CreateOrUpdate', body: obj({ properties: obj({ administratorType: str(), login: str(), sid: str(), tenantId: str() }) }) }, want: { tier: 'sensitive-write', reason: /security configuration \(path/ } }],
    ['…not a directory that is only a folder', { given: { method: 'PUT', path: '/shares/{share}/directory', operationId: 'createDirectory', body: obj({ name: str() }) }, want: { tier: 'write' } }],
    ["a POST custom method that only tests or gets (Google's `:testIamPermissions`) is no security configuration", { given: { method: 'POST', path: '/v1/{resource}:testIamPermissions', operationId: 'dns.managedZones.testIamPermissions', body: obj({ permissions: { type: 'array', items: str() } }), response: obj({ permissions: { type: 'array', items: str() } }) }, want: { tier: 'write' } }],
    ['…while setting the policy is', { given: { method: 'POST', path: '/v1/{resource}:setIamPolicy', operationId: 'dns.managedZones.setIamPolicy', body: obj({ policy: obj({ bindings: { type: 'array', items: obj({ role: str() }) } }) }) }, want: { tier: 'sensitive-write' } }],
    ['a POST that only lists, whose name speaks of permissions, is a read, not escalated on its name (set 30: by POST too)', { given: { method: 'POST', path: '/#X-Amz-Target=CertificateManager.ListPermissions', operationId: 'ListPermissions', body: obj({ CertificateAuthorityArn: str() }), response: obj({ Permissions: { type: 'array', items: obj({ Principal: str(), Actions: { type: 'array', items: str() } }) } }) }, want: { tier: 'read' } }],
    ['…while a POST that verifies a code still is', { given: { method: 'POST', path: '/account/verify', operationId: 'verifyAccount', summary: 'Verify the account with the code sent by SMS', body: obj({ number: str() }) }, want: { tier: 'sensitive-write', reason: /verify/ } }],
  ];
  it.each(cases)('%s', checkCase);

  it('writeOnly alone is no evidence in a document that marks ordinary request fields so (Jira)', () => {
    const writeOnly = (extra: Schema = {}) => ({ type: 'string', writeOnly: true, ...extra }) as Schema;
    const ops = ['statusColor', 'after', 'position', 'iconUrl', 'description'].map((field, i) => makeOp({ method: 'PUT', path: `/rest/api/3/thing${i}/{id}`, operationId: `updateThing${i}`, body: obj({ name: str(), [field]: writeOnly() }) }));
    const secret = makeOp({ method: 'POST', path: '/rest/api/3/user', operationId: 'createUser', body: obj({ name: str(), password: writeOnly() }) });
    const got = classifyDocument(makeDoc([...ops, secret]), new Map(), { platform: 'other' });
    expect(ops.map((op) => got.get(op.operationId)!.tier)).toEqual(['write', 'write', 'write', 'write', 'write']);
    // The secret-named field still counts by its name.
    expect(got.get(secret.operationId)).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/password/) });
    // …and where only one or two ordinary fields are writeOnly, the keyword still shows what is never echoed back.
    const few = classifyDocument(makeDoc([ops[0]!, secret]), new Map(), { platform: 'other' });
    expect(few.get(ops[0]!.operationId)).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/writeOnly/) });
  });
});

describe('what set 25 taught', () => {
  const rs = '/Subscriptions/{subscriptionId}/resourceGroups/{rg}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';
  const cases: Case[] = [
    ['a backup vault holds backups, not secrets: its policies are no secret store', { given: { path: `${rs}/backupPolicies/{policyName}`, operationId: 'ProtectionPolicies_Get', response: obj({ name: str(), properties: obj({ schedulePolicy: obj({ scheduleRunFrequency: str() }) }), value: str() }) }, want: { tier: 'read' } }],
    ['…while a secrets vault still is', { given: { path: '/v1/vaults/{vaultUuid}/items/{itemUuid}', operationId: 'GetVaultItemById', response: obj({ title: str(), fields: { type: 'array', items: obj({ label: str(), value: str() }) } }) }, want: { tier: 'sensitive-read' } }],
    ["Azure's x-ms-mutability without read: the key is set, never returned (rule 1)", { given: { path: '/servers/{server}/auditingSettings/default', operationId: 'ServerBlobAuditingPolicies_Get', response: obj({ properties: obj({ state: str(), storageAccountAccessKey: str({ 'x-ms-mutability': ['create', 'update'] }) }) }) }, want: { tier: 'read' } }],
    ['…and still sent', { given: { method: 'PUT', path: '/servers/{server}/auditingSettings/default', operationId: 'ServerBlobAuditingPolicies_CreateOrUpdate', body: obj({ properties: obj({ state: str(), storageAccountAccessKey: str({ 'x-ms-mutability': ['create', 'update'] }) }) }) }, want: { tier: 'sensitive-write', reason: /storageAccountAccessKey/ } }],
    ["a database's sessions are no sign-in sessions", { given: { method: 'POST', path: '/v1/{database}/sessions', operationId: 'spanner.projects.instances.databases.sessions.create', body: obj({ session: obj({ labels: obj({}) }) }), response: obj({ name: str() }) }, want: { tier: 'write' } }],
    ['…while an identity realm\'s are', { given: { method: 'DELETE', path: '/{realm}/sessions/{session}', operationId: 'deleteSession' }, want: { tier: 'sensitive-write' } }],
    ['an OAuth consent code sent (rule 8)', { given: { method: 'POST', path: '/connections/{name}/confirmConsentCode', operationId: 'Connections_ConfirmConsentCode', body: obj({ objectId: str(), code: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a parameter that says what it reveals ("because of the sensitivity of data") (rule 1)', { given: { path: '/v2/{name}/tasks', operationId: 'cloudtasks.projects.locations.queues.tasks.list', parameters: [{ name: 'responseView', in: 'query', description: 'The set of fields to return; payloads are left out by default because of the sensitivity of data that they contain.' }], response: obj({ tasks: { type: 'array', items: obj({ name: str(), payload: str() }) } }) }, want: { tier: 'sensitive-read', reason: /sensitivity of data/ } }],
    ['resume and partition tokens are cursors, not secrets', { given: { method: 'POST', path: '/v1/{session}:partitionQuery', operationId: 'spanner.partitionQuery', body: obj({ sql: str() }), response: obj({ partitions: { type: 'array', items: obj({ partitionToken: str() }) }, resumeToken: str() }) }, want: { tier: 'write' } }],
    ["a query plan's lone `variable` is a name, not environment variables", { given: { path: '/v1/{name}/plan', operationId: 'getPlan', response: obj({ childLinks: { type: 'array', items: obj({ type: str(), variable: str() }) } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what set 26 taught', () => {
  const settings = (entries: { name: string; value: string }[]): Schema => ({ ...obj({ name: str(), configuration: { type: 'array', items: obj({ name: str(), value: str() }) } }), example: { name: 'acquirer', configuration: entries } });
  const undescribed = { '200': { description: '', content: {} } };
  const pair = (entries: { name: string; value: string }[]) => {
    const read = makeOp({ path: '/api/affiliations/{id}', operationId: 'AffiliationById', responses: undescribed });
    const write = makeOp({ method: 'PUT', path: '/api/affiliations/{id}', operationId: 'UpdateAffiliation', body: settings(entries) });
    const got = classifyDocument(makeDoc([read, write]), new Map(), { platform: 'other' });
    return { read: got.get(read.operationId)!, write: got.get(write.operationId)! };
  };
  it("a settings list whose example sets a secret-named setting sends one: the undescribed read of the same resource returns it (rule 5)", () => {
    const { read, write } = pair([{ name: 'MerchantId', value: 'sampleData' }, { name: 'MerchantKey', value: 'sampleData' }]);
    expect(write).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/MerchantKey/) });
    expect(read).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/MerchantKey/) });
  });
  it('…not when the settings the example shows are plain ones, or their secret is masked', () => {
    expect(pair([{ name: 'MerchantId', value: 'sampleData' }, { name: 'softDescriptor', value: 'test' }]).read.tier).toBe('read');
    expect(pair([{ name: 'password', value: '********' }]).read.tier).toBe('read');
    // A namespaced setting is named by its last part: a cookie's duration is no cookie.
    expect(pair([{ name: 'stickiness.lb_cookie.duration_seconds', value: '86400' }]).read.tier).toBe('read');
  });
  it('a settings list returned whose example shows a secret-named setting with its value (rule 1)', () => {
    const op = makeOp({ path: '/api/connectors/{id}', operationId: 'GetConnector', response: settings([{ name: 'api_secret', value: 'f3a9c1d2e4' }]) });
    expect(classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/api_secret/) });
  });
  const flag = (description: string): Schema => ({ type: 'boolean', description });
  const cases: Case[] = [
    ['a switch its description says sets two-factor authentication (rule 6)', { given: { method: 'POST', path: '/users', operationId: 'post_users', body: obj({ name: str(), is_exempt_from_login_verification: flag('Whether the user must use two-factor authentication') }) }, want: { tier: 'sensitive-write', reason: /is_exempt_from_login_verification/ } }],
    ['password complexity required of every user (rule 6)', { given: { method: 'PATCH', path: '/account', operationId: 'updateAccount', body: obj({ complexPasswords: flag('Whether passwords must be complex'), maxUsers: { type: 'integer' } }) }, want: { tier: 'sensitive-write', reason: /complexPasswords/ } }],
    ['a switch that requires callers to be authenticated (`authenticated`, rule 6)', { given: { method: 'POST', path: '/apps/{app_id}/namespaces', operationId: 'createNamespace', body: obj({ id: str(), authenticated: { type: 'boolean', default: false }, persisted: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /authenticated/ } }],
    ['…not a switch that only mails the user', { given: { method: 'POST', path: '/users', operationId: 'post_users', body: obj({ name: str(), notify: flag('Whether to email the user how to set up sign-in') }) }, want: { tier: 'write' } }],
    ['a token described as "for authenticating" the caller (rule 1)', { given: { method: 'POST', path: '/v1/{name}:reportInfoSystem', operationId: 'notebooks.instances.reportInfoSystem', body: obj({ vmId: str({ description: 'Required. The VM hardware token for authenticating the VM.' }), event: obj({ type: str() }) }) }, want: { tier: 'sensitive-write', reason: /vmId/ } }],
    ['…returned, a token "to authenticate with" the registry', { given: { path: '/v1/registries/{id}/access', operationId: 'getAccess', response: obj({ user: str(), value: str({ description: 'Token to authenticate with the registry.' }) }) }, want: { tier: 'sensitive-read', reason: /value/ } }],
    ['…not the id of such a token', { given: { method: 'POST', path: '/v1/agents', operationId: 'createAgent', body: obj({ tokenRef: str({ description: 'The id of the token for authenticating the agent.' }) }) }, want: { tier: 'write' } }],
    ['an attestor, a trust anchor that authorises deployments, created (rule 6)', { given: { method: 'POST', path: '/v1/projects/{projectsId}/attestors', operationId: 'binaryauthorization.projects.attestors.create', body: obj({ name: str(), userOwnedGrafeasNote: obj({ noteReference: str() }) }) }, want: { tier: 'sensitive-write', reason: /attestors/ } }],
    ['…a trust anchor deleted (rule 6)', { given: { method: 'DELETE', path: '/trustanchors/{trustAnchorId}', operationId: 'DeleteTrustAnchor' }, want: { tier: 'sensitive-write', reason: /trust ?anchors/ } }],
    ["a signing certificate's fingerprint added to an app (the opening of its description names a certificate, rules 5–6)", { given: { method: 'POST', path: '/v1beta1/projects/{p}/androidApps/{a}/sha', operationId: 'firebase.projects.androidApps.sha.create', description: 'Adds a ShaCertificate to the specified AndroidApp.', body: obj({ shaHash: str(), certType: str() }) }, want: { tier: 'sensitive-write', reason: /certificate/ } }],
    ['…while the attestors listed are a plain read', { given: { path: '/v1/projects/{projectsId}/attestors', operationId: 'binaryauthorization.projects.attestors.list', response: obj({ attestors: { type: 'array', items: obj({ name: str(), updateTime: str() }) } }) }, want: { tier: 'read' } }],
    ['a header that carries a link "and optional password" (rules 7–8)', { given: { path: '/folders/{folder_id}', operationId: 'get_folders_id', parameters: [{ name: 'boxapi', in: 'header', description: 'The URL, and optional password, for the shared link of this item.' }], response: obj({ id: str(), name: str() }) }, want: { tier: 'sensitive-read', reason: /boxapi/ } }],
    ['…not one that says whether a password is needed', { given: { path: '/folders/{folder_id}', operationId: 'get_folders_id', parameters: [{ name: 'hint', in: 'header', description: 'Whether an optional password is set on the link.' }], response: obj({ id: str(), name: str() }) }, want: { tier: 'read' } }],
    ['an upload session is no sign-in session', { given: { method: 'DELETE', path: '/file-storage/upload-sessions/{id}', operationId: 'uploadSessionsDelete' }, want: { tier: 'write' } }],
    ['…nor free text that mentions two-factor authentication', { given: { method: 'PATCH', path: '/tickets/{id}', operationId: 'updateTicket', body: obj({ notes: str({ description: 'Free text, e.g. why two-factor authentication was waived' }) }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a document that names its resources by keys (`{meetingKey}`, `{organizerKey}`): its `…Key` fields are identifiers', () => {
  const meetings = (fields: Record<string, Schema>, paths = ['/organizers/{organizerKey}/meetings', '/meetings/{meetingKey}']) =>
    paths.map((path, i) => makeOp({ path, operationId: `get${i}`, response: { type: 'array', items: obj({ meetingKey: str(), subject: str(), ...fields }) } }));
  const tiers = (ops: ReturnType<typeof meetings>) => [...classifyDocument(makeDoc(ops), new Map(), { platform: 'other' }).values()].map((c) => c.tier);
  it("an account's key there is the account's id", () => {
    expect(tiers(meetings({ accountKey: str({ description: 'The key of the company account' }) }))).toEqual(['read', 'read']);
  });
  it('…but key material stays secret there, and elsewhere an account key is one', () => {
    expect(tiers(meetings({ apiKey: str() }))).toEqual(['sensitive-read', 'sensitive-read']);
    expect(tiers(meetings({ accountKey: str({ description: 'The key of the company account' }) }, ['/organizers/{organizerId}/meetings', '/meetings/{meetingId}']))).toEqual(['sensitive-read', 'sensitive-read']);
  });
});

describe('the same action offered at two paths takes the stricter tier (rule 5)', () => {
  const expiration = [{ name: 'expiration', in: 'query' as const, schema: { type: 'string', format: 'date-time' } }];
  const tiers = (a: OpGiven, b: OpGiven) => {
    const ops = [makeOp(a), makeOp(b)];
    const got = classifyDocument(makeDoc(ops), new Map(), { platform: 'other' });
    return ops.map((op) => got.get(op.operationId)!);
  };
  it('a plan action that issues a token under `/Tokens`, offered again under the plan', () => {
    const [tokens, plan] = tiers(
      { method: 'POST', path: '/api/v1/Tokens/plans/{planName}/readAllCodespaces', operationId: 'tokens-read', parameters: expiration },
      { method: 'POST', path: '/api/v1/subscriptions/{s}/providers/Microsoft.Codespaces/plans/{resourceName}/readAllCodespaces', operationId: 'plans-read', parameters: expiration },
    );
    expect(tokens!.tier).toBe('sensitive-write');
    expect(plan).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/same action as POST \/api\/v1\/Tokens\/plans\/\{planName\}\/readAllCodespaces/) });
  });
  it('…not an action of one word, nor one that takes other inputs', () => {
    expect(tiers({ method: 'POST', path: '/tokens/{id}/start', operationId: 'a' }, { method: 'POST', path: '/servers/{id}/start', operationId: 'b' })[1]!.tier).toBe('write');
    expect(tiers({ method: 'POST', path: '/tokens/{id}/readAll', operationId: 'a', parameters: expiration }, { method: 'POST', path: '/servers/{id}/readAll', operationId: 'b' })[1]!.tier).toBe('write');
  });
});

describe('an answer that hands out a URL to upload to (rule 3: a pre-signed URL by another name)', () => {
  const cases: Case[] = [
    ['an image created with the URL its bytes go to (`upload_to`)', { given: { method: 'POST', path: '/images/upload', operationId: 'post-images-upload', body: obj({ label: str() }), response: obj({ image: obj({ id: str() }), upload_to: str({ description: 'The URL to upload the image to.' }) }) }, want: { tier: 'sensitive-write', reason: /upload_to/ } }],
    ['…a part to upload (`upload_uri`)', { given: { method: 'POST', path: '/file_actions/begin_upload/{path}', operationId: 'FileActionBeginUpload', response: { type: 'array', items: obj({ part_number: { type: 'integer' }, upload_uri: str({ description: 'URI to upload this part to' }) }) } }, want: { tier: 'sensitive-write', reason: /upload_uri/ } }],
    ["…not a write that answers with a URI template to fill in and call with the caller's own credentials", { given: { method: 'POST', path: '/repos/{o}/{r}/releases', operationId: 'repos/create-release', body: obj({ tag_name: str() }), responses: { '201': { description: 'Created', content: { 'application/json': { schema: obj({ id: str(), upload_url: str() }), example: { id: '1', upload_url: 'https://uploads.example.com/repos/o/r/releases/1/assets{?name,label}' } } } } } }, want: { tier: 'write' } }],
    ["…nor a read that shows a release's templated `upload_url`", { given: { path: '/repos/{o}/{r}/releases', operationId: 'ListReleases', response: { type: 'array', items: obj({ id: str(), upload_url: str({ example: 'https://uploads.example.com/releases/1/assets{?name,label}' }) }) } }, want: { tier: 'read' } }],
    ['…nor the address of an upload already made', { given: { path: '/uploads/{id}', operationId: 'getUpload', response: obj({ id: str(), url: str(), uploaded_at: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a collection whose items each have their own secret (`/consumers/{key}/secret`): creating or deleting one is credential lifecycle (rules 3, 5)', () => {
  const doc = (collection: string, child: string) => {
    const ops = [
      makeOp({ method: 'POST', path: `/self/${collection}`, operationId: 'create', body: obj({ name: str(), callbackUrl: str() }) }),
      makeOp({ method: 'DELETE', path: `/self/${collection}/{id}`, operationId: 'delete' }),
      makeOp({ path: `/self/${collection}/{id}/${child}`, operationId: 'getChild', response: obj({ secret: str() }) }),
    ];
    return classifyDocument(makeDoc(ops), new Map(), { platform: 'other' });
  };
  it('an OAuth consumer, whose secret is read at /consumers/{key}/secret', () => {
    const got = doc('consumers', 'secret');
    expect(got.get('create')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/consumers.*own secret/) });
    expect(got.get('delete')!.tier).toBe('sensitive-write');
  });
  it('…not an app beside its store of secrets (`/apps/{id}/secrets`), nor a webhook endpoint with its signing secret', () => {
    for (const [collection, child] of [['apps', 'secrets'], ['endpoint', 'secret']]) {
      const got = doc(collection!, child!);
      expect(got.get('create')!.tier).toBe('write');
      expect(got.get('delete')!.tier).toBe('write');
    }
  });
});

describe('keys that index data are no key material: tag, property, partition, sort, primary, idempotency keys', () => {
  const cases: Case[] = [
    ['tag keys listed', { given: { path: '/v3/tagKeys', operationId: 'cloudresourcemanager.tagKeys.list', response: obj({ tagKeys: { type: 'array', items: obj({ name: str(), shortName: str() }) } }) }, want: { tier: 'read' } }],
    ["an issue type's property keys", { given: { path: '/rest/api/3/issuetype/{issueTypeId}/properties', operationId: 'getIssueTypePropertyKeys', response: obj({ keys: { type: 'array', items: obj({ key: str(), self: str() }) } }) }, want: { tier: 'read' } }],
    ['metrics of a partition key range', { given: { path: '/databases/{db}/partitionKeyRangeId/{id}/metrics', operationId: 'PartitionKeyRangeId_ListMetrics', response: obj({ value: { type: 'array', items: obj({ name: str(), average: { type: 'number' } }) } }) }, want: { tier: 'read' } }],
    ['a tag key deleted', { given: { method: 'DELETE', path: '/v3/tagKeys/{tagKeysId}', operationId: 'cloudresourcemanager.tagKeys.delete' }, want: { tier: 'write' } }],
    ["a repository's keys whose answer shows their fingerprints: public keys (rule 1)", { given: { path: '/repos/{owner}/{repo}/keys', operationId: 'repoListKeys', response: { type: 'array', items: obj({ id: str(), key: str(), fingerprint: str(), title: str() }) } }, want: { tier: 'read' } }],
    ['…while API keys listed still count', { given: { path: '/v1/projects/{p}/keys', operationId: 'apikeys.keys.list', response: obj({ keys: { type: 'array', items: obj({ name: str(), displayName: str(), keyString: str() }) } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what set 27 taught', () => {
  const cases: Case[] = [
    ['…while their values are secrets', { given: { path: '/v1/Devices/{d}', operationId: 'FetchDevice', response: obj({ secrets: { type: 'array', items: obj({ key: str(), value: str() }) } }) }, want: { tier: 'sensitive-read', reason: /secrets\[\]\.value/ } }],
    ['a secret Google marks "Input only" is never returned (rule 1)', { given: { path: '/v1beta/{name}/deviceCheckConfig', operationId: 'deviceCheckConfig.get', response: obj({ keyId: str(), privateKey: str({ description: 'Required. Input only. The contents of the private key (`.p8`) file. For security reasons, this field will never be populated in any response.' }) }) }, want: { tier: 'read' } }],
    ['…nor one "never populated in any response"', { given: { path: '/v1beta/{name}/recaptchaConfig', operationId: 'recaptchaConfig.get', response: obj({ siteSecret: str({ description: 'The site secret. For security reasons, this field will never be populated in any response.' }) }) }, want: { tier: 'read' } }],
    ['…while "Input only" still sends it', { given: { method: 'PATCH', path: '/v1beta/{name}/deviceCheckConfig', operationId: 'deviceCheckConfig.patch', body: obj({ privateKey: str({ description: 'Required. Input only. The contents of the private key file.' }) }) }, want: { tier: 'sensitive-write', reason: /privateKey/ } }],
    ['a key "only return once when it was created" (rule 1)', { given: { path: '/components/{c}/ApiKeys/{id}', operationId: 'APIKeys_Get', response: obj({ id: str(), apiKey: str({ description: 'The API key value. It will be only return once when the API Key was created.' }) }) }, want: { tier: 'read' } }],
    ["AWS's `UpdateToken` orders updates: no secret", { given: { method: 'POST', path: '/#X-Amz-Target=NetworkFirewall.UpdateFirewallDescription', operationId: 'UpdateFirewallDescription', body: obj({ Description: str() }), response: obj({ FirewallName: str(), UpdateToken: str() }) }, want: { tier: 'write' } }],
    ['a HEAD that only answers an entity tag shows no credential, whatever its name', { given: { method: 'HEAD', path: '/service/{s}/authorizationServers/{authsid}', operationId: 'AuthorizationServer_GetEntityTag', responses: { '200': { description: 'Specified authorization server entity exists and current entity state version is present in the ETag header.', content: {} } } }, want: { tier: 'read' } }],
    ["the entries of a list of secrets that name each secret, without its value, hold no secret", { given: { path: '/v1/Devices/{d}', operationId: 'FetchDevice', response: obj({ secrets: { type: 'array', items: obj({ key: str(), date_rotated: str({ format: 'date-time' }), url: str() }) } }) }, want: { tier: 'read' } }],
    ["a key said to be encrypted with the user's public key is a secret key all the same (rule 9)", { given: { path: '/v4/nodes/files/{file_id}/user_file_key', operationId: 'requestUserFileKey', summary: "Request user's file key", description: "Returns the file key. The symmetric file key is encrypted with the user's public key.", response: obj({ iv: str(), key: str({ description: 'Encryption key' }), version: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a file key sent when an upload completes: its `key` is described as the encryption key (rule 7)', { given: { method: 'PUT', path: '/v4/nodes/files/uploads/s3/{upload_id}', operationId: 'completeS3FileUpload', body: obj({ parts: { type: 'array', items: obj({ partNumber: { type: 'integer' } }) }, fileKey: obj({ key: str({ description: 'Encryption key' }), iv: str({ description: 'Initial vector' }) }) }) }, want: { tier: 'sensitive-write', reason: /fileKey\.key/ } }],
    ['…not the ARN or name of an encryption key, nor one kept elsewhere', { given: { method: 'PUT', path: '/v1/buckets/{b}', operationId: 'updateBucket', body: obj({ encryption: obj({ kmsKey: str({ description: 'The encryption key ARN used to encrypt objects' }), keyRef: str({ description: 'The name of the encryption key' }), bootDiskKmsKey: str({ description: 'The Customer Managed Encryption Key used to encrypt the boot disk.' }) }) }) }, want: { tier: 'write' } }],
    ['…as are file keys listed beside the public keys they are for', { given: { path: '/v4/nodes/missingFileKeys', operationId: 'requestMissingFileKeys', response: obj({ users: { type: 'array', items: obj({ id: str(), publicKeyContainer: obj({ publicKey: str() }) }) }, files: { type: 'array', items: obj({ id: str(), fileKeyContainer: obj({ key: str(), iv: str() }) }) } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('policies about data and traffic are no access policy (rule 6)', () => {
  const cases: Case[] = [
    ['a legal hold policy', { given: { method: 'POST', path: '/legal_hold_policies', operationId: 'post_legal_hold_policies', body: obj({ policy_name: str(), description: str() }) }, want: { tier: 'write' } }],
    ['a metadata cascade policy', { given: { method: 'DELETE', path: '/metadata_cascade_policies/{id}', operationId: 'delete_metadata_cascade_policies_id' }, want: { tier: 'write' } }],
    ['a response headers policy', { given: { method: 'PUT', path: '/2020-05-31/response-headers-policy/{Id}', operationId: 'UpdateResponseHeadersPolicy', body: obj({ Name: str(), Comment: str() }) }, want: { tier: 'write' } }],
    ['…while an access policy is one', { given: { method: 'PUT', path: '/policies/{policyId}', operationId: 'updatePolicy', body: obj({ name: str(), statements: { type: 'array', items: obj({ effect: str(), actions: { type: 'array', items: str() } }) } }) }, want: { tier: 'sensitive-write' } }],
    ['…and ending a session is one', { given: { method: 'DELETE', path: '/Sessions/{sessionId}', operationId: 'EndSession' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what set 28 taught', () => {
  const kv = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{vaultName}/secrets';
  const secret = obj({ id: str(), properties: obj({ value: str({ description: "The value of the secret. NOTE: 'value' will never be returned from the service." }), secretUri: str() }) });
  const cases: Case[] = [
    ['an OpenID Connect provider created (rule 6: identity-provider trust)', { given: { method: 'POST', path: '/#Action=CreateOpenIDConnectProvider', operationId: 'POST_CreateOpenIDConnectProvider', body: obj({ Url: str(), ThumbprintList: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ["a server's Azure AD administrator set (rule 6)", { given: { method: 'PUT', path: '/servers/{serverName}/administrators/{administratorName}', operationId: 'ServerAzureADAdministrators_CreateOrUpdate', body: obj({ properties: obj({ login: str(), sid: str(), tenantId: str() }) }) }, want: { tier: 'sensitive-write' } }],
    ["an Azure list's `value` wrapper in a vault is a list, not a stored value", { given: { path: kv, operationId: 'Secrets_List', response: obj({ value: { type: 'array', items: secret }, nextLink: str() }) }, want: { tier: 'read' } }],
    ['…while a stored value is one', { given: { path: `${kv}/{secretName}`, operationId: 'Secrets_Show', response: obj({ id: str(), value: str() }) }, want: { tier: 'sensitive-read' } }],
    ['role definitions read under the Microsoft.Authorization provider: the namespace names the service, not credentials', { given: { path: '/{scope}/providers/Microsoft.Authorization/roleDefinitions', operationId: 'RoleDefinitions_List', response: obj({ value: { type: 'array', items: obj({ id: str(), properties: obj({ roleName: str() }) }) } }) }, want: { tier: 'read' } }],
    ['keys whose answer shows their thumbprints', { given: { path: '/managedInstances/{m}/keys', operationId: 'ManagedInstanceKeys_ListByInstance', response: obj({ value: { type: 'array', items: obj({ uri: str(), thumbprint: str(), serverKeyType: str() }) } }) }, want: { tier: 'read' } }],
    ['a KMS key given by its resource name ("Format: projects/…")', { given: { method: 'POST', path: '/v1/{parent}/backupPlans', operationId: 'gkebackup.backupPlans.create', body: obj({ encryptionKey: obj({ gcpKmsEncryptionKey: str({ description: 'Optional. Google Cloud KMS encryption key. Format: `projects/*/locations/*/keyRings/*/cryptoKeys/*`' }) }) }) }, want: { tier: 'write' } }],
    ['the signing algorithms a provider supports', { given: { path: '/v1/.well-known/openid-configuration', operationId: 'FetchOpenidDiscovery', response: obj({ issuer: str(), id_token_signing_alg_values_supported: { type: 'array', items: str() } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("a header named or described as the caller's API key or token, on several operations and reads among them, is how the caller signs in", () => {
  const header = (name: string, description?: string) => [{ name, in: 'header' as const, ...(description && { description }) }];
  const doc = (name: string, description?: string) => {
    // On three operations of ten: too few to be the sign-in of the whole document.
    const others = Array.from({ length: 7 }, (_, i) => makeOp({ path: `/categories/${i}.json`, operationId: `getCategory${i}`, response: obj({ name: str() }) }));
    const ops = [
      makeOp({ path: '/t/{id}.json', operationId: 'getTopic', parameters: header(name, description), response: obj({ title: str() }) }),
      makeOp({ path: '/posts.json', operationId: 'listPosts', parameters: header(name, description), response: obj({ raw: str() }) }),
      makeOp({ method: 'PUT', path: '/t/{id}/bookmark', operationId: 'bookmarkTopic', parameters: header(name, description) }),
      ...others,
    ];
    return [...classifyDocument(makeDoc(ops), new Map(), { platform: 'other' }).values()].slice(0, 3).map((c) => c.tier);
  };
  it("Discourse's `Api-Key`; DRACOON's service token, \"Service Authentication token\"", () => {
    expect(doc('Api-Key')).toEqual(['read', 'read', 'write']);
    expect(doc('X-Sds-Service-Token', 'Service Authentication token')).toEqual(['read', 'read', 'write']);
  });
  it('…not a header that carries another system\'s credentials', () => {
    expect(doc('X-Registry-Auth', 'A base64url-encoded auth configuration for the registry')).toEqual(['sensitive-read', 'sensitive-read', 'sensitive-write']);
  });
});
