/**
 * The classifier measured against hand-labelled operations of real platform APIs (CLASSIFICATION.md, "How
 * quality is measured"): a labelled-sensitive operation in `read` or `write` is a leak (in `read`, the worst
 * kind); a labelled non-sensitive one in a sensitive tier a needless escalation; a labelled state-changing one
 * in `read` breaks the read tier's promise. Documents whose label file carries `$heldOut` were kept out of the
 * classifier's tuning: their figures are printed apart, and their misses only with RUNOS_SHOW_HELD_OUT=1.
 *
 * Print the figures: `npm run quality`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, specsDir } from '../../src/core/paths.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { loadDocument } from '../../src/manifest/load.js';
import { readLabelFile, SCORE_HEADER, scoreDocument, scoreRow, totalScore, type Miss, type Score } from './label-score.js';

const labelsDir = fileURLToPath(new URL('../fixtures/labels/', import.meta.url));
const specs = specsDir();
// RUNOS_TUNING=1 leaves the held-out documents out entirely, so that tuning never sees even their figures.
const labelFiles = readdirSync(labelsDir)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => !process.env.RUNOS_TUNING || readLabelFile(join(labelsDir, f), basename(f, '.json')).heldOut === undefined)
  .sort();

/**
 * The targets on documents the classifier was not tuned on (issue 11) are leaks ≤ 2%, none in read, and needless
 * escalations ≤ 15%. They are NOT met. Held out now, labelled by reviewers who reported counts only (how each group
 * was set apart: README, "How well, measured"):
 * - the thirteenth set's half (Azure DevTest Labs, Slicebox, nextAuth, GoDaddy certificates, Turbine Labs): first
 *   look at 5d55c4f, leaks 12 of 52 (2 in read), escalations 22 of 318, 1 state-changing GET in read; now the same
 *   leaks, escalations 26 of 318;
 * - the fourteenth set's half (AWS Lightsail, AWS IAM Identity Center admin, Google Admin Directory, Azure AD Graph):
 *   first look at 9190335, leaks 21 of 72 (6 in read), escalations 12 of 278; unchanged by the tuning on its other
 *   half;
 * - the fifteenth set, all of it (AWS Transfer Family and API Gateway, Google Cloud Storage, Azure Relay and Event
 *   Hubs, Cisco Meraki): first look at bc472f0, leaks 19 of 80 (2 in read), escalations 42 of 464.
 * Together: leaks 52 of 204 (25.5%, 10 in read), escalations 80 of 1,060 (7.5%), 1 state-changing GET in read. The
 * operating point (`classify-names.ts`) was then chosen on these three groups' counts (README, "The operating point"):
 * leaks 31 of 204 (15.2%, 4 in read), escalations 135 of 1,060 (12.7%). After the rules sets 17–20 taught: leaks 30
 * of 204 (4 in read), escalations 144 of 1,060 (13.6%; 14b 28 → 35, 15 65 → 67).
 * The sixteenth set (AWS ElastiCache and Directory Service, Google Kubernetes Engine, Combell, VS Online, Apicurio
 * Registry), labelled before the operating point was chosen, was scored once after (leaks 34 of 114, 1 in read;
 * escalations 27 of 403; at 463d364 38 of 114 and 23 of 403) and then opened for tuning: it is tuned on now.
 * Sets 17 to 20 were each fixed, labelled and scored once while held out (README, "How well, measured": set 17 leaks
 * 15 of 112, 2 in read; set 18 16 of 79, 2 in read; set 19 21 of 83 at f08d81f, 4 in read; set 20 24 of 89, 10 in
 * read), then opened whole for tuning (17 and 20 after set 21 was fixed, 18 and 19 after it was scored): their
 * figures before opening are in their label files (`$heldOutUntil`). They are tuned on now.
 * - the twenty-first set (AWS ECR, MQ, MemoryDB, CodeBuild, Amplify, MSK and OpenSearch; Google API Keys, Artifact
 *   Registry, Cloud Build, Identity Toolkit and Cloud Identity; WireMock, Apigee Registry, TrueSight, Patrowl), fixed
 *   before sets 17 and 20 were opened, scored at c2df1fc and again at a531c83 (the same: leaks 7 of 109, 0 in read;
 *   escalations 33 of 378), and the twenty-third (NetBox's users, virtualization and wireless; Jira's users,
 *   webhooks, workflows and Connect apps; IBM Containers, Citrix SCIM, Twilio Accounts, Serverless, Trunking and
 *   Verify, Apideck Connector, Proxy and Webhook, VTEX License and Session managers, Docker DVP, Ably Platform),
 *   scored once at a531c83 (leaks 16 of 103, 7 in read; escalations 39 of 350), were then opened for tuning, after
 *   the twenty-fourth set was fixed. They are tuned on now.
 * - the twenty-second set (Azure Container Registry, IoT Hub, Notification Hubs, MySQL, Search, SignalR, Storage and
 *   Batch management; Google Cloud Run, Cloud Functions, Workstations, Memorystore Redis, AlloyDB and Certificate
 *   Manager; Red Hat Patchman and Catalog Inventory, elmah.io, Request Baskets, NetLicensing, Solar VPS, Pinecone),
 *   scored once at d2a02d7 (leaks 8 of 107, 3 in read; escalations 35 of 378; at c2df1fc 13 of 107, 5 in read), and
 *   the twenty-fourth (NetBox's extras; Jira's issue security, permission and notification schemes; Azure virtual
 *   network gateways, SQL elastic jobs, API Management users and tenant access; Google Deployment Manager, Cloud
 *   DNS, Network Security, BeyondCorp; Twilio Conversations' first 25 operations), scored once at 715c12f (leaks 1 of
 *   55, 0 in read; escalations 50 of 361), were then opened for tuning, after the twenty-fifth set was fixed. They
 *   are tuned on now.
 * - the twenty-fifth set (Mist's installer, invites, login, two-factor and MSP operations; Google Datastream,
 *   Database Migration, Cloud Scheduler, Pub/Sub, Cloud Tasks, Resource Manager, Spanner and GKE Hub; Azure SQL sync
 *   groups and blob auditing, Automation runbooks and accounts, Storage Sync, Logic Apps management, CDN and Recovery
 *   Services backup), scored once at 8b2bfd3 (leaks 9 of 70, 2 in read; escalations 57 of 343; 66 at c2df1fc), was
 *   then opened for tuning, after the twenty-sixth set was fixed. It is tuned on now.
 * - the twenty-sixth set (Mist's organisation operations 91–180; Google Composer, Notebooks, OS Login, Private CA,
 *   Firebase, Source Repositories, Container Analysis, Binary Authorization, Filestore, Memorystore Memcached, Access
 *   Context Manager; Azure Container Instances, Data Lake Storage, HDInsight clusters, ML Compute; VTEX Payments
 *   Gateway, GoToMeeting, Twilio TrustHub and Video, Apideck File Storage), scored once at 0041c5c (leaks 12 of 72, 2
 *   in read; escalations 44 of 369), the twenty-seventh (DRACOON's operations 0–89; AWS CodeDeploy, Network Firewall,
 *   Managed Grafana, Identity Store; Azure Automation credentials, Application Insights API keys, Media Services
 *   content key policies, managed identities, deployment scripts, API Management identity providers and
 *   authorization servers; Google Managed AD, Looker, Data Fusion, App Check, BigQuery Connection, Dataproc
 *   Metastore; Twilio Sync and Microvisor), scored once at b09fbbb (leaks 9 of 98, 2 in read; escalations 51 of 309;
 *   at 3ffbc2c 8 of 98, 1 in read), the twenty-eighth (DRACOON's operations 90–179; AWS IAM's first 60
 *   operations, IAM Identity Center and its OIDC, Keyspaces; Appwrite's client API; Google Application Integration,
 *   Connectors, Web Security Scanner, Runtime Config, API Gateway, IAP, Workflows, Service Networking, Backup for GKE;
 *   Twilio OAuth, Notify, Events, Studio; nine small Azure documents of keys, certificates, roles and policies),
 *   scored once at 6d2e3f7 (leaks 8 of 137, 0 in read; escalations 28 of 301), the twenty-ninth (DRACOON's
 *   operations 180–269; AWS IAM's operations 60–119; App Center's first 60 operations; bunq's first 30; Twilio Flex;
 *   Google reCAPTCHA Enterprise, Firebase Hosting and Rules, Access Approval, Essential Contacts, Org Policy; Azure
 *   role assignments, API Management deployment, JIT network access policies, Key Vault providers; BlazeMeter,
 *   Braze), scored once at ccedabc (leaks 13 of 136, 0 in read; escalations 44 of 280), the thirtieth (DRACOON's
 *   operations 270–296; AWS IAM's operations 120–179; App Center's operations 60–119; bunq's operations 30–79;
 *   Twilio Messaging and Chat v2; Azure API Management APIs, subscriptions, named values, backends and loggers;
 *   Google IAM, Service Directory, Apigee Registry), scored once at bc28afc (leaks 6 of 56, 1 in read; escalations
 *   33 of 372), the thirty-first (AWS IAM's operations 180–239; App Center's operations 120–179; bunq's operations
 *   80–129; Google Cloud Domains, Vault, Policy Simulator, Service Management, Chrome Policy, GKE On-Prem; Azure API
 *   Management groups, products, notifications and OpenID Connect providers, App Service certificate orders; Twilio
 *   Voice and Proxy), scored once at 40316dc (leaks 8 of 47, 0 in read; escalations 75 of 358), the thirty-second
 *   (AWS IAM's operations 240–317; App Center's operations 180–239; bunq's operations 130–179; Google Cloud Channel,
 *   Cloud Shell, Service Usage, OS Config, Cloud IDS, Assured Workloads, Data Catalog; Azure API Management caches,
 *   diagnostics, properties, email templates and quotas; Twilio Numbers v2, Wireless and Super SIM), scored once at
 *   1334e43 (leaks 7 of 57, 4 in read; escalations 47 of 363), the thirty-third (App Center's operations 240–299;
 *   bunq's operations 180–229; AWS CloudHSM v1 and v2, IAM Access Analyzer, Chime SDK Identity; HubSpot auth,
 *   1Password events, Vonage users, NPR identity and authorization, Personio authentication, Authentiq; Google OAuth2,
 *   Verified Access, KMS Inventory, Network Connectivity, Recommender, Contact Center AI Insights, Cloud Support,
 *   Network Management; Azure SQL server keys and role-based calls; Twilio Chat v1, Media, Insights), scored once at
 *   fc3678d (leaks 6 of 65, 2 in read; escalations 20 of 341), and the thirty-fourth (App Center's operations 300–351;
 *   bunq's operations 230–289; Azure Attestation, Automation DSC configurations and nodes, jobs, modules, watchers and
 *   webhooks, Batch AI, Blueprints, DevOps pipelines, managed clusters, Machine Learning web services, workspaces,
 *   datastores, services and run history, Media Services accounts, assets, streaming policies, locators and
 *   endpoints, Event Hubs, Managed Network, Monitor action groups and private link scopes), scored once at fb3f194
 *   (leaks 13 of 68, 6 in read; escalations 23 of 309), and the thirty-fifth (35 Azure documents: App Configuration;
 *   Automation connections, variables, source control, schedules, Python packages, DSC compilation jobs; Container
 *   Registry builds and scope maps; Databricks; IoT Central and Device Provisioning; Digital Twins; HDInsight
 *   extensions and script actions; Front Door, its WAF and network experiments; Application Gateway, Bastion,
 *   ExpressRoute circuits, route filters, Private Link services; Hybrid Compute, Hybrid Data Manager; Maps; MariaDB;
 *   Power BI Dedicated and Embedded; Azure Policy; Security Center alerts and automations), scored once at 995798c
 *   (leaks 17 of 110, 5 in read; escalations 5 of 276), and the thirty-sixth (AWS Managed Airflow, Signer, IoT Secure
 *   Tunneling, Payment Cryptography, IAM Roles Anywhere, EC2 Instance Connect, OpenSearch Serverless, CodeStar
 *   Connections, DocumentDB Elastic, App Runner, Cloud9, ECR Public, RDS Data, Redshift Data; Google Cloud SQL Admin,
 *   VMware Engine, ACME DNS, STS, Serverless VPC Access, Firebase Realtime Database management; HubSpot webhooks,
 *   Twilio Fax, Vonage account), scored once at c090941 (leaks 8 of 85, none in read; escalations 41 of 265), and the
 *   thirty-seventh (AWS Redshift Serverless, EventBridge Scheduler, WorkSpaces Web, Lake Formation, VPC Lattice,
 *   AppFabric, DAX, Cognito Sync, IVS Chat, EMR Serverless, EventBridge Pipes; Google Bare Metal Solution, BigQuery
 *   Data Policy, Android Management, Cloud IoT; Twilio Studio v1; Apideck Ecosystem), scored once at 1356b09 (leaks 10
 *   of 72, 1 in read; escalations 24 of 334), and the thirty-eighth (Adyen's Management API, notification
 *   configuration and recurring payments; Vonage account, applications, subaccounts, external accounts, Verify and
 *   audit; GoDaddy domains and shoppers; Xero identity; HubSpot automation and files; Apideck issue tracking; VTEX
 *   profiles and gift-card hub; Twilio TaskRouter), scored once at c9886de (leaks 11 of 74, 6 in read; escalations 29
 *   of 309), and the thirty-ninth (eBay account and feed; Codat bank feeds, banking, commerce, sync for commerce and for
 *   expenses; Xero bank feeds and files; Vonage conversations, voice and numbers; Twilio IP Messaging v2, Routes,
 *   Monitor, Bulk Exports, Content, Numbers v1, Intelligence; VTEX checkout, Master Data and customer credit;
 *   Mastercard MDES), scored once at 9ac5460 (leaks 7 of 18, 3 in read; escalations 42 of 339), and the fortieth (AWS
 *   Certificate Manager, CodeArtifact, IVS, MediaPackage, Amplify Admin UI backends, MSK Connect, MediaConnect; Google
 *   Gmail, Android Enterprise, Security Command Center settings, Policy Troubleshooter, Alert Center, Remote Build
 *   Execution), scored once at c35eb0b (leaks 17 of 76, 3 in read; escalations 23 of 291), were then opened for
 *   tuning, each after the next set was fixed. They are tuned on now.
 * - the forty-first set, all of it (8 AWS documents: Database Migration Service, FSx, Elasticsearch Service,
 *   Organizations, MediaPackage v2, Shield, CloudTrail, Incident Manager contacts), fixed before set 40 was opened and
 *   scored once at 9f2e801, the classifier after the rules set 40 taught: leaks 13 of 42 (31.0%, none in read),
 *   escalations 5 of 338 (1.5%), none state-changing in read; at 3ffbc2c and c2df1fc 12 of 42 (none in read), with 11
 *   and 17 escalations.
 * All held out (13b, 14b, 15, 41): leaks 44 of 246 (17.9%, 5 in read), escalations 125 of 1,398 (8.9%), 1
 * state-changing in read. 13b, 14b and 15 alone: leaks 31 of 204 (5 in read; 30 and 4 at 3ffbc2c), escalations 120 of
 * 1,060 (143 at 3ffbc2c). Sets 21–41 each at its own first scoring, together: leaks 206 of 1,657 (12.4%, 47 in
 * read), escalations 748 of 6,964 (10.7%), 7 state-changing in read.
 * These bounds hold the group at what was measured, so a regression fails while the gap stays visible in every run's
 * table; the group's misses are never printed by name unless RUNOS_SHOW_HELD_OUT is set.
 * Every earlier set's first look is in its label files (`$heldOutUntil`) and in the README.
 */
