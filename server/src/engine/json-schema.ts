/**
 * A validator for the part of JSON Schema (draft 2020-12) that vharden's data schemas use
 * (`schemas/data/*.schema.json`): `type`, `enum`, `const`, `pattern`, `minLength`, `minimum`,
 * `required`, `properties`, `additionalProperties`, `items`, `minItems`, `anyOf`, local `$ref`
 * (`#/$defs/…`), and annotations (`$schema`, `$id`, `title`, `description`, `$comment`). A schema
 * with any other keyword is refused (`unsupportedKeywords`), so nothing is silently ignored.
 * Pure: the data schemas are bundled JSON, validation runs in the engine, CLI and editor alike.
 */

export type Schema = { [keyword: string]: unknown };

const CHECKED = ['type', 'enum', 'const', 'pattern', 'minLength', 'minimum', 'required', 'properties', 'additionalProperties', 'items', 'minItems', 'anyOf', '$ref', '$defs'];
const ANNOTATIONS = ['$schema', '$id', 'title', 'description', '$comment'];

/** Keywords of `schema` (at any depth) this validator does not implement, as JSON pointers. */
export function unsupportedKeywords(schema: Schema, at = '#'): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!CHECKED.includes(k) && !ANNOTATIONS.includes(k)) out.push(`${at}/${k}`);
    if (k === 'properties' || k === '$defs') for (const [name, sub] of Object.entries(v as Record<string, Schema>)) out.push(...unsupportedKeywords(sub, `${at}/${k}/${name}`));
    else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) out.push(...unsupportedKeywords(v, `${at}/${k}`));
    else if (k === 'anyOf') (v as Schema[]).forEach((sub, i) => out.push(...unsupportedKeywords(sub, `${at}/${k}/${i}`)));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  const t = typeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** `/advisories/3/fixedBuild` → `advisories[3].fixedBuild`: how messages name a place in the file. */
function place(path: (string | number)[]): string {
  if (path.length === 0) return 'the file';
  if (path.length === 1) return typeof path[0] === 'number' ? `entry [${path[0]}]` : `"${path[0]}"`;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The first problem of `value` against `schema`, naming where it is (`advisories[3].fixedBuild
 * must be an integer`), or undefined when it conforms. `root` resolves `$ref`s.
 */
export function validateSchema(value: unknown, schema: Schema, root: Schema = schema, path: (string | number)[] = []): string | undefined {
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/([^/]+)$/.exec(schema.$ref);
    const target = m ? (root.$defs as Record<string, Schema> | undefined)?.[m[1]!] : undefined;
    if (!target) return `the schema refers to ${schema.$ref}, which it does not define`;
    return validateSchema(value, target, root, path);
  }
  const where = place(path);
  if (schema.anyOf) {
    const options = schema.anyOf as Schema[];
    const problems = options.map((s) => validateSchema(value, s, root, path));
    if (problems.every((p) => p !== undefined)) return problems[problems.length - 1];
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) return path.length === 0 ? `the file is not a JSON ${types.join(' or ')}` : `${where} must be ${types.map((t) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : `a ${t}`)).join(' or ')}`;
  }
  if (schema.const !== undefined && value !== schema.const) return `${where} must be ${JSON.stringify(schema.const)}`;
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return `${where} must be one of ${(schema.enum as unknown[]).map((e) => JSON.stringify(e)).join(', ')}`;
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return `${where} must not be empty`;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return `${where} must be ${schema.description ? String(schema.description) : `text matching ${schema.pattern}`} (not ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)})`;
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) return `${where} must be at least ${schema.minimum}`;
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return `${where} must have at least ${schema.minItems} ${schema.minItems === 1 ? 'entry' : 'entries'}`;
    if (isObject(schema.items)) {
      for (let i = 0; i < value.length; i++) {
        const p = validateSchema(value[i], schema.items, root, [...path, i]);
        if (p) return p;
      }
    }
  }
  if (isObject(value)) {
    // in the schema's order of properties, so the first problem named is the first a reader meets
    const required = (schema.required as string[] | undefined) ?? [];
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, sub] of Object.entries(props)) {
      if (!Object.hasOwn(value, name)) {
        if (required.includes(name)) return `${path.length ? where : 'the file'} lacks "${name}"`;
        continue;
      }
      const p = validateSchema(value[name], sub, root, [...path, name]);
      if (p) return p;
    }
    for (const name of required) if (!Object.hasOwn(value, name)) return `${path.length ? where : 'the file'} lacks "${name}"`;
    for (const [name, v] of Object.entries(value)) {
      if (Object.hasOwn(props, name)) continue;
      if (schema.additionalProperties === false) return `${path.length ? where : 'the file'} has an unknown key "${name}"`;
      else if (isObject(schema.additionalProperties)) {
        const p = validateSchema(v, schema.additionalProperties, root, [...path, name]);
        if (p) return p;
      }
    }
  }
  return undefined;
}
