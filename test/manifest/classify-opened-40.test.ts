/**
 * What set 40 taught, opened whole for tuning after its one clean scoring (and after set 41 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe('what a field holds, by its description and its name (rule 1)', () => {
  const pkcs12 = (description: string) => obj({ pkcs12: str({ format: 'byte', description }), isDefault: { type: 'boolean' } });
  const cases: Case[] = [
    ['a "private/public key pair" holds the private key (PKCS#12)', { given: { method: 'POST', path: '/gmail/v1/users/{userId}/settings/sendAs/{sendAsEmail}/smimeInfo', operationId: 'gmail.users.settings.sendAs.smimeInfo.insert', body: pkcs12('PKCS#12 format containing a single private/public key pair and certificate chain. This format is only accepted from client for creating a new SmimeInfo and is never returned, because the private key is not intended to be exported.') }, want: { tier: 'sensitive-write', reason: /pkcs12/ } }],
    ['…not a value described as the public key', { given: { method: 'POST', path: '/gmail/v1/users/{userId}/settings/sendAs/{sendAsEmail}/smimeInfo', operationId: 'gmail.users.settings.sendAs.smimeInfo.insert', body: pkcs12('The public key of the certificate, used to verify the signature of the private key holder.') }, want: { tier: 'write' } }],
    ["a connector's configuration map holds its credentials (rule 9)", { given: { path: '/v1/connectors/{connectorArn}', operationId: 'DescribeConnector', response: obj({ connectorName: str(), connectorConfiguration: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'sensitive-read', reason: /connectorConfiguration/ } }],
    ["…not a connector's tags", { given: { path: '/v1/connectors/{connectorArn}', operationId: 'DescribeConnector', response: obj({ connectorName: str(), tags: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('tags added to or removed from a certificate label it, no more (rules 5–6)', () => {
  const cases: Case[] = [
    ['`AddTagsToCertificate`', { given: { method: 'POST', path: '/#X-Amz-Target=CertificateManager.AddTagsToCertificate', operationId: 'AddTagsToCertificate', summary: 'Adds one or more tags to an ACM certificate.', body: obj({ CertificateArn: str(), Tags: { type: 'array', items: obj({ Key: str(), Value: str() }) } }) }, want: { tier: 'write' } }],
    ['`RemoveTagsFromCertificate`', { given: { method: 'POST', path: '/#X-Amz-Target=CertificateManager.RemoveTagsFromCertificate', operationId: 'RemoveTagsFromCertificate', summary: 'Remove one or more tags from an ACM certificate.', body: obj({ CertificateArn: str(), Tags: { type: 'array', items: obj({ Key: str() }) } }) }, want: { tier: 'write' } }],
    ['…unlike a certificate renewed', { given: { method: 'POST', path: '/#X-Amz-Target=CertificateManager.RenewCertificate', operationId: 'RenewCertificate', summary: 'Renews an eligible ACM certificate.', body: obj({ CertificateArn: str() }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});
