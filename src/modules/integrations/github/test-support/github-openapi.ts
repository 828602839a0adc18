/**
 * Validation against GitHub's own REST description (the OpenAPI 3.0 document GitHub publishes,
 * https://github.com/github/rest-api-description, as the `@octokit/openapi` package ships it), with
 * ajv: the local server's answers, the connector's request bodies and the webhooks' bodies (its
 * `x-webhooks` section) are checked against the schemas of their operations, so a fixture that
 * drifts from the real API fails a test instead of passing silently.
 *
 * The package is 385 MB installed, so the tests read `github-openapi-subset.json`: the operations
 * and webhooks they use with every component those reference, cut from the package's
 * `generated/api.github.com.json` by scripts/extract-github-openapi.ts (its `x-extracted-from`
 * records the package version and the source file's SHA-256). To add an operation or follow a newer
 * description: `npm i --no-save @octokit/openapi@<version> && node bin/run-ts.js
 * scripts/extract-github-openapi.ts` (after adding it to the script's lists), then commit the JSON.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface OpenApiDocument {
  'x-extracted-from': { package: string; version: string; sha256: string };
  paths: Record<string, Record<string, Json>>;
  components: Json;
  'x-webhooks': Json;
}

export interface GitHubOpenApi {
  /** Where the extract came from: the package, its version and the source file's SHA-256. */
  source: { package: string; version: string; sha256: string };
  /** Errors of `body` against the response schema of `method path` for `status`; empty when valid. */
  responseErrors(method: string, path: string, status: number, body: unknown): string[];
  /** Errors of `body` against the JSON request body schema of `method path`. */
  requestErrors(method: string, path: string, body: unknown): string[];
  /** Errors of a webhook body against `x-webhooks` (`issues-labeled`, `issue-comment-created`, ...). */
  webhookErrors(name: string, body: unknown): string[];
}

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema: turn it into a `null` type (or an `anyOf` with
 * null where the schema has no type of its own, e.g. a nullable `allOf`).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = toJsonSchema(value);
  if ((node as Json).nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function loadGitHubOpenApi(): GitHubOpenApi {
  const require = createRequire(import.meta.url);
  const document = require('./github-openapi-subset.json') as OpenApiDocument;
  const AjvClass = require('ajv') as typeof import('ajv').default;
  // Formats (date-time, uri) are GitHub's promises about strings, not shapes; the server writes them
  // with the same helpers, so checking shapes and required fields is what finds drift.
  const ajv = new AjvClass({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({
    $id: 'github',
    paths: toJsonSchema(document.paths),
    components: toJsonSchema(document.components),
    'x-webhooks': toJsonSchema(document['x-webhooks']),
  });
  const compiled = new Map<string, ValidateFunction>();

  function errorsAt(ref: string, value: unknown): string[] {
    let validate = compiled.get(ref);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `github#/${ref}` });
      compiled.set(ref, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map(describe);
  }

  function operation(method: string, path: string): Json {
    const found = document.paths[path]?.[method.toLowerCase()];
    if (found === undefined) {
      throw new Error(
        `The extract of GitHub's OpenAPI has no ${method} ${path}: add it to scripts/extract-github-openapi.ts.`,
      );
    }
    return found;
  }

  return {
    source: document['x-extracted-from'],
    responseErrors(method, path, status, body) {
      const responses = operation(method, path).responses as Record<string, Json>;
      if (responses[String(status)] === undefined)
        return [`${method} ${path} documents no ${status} answer.`];
      let at = pointer('paths', path, method.toLowerCase(), 'responses', String(status));
      const response = responses[String(status)] as Json;
      if (typeof response.$ref === 'string') at = response.$ref.slice(2);
      return errorsAt(`${at}/content/application~1json/schema`, body);
    },
    requestErrors(method, path, body) {
      operation(method, path);
      return errorsAt(
        pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'),
        body,
      );
    },
    webhookErrors(name, body) {
      if (document['x-webhooks'][name] === undefined) {
        throw new Error(
          `The extract of GitHub's OpenAPI has no webhook ${name}: add it to scripts/extract-github-openapi.ts.`,
        );
      }
      return errorsAt(
        pointer('x-webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema'),
        body,
      );
    },
  };
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}
