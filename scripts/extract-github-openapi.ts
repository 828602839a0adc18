/**
 * Extracts from GitHub's REST description (the `@octokit/openapi` package, 385 MB installed) the
 * operations and webhooks the GitHub connector's tests validate against, with every component they
 * reference, into src/modules/integrations/github/test-support/github-openapi-subset.json. The
 * extract records the package's name and version and the SHA-256 of the file it was cut from.
 *
 * Regenerate (after changing the lists below, or to follow a newer description):
 *   npm i --no-save @octokit/openapi@<version> && node bin/run-ts.js scripts/extract-github-openapi.ts
 * then run the GitHub tests and commit the JSON.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

const PACKAGE = '@octokit/openapi';
const SOURCE = 'generated/api.github.com.json';
const OUTPUT = fileURLToPath(
  new URL('../src/modules/integrations/github/test-support/github-openapi-subset.json', import.meta.url),
);

/** The REST operations the local GitHub serves and the tests check (method, OpenAPI path). */
const OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ['get', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
];

/** The `x-webhooks` entries the local GitHub sends. */
const WEBHOOKS = [
  'issues-opened',
  'issues-edited',
  'issues-labeled',
  'issues-unlabeled',
  'issues-closed',
  'issue-comment-created',
];

/** Documentation only: examples pull in large example components and validate nothing. */
const DROPPED_KEYWORDS = new Set(['example', 'examples']);

const require = createRequire(import.meta.url);
function packageDirectory(): string {
  try {
    return require.resolve(`${PACKAGE}/package.json`).replace(/package\.json$/, '');
  } catch {
    console.error(`${PACKAGE} is not installed: npm i --no-save ${PACKAGE}@<version>, then run this again.`);
    process.exit(1);
  }
}
const packageDir = packageDirectory();
const version = (JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as { version: string })
  .version;
const raw = readFileSync(`${packageDir}${SOURCE}`);
const document = JSON.parse(raw.toString('utf8')) as Json;

/** Copies a node without its examples; `properties` maps keep every key (a property may be called "example"). */
function strip(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((item) => strip(item));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (!inProperties && DROPPED_KEYWORDS.has(key)) continue;
    out[key] = strip(value, !inProperties && key === 'properties');
  }
  return out;
}

function at(pointer: string): unknown {
  let node: unknown = document;
  for (const part of pointer.replace(/^#\//, '').split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Json | undefined)?.[key];
    if (node === undefined) throw new Error(`${SOURCE} has nothing at ${pointer}.`);
  }
  return node;
}

/** Every `$ref` under `node`, followed transitively, copied into `components`. */
function collectRefs(node: unknown, components: Record<string, Json>, seen: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, components, seen);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
      seen.add(value);
      const [, , section, name] = value.split('/');
      if (!value.startsWith('#/components/') || !section || !name)
        throw new Error(`Unexpected $ref ${value}.`);
      const target = strip(at(value));
      components[section] ??= {};
      (components[section] as Json)[name.replaceAll('~1', '/').replaceAll('~0', '~')] = target;
      collectRefs(target, components, seen);
    } else {
      collectRefs(value, components, seen);
    }
  }
}

const paths: Record<string, Json> = {};
const webhooks: Json = {};
const components: Record<string, Json> = {};
const seen = new Set<string>();
const allPaths = document.paths as Record<string, Json>;
for (const [method, path] of OPERATIONS) {
  const operation = allPaths[path]?.[method];
  if (operation === undefined) throw new Error(`${SOURCE} has no ${method.toUpperCase()} ${path}.`);
  paths[path] ??= {};
  (paths[path] as Json)[method] = strip(operation);
}
for (const name of WEBHOOKS) {
  const hook = (document['x-webhooks'] as Json)[name];
  if (hook === undefined) throw new Error(`${SOURCE} has no x-webhooks entry ${name}.`);
  webhooks[name] = strip(hook);
}
collectRefs(paths, components, seen);
collectRefs(webhooks, components, seen);

const sorted = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
const subset = {
  'x-extracted-from': {
    package: PACKAGE,
    version,
    file: SOURCE,
    sha256: createHash('sha256').update(raw).digest('hex'),
    by: 'scripts/extract-github-openapi.ts',
    regenerate: `npm i --no-save ${PACKAGE}@${version} && node bin/run-ts.js scripts/extract-github-openapi.ts`,
    dropped: [...DROPPED_KEYWORDS],
  },
  openapi: document.openapi,
  info: { title: (document.info as Json).title, version: (document.info as Json).version },
  paths: sorted(paths),
  'x-webhooks': sorted(webhooks),
  components: Object.fromEntries(
    Object.entries(components).map(([section, items]) => [section, sorted(items)]),
  ),
};
writeFileSync(OUTPUT, `${JSON.stringify(subset, null, 1)}\n`);
console.log(
  `${OUTPUT}: ${OPERATIONS.length} operations, ${WEBHOOKS.length} webhooks, ${seen.size} components from ${PACKAGE}@${version}`,
);
