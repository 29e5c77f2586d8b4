import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Azure DevOps' REST API as azure-devops-node-api documents it: no npm package carries the OpenAPI
 * description (MicrosoftDocs/vsts-rest-api-specs), so the typed client stands in for it — each operation's
 * query parameters (GitApi.js, `queryValues`) and the resources' properties (interfaces/*.d.ts).
 */
const root = dirname(require.resolve('azure-devops-node-api/package.json'));

interface Declared {
  props: Map<string, string>;
  parents: string[];
}

function parseInterfaces(files: string[]): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const file of files) {
    const text = readFileSync(join(root, 'interfaces', file), 'utf8');
    for (const match of text.matchAll(
      /export interface (\w+)(?:<[^>]*>)?(?: extends ([^{]+))? \{([\s\S]*?)\n\}/g,
    )) {
      const props = new Map<string, string>();
      for (const prop of (match[3] ?? '').matchAll(/^ {4}(\$?\w+)\??: ([^;]+);/gm))
        props.set(prop[1] ?? '', prop[2] ?? '');
      const parents = (match[2] ?? '')
        .split(',')
        .map((p) =>
          p
            .trim()
            .replace(/<.*$/, '')
            .replace(/^\w+\./, ''),
        )
        .filter(Boolean);
      declared.set(match[1] ?? '', { props, parents });
    }
  }
  return declared;
}

export class AzureDevopsDescription {
  private readonly interfaces = parseInterfaces([
    'GitInterfaces.d.ts',
    'common/VSSInterfaces.d.ts',
    'GraphInterfaces.d.ts',
    'LocationsInterfaces.d.ts',
    'IdentitiesInterfaces.d.ts',
  ]);
  /** GitApi.js, and LocationsApi.js for `getConnectionData` (who the credential is). */
  private readonly gitApi = ['GitApi.js', 'LocationsApi.js']
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');

  /** Every property of an interface, inherited ones included, with its declared type. */
  properties(name: string): Map<string, string> {
    const found = this.interfaces.get(name);
    if (found === undefined) throw new Error(`no interface ${name} in azure-devops-node-api`);
    const all = new Map<string, string>();
    for (const parent of found.parents)
      if (this.interfaces.has(parent)) for (const [k, v] of this.properties(parent)) all.set(k, v);
    for (const [k, v] of found.props) all.set(k, v);
    return all;
  }

  /** Property paths of `value` that `name` does not declare (nested documented interfaces followed). */
  undeclared(value: unknown, name: string, path = ''): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => this.undeclared(v, name, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return [];
    const props = this.properties(name);
    const out: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      const type = props.get(key);
      if (type === undefined) {
        out.push(`${path}.${key}`);
        continue;
      }
      const nested = /^(?:\w+Interfaces\.)?(\w+)(?:<\w+>)?(\[\])?$/.exec(type)?.[1];
      if (nested !== undefined && this.interfaces.has(nested))
        out.push(...this.undeclared(child, nested, `${path}.${key}`));
    }
    return out;
  }

  /** The query parameters one GitApi operation sends; nested descriptors flattened as `name.property`. */
  queryParameters(operation: string): Set<string> {
    const start = this.gitApi.indexOf(`\n    ${operation}(`);
    if (start < 0) throw new Error(`no operation ${operation} in GitApi.js or LocationsApi.js`);
    const body = this.gitApi.slice(start, this.gitApi.indexOf('getVersioningData', start));
    const names = new Set<string>();
    const literal = /let queryValues = \{([\s\S]*?)\};/.exec(body)?.[1] ?? '';
    for (const m of literal.matchAll(/^\s*'?(\$?[\w]+)'?:/gm)) names.add(m[1] ?? '');
    for (const m of body.matchAll(/queryValues\.(\w+) =/g)) names.add(m[1] ?? '');
    if (names.has('versionDescriptor')) {
      names.delete('versionDescriptor');
      for (const p of this.properties('GitVersionDescriptor').keys()) names.add(`versionDescriptor.${p}`);
    }
    return names;
  }

  /** The api-version the package sends for an operation (`7.2-preview.1`). */
  apiVersion(operation: string): string {
    const start = this.gitApi.indexOf(`\n    ${operation}(`);
    return /getVersioningData\("([^"]+)"/.exec(this.gitApi.slice(start))?.[1] ?? '';
  }
}