const HELD_OUT_MAX_LEAK_SHARE = 0.179;
const HELD_OUT_MAX_ESCALATION_SHARE = 0.09;
const HELD_OUT_MAX_READ_LEAKS = 5;
const HELD_OUT_MAX_WRITES_IN_READ = 1;
const MAX_ESCALATION_SHARE = 0.15;
/**
 * On the documents it was tuned on (every labelled document but the held-out ones: each set included since its first
 * look) the classifier misses 296 of 4,434 (6.7%), each a judgement no general rule reproduced without naming the
 * operation (Airflow connections and Keycloak components read as credential stores, email content read as customer
 * data, information barriers read as access policy, a login user deleted from a broker or a database…). Held at 7.5% so
 * that a regression fails, rather than fitted one operation at a time; the 2% target is judged on held-out documents.
 */
const TUNED_MAX_LEAK_SHARE = 0.075;

/**
 * The document a label file is about: its `$spec` (`npm:<package>/<path>`, from this repository's node_modules),
 * else the shared document named like it: `<stem>.<ext>`, or a folder `<stem>/` with `openapi.*` as its root.
 */
function specFor(stem: string, spec?: string): string | undefined {
  if (spec?.startsWith('npm:')) {
    const at = join(packageRoot(), 'node_modules', spec.slice('npm:'.length));
    return existsSync(at) ? at : undefined;
  }
  if (!existsSync(specs)) return undefined;
  for (const entry of readdirSync(specs)) {
    const at = join(specs, entry);
    if (statSync(at).isDirectory()) {
      if (entry !== stem) continue;
      const root = readdirSync(at).find((f) => /^openapi\.(?:ya?ml|json)$/.test(f));
      return root && join(at, root);
    }
    if (basename(entry, extname(entry)) === stem) return at;
  }
  return undefined;
}

