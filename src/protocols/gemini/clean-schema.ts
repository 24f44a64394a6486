import type { JsonSchema } from '../../core/request.js';
import { arrayOf, asObject, asString, type JsonObject } from '../../core/json.js';

/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini accepts in
 * functionDeclarations[].parameters and responseSchema
 * (https://ai.google.dev/api/caching#Schema). Gemini rejects any field it
 * does not know ("Invalid JSON payload received. Unknown name
 * \"additionalProperties\""), so the output is built from a whitelist rather
 * than by deleting known offenders: MCP servers and Zod emit $schema,
 * additionalProperties, $ref/$defs, const, type arrays, anyOf-with-null and
 * formats Gemini refuses (TRANSLATION.md item 5).
 *
 * - $ref is resolved against $defs / definitions (a cycle becomes a plain OBJECT);
 * - allOf is merged; anyOf/oneOf lose their null branch (→ nullable) and
 *   collapse when one branch is left, else stay as anyOf;
 * - type arrays ["string","null"] → type + nullable; several types → anyOf;
 * - const → a one-value enum; enum values become strings with type STRING;
 * - a schema with no type gets one (OBJECT with properties, ARRAY with
 *   items, STRING otherwise), and an ARRAY always gets items;
 * - formats other than the ones Gemini documents per type are dropped;
 * - title, default, examples, x-* and every other unknown key are dropped.
 */

const typeNames: Record<string, string> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};

/** Formats Gemini documents for each type; anything else is rejected upstream. */
const allowedFormats: Record<string, readonly string[]> = {
  STRING: ['enum', 'date-time'],
  INTEGER: ['int32', 'int64'],
  NUMBER: ['float', 'double'],
};

/** Keys copied as they are when present with the right JSON type. */
const numericKeys = ['minItems', 'maxItems', 'minimum', 'maximum', 'minLength', 'maxLength', 'minProperties', 'maxProperties'] as const;

const maxDepth = 64;

interface CleanContext {
  definitions: JsonObject;
  /** $ref targets being expanded on the current path, to stop cycles. */
  expanding: Set<string>;
  depth: number;
}

function geminiType(value: unknown): string | undefined {
  const name = asString(value);
  if (name === undefined) return undefined;
  return typeNames[name.toLowerCase()];
}

function resolveReference(reference: string, context: CleanContext): JsonObject | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference);
  if (match?.[1] === undefined) return undefined;
  const name = match[1].replace(/~1/g, '/').replace(/~0/g, '~');
  return asObject(context.definitions[name]);
}