const scores: Score[] = [];

function describeMiss(kind: string, m: Miss): string {
  return `  ${kind}: ${m.key} (${m.label.why}) → ${m.got.tier}: ${m.got.reason}`;
}

describe.skipIf(!existsSync(specs))(`classification quality against hand labels (skipped when ${specs} is absent; set RUNOS_SPECS_DIR)`, () => {
  it.each(labelFiles)('%s', async (labelFile) => {
    const stem = basename(labelFile, '.json');
    const file = readLabelFile(join(labelsDir, labelFile), stem);
    const spec = specFor(stem, file.spec);
    expect(spec, file.spec ? `${file.spec} is not installed (npm ci installs it: a devDependency)` : `no spec named like ${labelFile} in ${specs}`).toBeDefined();
    const doc = await loadDocument(spec!);
    const score = scoreDocument(file, doc, classifyDocument(doc, new Map(), { platform: 'other' }));
    scores.push(score);
    expect(score.unknown, 'labels that name no operation of the document').toEqual([]);
    if (!score.heldOut || process.env.RUNOS_SHOW_HELD_OUT) {
    const lines = [
        ...score.leaksRead.map((m) => describeMiss('LEAK in read', m)),
        ...score.leaksWrite.map((m) => describeMiss('leak in write', m)),
        ...score.writesInRead.map((m) => describeMiss('WRITE in read', m)),
        ...score.escalations.map((m) => describeMiss('escalated', m)),
        ...score.redacted.map((m) => describeMiss('read, redacted', m)),
      ];
      if (lines.length > 0) console.log(`${stem}${score.heldOut ? ' (held out)' : ''}:\n${lines.join('\n')}`);
    }
    // On every document tuned on: nothing secret and nothing state-changing in the tier clients run without asking —
    // but for the few misses a label file lists as known (each a judgement no general rule reproduces). A held-out
    // document's misses are not named (that would be a look at them): its group's counts are bounded below.
    if (score.heldOut) return;
    expect(score.leaksRead.map((m) => m.key).filter((k) => !file.knownReadLeaks.includes(k)), 'labelled-sensitive operations in read').toEqual([]);
    expect(score.writesInRead.map((m) => m.key).filter((k) => !file.knownWritesInRead.includes(k)), 'labelled state-changing operations in read').toEqual([]);
    // The lists say what is left, no more: a miss fixed since leaves them.
    expect(file.knownReadLeaks.filter((k) => !score.leaksRead.some((m) => m.key === k)), 'known read leaks no longer in read: remove them').toEqual([]);
    expect(file.knownWritesInRead.filter((k) => !score.writesInRead.some((m) => m.key === k)), 'known writes no longer in read: remove them').toEqual([]);
  }, 120_000);

  // The shares are judged over each group of documents as a whole: a small document's single miss is not 7%.
  it.each([
    ['the documents tuned on', false, TUNED_MAX_LEAK_SHARE, MAX_ESCALATION_SHARE],
    ['the held-out documents', true, HELD_OUT_MAX_LEAK_SHARE, HELD_OUT_MAX_ESCALATION_SHARE],
  ] as const)('%s: leaks and needless escalations within their bounds', (_, heldOut, maxLeaks, maxEscalations) => {
    const group = totalScore('', scores.filter((s) => s.heldOut === heldOut));
    if (group.labelled === 0) return;
    const leaks = group.leaksRead.length + group.leaksWrite.length;
    expect(leaks, `leaks above ${maxLeaks * 100}% of ${group.sensitive} sensitive`).toBeLessThanOrEqual(Math.floor(group.sensitive * maxLeaks));
    expect(group.escalations.length, `needless escalations above ${maxEscalations * 100}%`).toBeLessThanOrEqual(Math.floor((group.labelled - group.sensitive) * maxEscalations));
    if (heldOut) {
      expect(group.leaksRead.length, 'held-out leaks in read').toBeLessThanOrEqual(HELD_OUT_MAX_READ_LEAKS);
      expect(group.writesInRead.length, 'held-out state-changing operations in read').toBeLessThanOrEqual(HELD_OUT_MAX_WRITES_IN_READ);
    }
  });

  afterAll(() => {
    if (scores.length === 0) return;
    const tuned = scores.filter((s) => !s.heldOut);
    const held = scores.filter((s) => s.heldOut);
    const groups = [['tuned', totalScore('', tuned)], ['held out', totalScore('', held)]] as const;
    const lines = [
      'leaks r/w: labelled-sensitive in read / write; redact: kept in read with its secret fields redacted; esc: needless escalations; w→r: state-changing in read',
      SCORE_HEADER,
      ...tuned.map(scoreRow),
      scoreRow(totalScore('tuned on (all)', tuned)),
      ...held.map((s) => scoreRow({ ...s, stem: `${s.stem} (held out)` })),
      ...(held.length > 0 ? [scoreRow(totalScore('held out (all)', held))] : []),
      scoreRow(totalScore('all documents', scores)),
      ...groups.map(([name, t]) => {
        const leaks = [...t.leaksRead, ...t.leaksWrite];
        const count = (misses: Miss[], of: (m: Miss) => boolean | undefined) => `${misses.filter(of).length} of ${misses.length}`;
        return [
          // The read server masks secret-named fields whatever the tier: how much of a `read` leak that still covers.
          `${name}: leaks in read whose answer declares a field the read server masks by name, ${count(t.leaksRead, (m) => m.maskedByName)}; `,
          // What a platform team reads first (`runos manifest review`, firmness 1–2), and how many misses it holds.
          `review first ${t.reviewFirst} of ${t.operations} operations, holding ${count(leaks, (m) => m.reviewFirst)} leaks `,
          `(${count(t.leaksRead, (m) => m.reviewFirst)} in read) and ${count(t.writesInRead, (m) => m.reviewFirst)} state-changing operations in read`,
        ].join('');
      }),
    ];
    console.log(lines.join('\n'));
  });
});