/** allOf branches folded into one schema: properties and required united, other keys first-wins. */
function mergeAllOf(schema: JsonObject, context: CleanContext): JsonObject {
  const merged: JsonObject = { ...schema };
  delete merged.allOf;
  const properties: JsonObject = { ...(asObject(schema.properties) ?? {}) };
  const required = new Set(arrayOf(schema.required).filter((name): name is string => typeof name === 'string'));
  for (const branchValue of arrayOf(schema.allOf)) {
    let branch = asObject(branchValue);
    const reference = asString(branch?.$ref);
    if (reference !== undefined) branch = resolveReference(reference, context);
    if (branch === undefined) continue;
    if (branch.allOf !== undefined) branch = mergeAllOf(branch, context);
    Object.assign(properties, asObject(branch.properties) ?? {});
    for (const name of arrayOf(branch.required)) if (typeof name === 'string') required.add(name);
    for (const [key, value] of Object.entries(branch)) {
      if (key !== 'properties' && key !== 'required' && merged[key] === undefined) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** An enum or const value as Gemini's enum wants it: a string. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isNullSchema(value: unknown): boolean {
  const schema = asObject(value);
  if (schema === undefined) return false;
  if (asString(schema.type)?.toLowerCase() === 'null') return true;
  return schema.const === null || (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null);
}

/** A one-value string enum branch (`const: "a"` or `enum: ["a"]`), as Zod writes literal unions. */
function literalValues(value: unknown): string[] | undefined {
  const schema = asObject(value);
  if (schema === undefined) return undefined;
  if (schema.const !== undefined && schema.const !== null) return [scalarText(schema.const)];
  if (Array.isArray(schema.enum) && schema.properties === undefined) return schema.enum.filter((item) => item !== null).map(scalarText);
  return undefined;
}

function cleanNode(input: unknown, context: CleanContext): JsonObject {
  let schema = asObject(input) ?? {};
  if (context.depth > maxDepth) return { type: 'OBJECT' };
  const reference = asString(schema.$ref);
  if (reference !== undefined) {
    if (context.expanding.has(reference)) return withDescription({ type: 'OBJECT' }, schema);
    const target = resolveReference(reference, context);
    if (target === undefined) return withDescription({ type: 'OBJECT' }, schema);
    context.expanding.add(reference);
    // Keys beside $ref (a description, say) win over the target's; a target that is itself a $ref is followed.
    const siblings = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$ref'));
    const cleaned = cleanNode({ ...target, ...siblings }, { ...context, depth: context.depth + 1 });
    context.expanding.delete(reference);
    return cleaned;
  }
  if (schema.allOf !== undefined) schema = mergeAllOf(schema, context);

  const out: JsonObject = {};
  let nullable = schema.nullable === true;
  const description = asString(schema.description);
  if (description !== undefined) out.description = description;

  const alternatives = [...arrayOf(schema.anyOf), ...arrayOf(schema.oneOf)];
  if (alternatives.length > 0 && schema.properties === undefined) {
    const nonNull = alternatives.filter((branch) => !isNullSchema(branch));
    if (nonNull.length < alternatives.length) nullable = true;
    const literals = nonNull.map(literalValues);
    if (nonNull.length > 0 && literals.every((values) => values !== undefined)) {
      out.type = 'STRING';
      out.enum = literals.flat();
      out.format = 'enum';
    } else if (nonNull.length === 1) {
      const single = cleanNode(nonNull[0], { ...context, depth: context.depth + 1 });
      Object.assign(single, out.description === undefined ? {} : { description: out.description });
      if (nullable) single.nullable = true;
      return single;
    } else if (nonNull.length > 1) {
      out.anyOf = nonNull.map((branch) => cleanNode(branch, { ...context, depth: context.depth + 1 }));
      if (nullable) out.nullable = true;
      return out;
    }
  }

  // type: a name, or an array of names (["string", "null"]).
  let type: string | undefined;
  if (Array.isArray(schema.type)) {
    const names = schema.type.filter((name): name is string => typeof name === 'string');
    if (names.some((name) => name.toLowerCase() === 'null')) nullable = true;
    const types = names.map(geminiType).filter((name): name is string => name !== undefined);
    if (types.length > 1) {
      out.anyOf = types.map((name) => cleanNode({ ...schema, type: name, description: undefined }, { ...context, depth: context.depth + 1 }));
      if (nullable) out.nullable = true;
      return out;
    }
    type = types[0];
  } else if (typeof schema.type === 'string') {
    if (schema.type.toLowerCase() === 'null') nullable = true;
    type = geminiType(schema.type);
  }
  if (out.type === undefined) {
    if (schema.const !== undefined && schema.const !== null) {
      out.enum = [scalarText(schema.const)];
      type = 'STRING';
    } else if (Array.isArray(schema.enum)) {
      if (schema.enum.includes(null)) nullable = true;
      out.enum = schema.enum.filter((value) => value !== null).map(scalarText);
      type = 'STRING';
    }
    type ??= schema.properties !== undefined ? 'OBJECT' : schema.items !== undefined || schema.prefixItems !== undefined ? 'ARRAY' : 'STRING';
    out.type = type;
  }
  if (nullable) out.nullable = true;

  const format = asString(schema.format);
  if (format !== undefined && allowedFormats[out.type as string]?.includes(format) === true) out.format = format;
  if (out.enum !== undefined && out.format === undefined) out.format = 'enum';
  for (const key of numericKeys) {
    if (typeof schema[key] === 'number') out[key] = schema[key];
  }
  // Exclusive bounds have no field in Gemini's subset: the inclusive bound is the nearest it can say.
  if (typeof schema.exclusiveMinimum === 'number' && out.minimum === undefined) out.minimum = schema.exclusiveMinimum;
  if (typeof schema.exclusiveMaximum === 'number' && out.maximum === undefined) out.maximum = schema.exclusiveMaximum;
  const pattern = asString(schema.pattern);
  if (pattern !== undefined && out.type === 'STRING') out.pattern = pattern;

  if (out.type === 'OBJECT') {
    const properties = asObject(schema.properties);
    if (properties !== undefined && Object.keys(properties).length > 0) {
      const cleanedProperties: JsonObject = {};
      for (const [name, value] of Object.entries(properties)) {
        cleanedProperties[name] = cleanNode(value, { ...context, depth: context.depth + 1 });
      }
      out.properties = cleanedProperties;
      const required = arrayOf(schema.required).filter((name): name is string => typeof name === 'string' && name in cleanedProperties);
      if (required.length > 0) out.required = required;
      const ordering = arrayOf(schema.propertyOrdering).filter((name): name is string => typeof name === 'string');
      if (ordering.length > 0) out.propertyOrdering = ordering;
    }
  }
  if (out.type === 'ARRAY') {
    const tuple = arrayOf(schema.prefixItems);
    const items = Array.isArray(schema.items) ? schema.items : undefined;
    const itemSchema: unknown = items !== undefined || tuple.length > 0 ? (items ?? tuple)[0] : schema.items;
    // Gemini requires items on every ARRAY ("items: missing field").
    out.items = itemSchema === undefined || itemSchema === true ? { type: 'STRING' } : cleanNode(itemSchema, { ...context, depth: context.depth + 1 });
  }
  return out;
}

function withDescription(target: JsonObject, source: JsonObject): JsonObject {
  const description = asString(source.description);
  return description === undefined ? target : { ...target, description };
}

/** A JSON Schema cleaned into Gemini's Schema subset. */
export function cleanSchemaForGemini(schema: JsonSchema): JsonObject {
  const definitions = { ...(asObject(schema.definitions) ?? {}), ...(asObject(schema.$defs) ?? {}) };
  return cleanNode(schema, { definitions, expanding: new Set(), depth: 0 });
}

/** An object schema that declares no properties: Gemini refuses it as `parameters`, so the field is left out. */
export function isEmptyObjectSchema(schema: JsonSchema): boolean {
  const type = asString(schema.type)?.toLowerCase();
  if (type !== undefined && type !== 'object') return false;
  if (schema.anyOf !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined || schema.$ref !== undefined) return false;
  const properties = asObject(schema.properties);
  return properties === undefined || Object.keys(properties).length === 0;
}

/**
 * Gemini's OpenAPI-subset Schema (uppercase types, nullable) → JSON Schema,
 * for decoding `parameters` / `responseSchema` into the canonical model.
 */
export function geminiSchemaToJsonSchema(input: unknown): JsonSchema {
  const schema = asObject(input);
  if (schema === undefined) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'type': {
        const name = asString(value)?.toLowerCase();
        if (name !== undefined && name !== 'type_unspecified') out.type = schema.nullable === true ? [name, 'null'] : name;
        break;
      }
      case 'nullable':
        break;
      case 'properties': {
        const properties: JsonSchema = {};
        for (const [name, property] of Object.entries(asObject(value) ?? {})) properties[name] = geminiSchemaToJsonSchema(property);
        out.properties = properties;
        break;
      }
      case 'items':
        out.items = geminiSchemaToJsonSchema(value);
        break;
      case 'anyOf':
        out.anyOf = arrayOf(value).map(geminiSchemaToJsonSchema);
        break;
      case 'format':
        // "enum" is Gemini's marker for enum strings, not a JSON Schema format.
        if (value !== 'enum') out.format = value;
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

const schemaMaps = ['properties', '$defs', 'definitions', 'patternProperties'] as const;
const schemaLists = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const schemaSingles = ['items', 'additionalProperties', 'not', 'contains'] as const;

/**
 * A JSON Schema with Gemini's uppercase type names ("OBJECT") lowercased.
 * Gemini accepts them in parametersJsonSchema / responseJsonSchema and
 * Gemini CLI sends them; every other API wants JSON Schema's own names.
 * Only `type` in schema positions is touched, never a property named "type".
 */
export function normalizeJsonSchemaTypes(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(normalizeJsonSchemaTypes);
  const schema = asObject(input);
  if (schema === undefined) return input;
  const out: JsonObject = { ...schema };
  if (typeof schema.type === 'string') out.type = schema.type.toLowerCase();
  else if (Array.isArray(schema.type)) out.type = (schema.type as unknown[]).map((name) => (typeof name === 'string' ? name.toLowerCase() : name));
  for (const key of schemaMaps) {
    const map = asObject(schema[key]);
    if (map === undefined) continue;
    const normalized: JsonObject = {};
    for (const [name, child] of Object.entries(map)) normalized[name] = normalizeJsonSchemaTypes(child);
    out[key] = normalized;
  }
  for (const key of schemaLists) if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map(normalizeJsonSchemaTypes);
  for (const key of schemaSingles) if (typeof schema[key] === 'object' && schema[key] !== null) out[key] = normalizeJsonSchemaTypes(schema[key]);
  return out;
}
