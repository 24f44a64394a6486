import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { cleanSchemaForGemini, geminiSchemaToJsonSchema, isEmptyObjectSchema, normalizeJsonSchemaTypes } from './clean-schema.js';

/** Every key Gemini's Schema knows (https://ai.google.dev/api/caching#Schema); anything else is a 400 upstream. */
const geminiKeys = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties',
  'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum',
]);

function assertGeminiValid(schema: unknown, path = 'parameters'): void {
  assert.equal(typeof schema, 'object', path);
  const node = schema as Record<string, unknown>;
  for (const key of Object.keys(node)) assert.ok(geminiKeys.has(key), `${path}: unknown key ${key}`);
  if (node.anyOf === undefined) assert.equal(typeof node.type, 'string', `${path}: type`);
  if (node.type === 'ARRAY') assert.ok(node.items !== undefined, `${path}: ARRAY without items`);
  if (node.properties !== undefined) {
    assert.equal(node.type, 'OBJECT', `${path}: properties on non-object`);
    assert.ok(Object.keys(node.properties as object).length > 0, `${path}: empty properties`);
  }
  if (Array.isArray(node.enum)) {
    assert.equal(node.type, 'STRING');
    for (const value of node.enum) assert.equal(typeof value, 'string');
  }
  for (const [name, child] of Object.entries((node.properties as Record<string, unknown> | undefined) ?? {})) assertGeminiValid(child, `${path}.${name}`);
  if (node.items !== undefined) assertGeminiValid(node.items, `${path}.items`);
  for (const [index, branch] of ((node.anyOf as unknown[] | undefined) ?? []).entries()) assertGeminiValid(branch, `${path}.anyOf[${index}]`);
}

interface Case {
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

// Inputs: real shapes from MCP servers (@modelcontextprotocol/server-filesystem edit_file,
// as published in its tools/list) and JSON Schema idioms Zod 3/4 and Pydantic emit.
const cases: Case[] = [
  {
    name: 'MCP filesystem edit_file: $schema and additionalProperties stripped, default dropped',
    input: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        edits: {
          type: 'array',
          items: {
            type: 'object',
            properties: { oldText: { type: 'string', description: 'Text to search for - must match exactly' }, newText: { type: 'string', description: 'Text to replace with' } },
            required: ['oldText', 'newText'],
            additionalProperties: false,
          },
        },
        dryRun: { type: 'boolean', default: false, description: 'Preview changes using git-style diff format' },
      },
      required: ['path', 'edits'],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    },
    expected: {
      type: 'OBJECT',
      properties: {
        path: { type: 'STRING' },
        edits: {
          type: 'ARRAY',
          items: {
            type: 'OBJECT',
            properties: { oldText: { description: 'Text to search for - must match exactly', type: 'STRING' }, newText: { description: 'Text to replace with', type: 'STRING' } },
            required: ['oldText', 'newText'],
          },
        },
        dryRun: { description: 'Preview changes using git-style diff format', type: 'BOOLEAN' },
      },
      required: ['path', 'edits'],
    },
  },
  {
    name: 'type arrays with null become nullable; several types become anyOf',
    input: { type: 'object', properties: { note: { type: ['string', 'null'] }, value: { type: ['string', 'number'] } } },
    expected: {
      type: 'OBJECT',
      properties: { note: { type: 'STRING', nullable: true }, value: { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] } },
    },
  },
  {
    name: 'anyOf with a null branch collapses to the other branch, nullable',
    input: { anyOf: [{ type: 'integer', minimum: 1, maximum: 9007199254740991 }, { type: 'null' }], description: 'count' },
    expected: { type: 'INTEGER', minimum: 1, maximum: 9007199254740991, description: 'count', nullable: true },
  },
  {
    name: 'a union of literals (Zod z.union of z.literal) becomes a string enum',
    input: { anyOf: [{ type: 'string', const: 'a' }, { type: 'string', const: 'b' }] },
    expected: { type: 'STRING', enum: ['a', 'b'], format: 'enum' },
  },
  {
    name: 'const becomes a one-value enum; numeric enums become strings',
    input: { type: 'object', properties: { kind: { const: 'file' }, level: { type: 'integer', enum: [1, 2, 3] } } },
    expected: {
      type: 'OBJECT',
      properties: { kind: { enum: ['file'], type: 'STRING', format: 'enum' }, level: { enum: ['1', '2', '3'], type: 'STRING', format: 'enum' } },
    },
  },
  {
    name: '$ref into $defs is inlined and $defs removed (Pydantic / Zod with reused types)',
    input: {
      type: 'object',
      properties: { start: { $ref: '#/$defs/Point' }, end: { $ref: '#/$defs/Point', description: 'the end' } },
      $defs: { Point: { type: 'object', title: 'Point', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] } },
    },
    expected: {
      type: 'OBJECT',
      properties: {
        start: { type: 'OBJECT', properties: { x: { type: 'NUMBER' }, y: { type: 'NUMBER' } }, required: ['x', 'y'] },
        end: { description: 'the end', type: 'OBJECT', properties: { x: { type: 'NUMBER' }, y: { type: 'NUMBER' } }, required: ['x', 'y'] },
      },
    },
  },
  {
    name: 'a recursive $ref stops at a plain OBJECT instead of looping',
    input: {
      type: 'object',
      properties: { tree: { $ref: '#/definitions/Node' } },
      definitions: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/definitions/Node' } } } } },
    },
    expected: {
      type: 'OBJECT',
      properties: { tree: { type: 'OBJECT', properties: { children: { type: 'ARRAY', items: { type: 'OBJECT' } } } } },
    },
  },
  {
    name: 'a $ref to a $ref is followed; Pydantic allOf-wrapped $ref to an enum keeps the enum',
    input: {
      type: 'object',
      properties: { alias: { $ref: '#/$defs/Alias' }, color: { allOf: [{ $ref: '#/$defs/Color' }], description: 'Pick one' } },
      $defs: { Alias: { $ref: '#/$defs/Name' }, Name: { type: 'string', maxLength: 10 }, Color: { title: 'Color', type: 'string', enum: ['red', 'blue'] } },
    },
    expected: {
      type: 'OBJECT',
      properties: { alias: { type: 'STRING', maxLength: 10 }, color: { description: 'Pick one', enum: ['red', 'blue'], type: 'STRING', format: 'enum' } },
    },
  },
  {
    name: 'allOf is merged',
    input: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'boolean' } } }] },
    expected: { type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'BOOLEAN' } }, required: ['a'] },
  },
  {
    name: 'free-form objects (z.record) lose properties-less extras; arrays get items; untyped leaves become STRING',
    input: {
      type: 'object',
      properties: {
        meta: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } },
        list: { type: 'array' },
        anything: {},
        empty: { type: 'object', properties: {} },
      },
    },
    expected: {
      type: 'OBJECT',
      properties: { meta: { type: 'OBJECT' }, list: { type: 'ARRAY', items: { type: 'STRING' } }, anything: { type: 'STRING' }, empty: { type: 'OBJECT' } },
    },
  },
  {
    name: 'unsupported formats, x- keys, examples, patternProperties, uniqueItems, $id, title and exclusive bounds',
    input: {
      $id: 'urn:tool',
      title: 'Args',
      type: 'object',
      'x-google-ignore': true,
      patternProperties: { '^x': { type: 'string' } },
      properties: {
        url: { type: 'string', format: 'uri', examples: ['https://a'] },
        when: { type: 'string', format: 'date-time' },
        ratio: { type: 'number', exclusiveMinimum: 0, format: 'float' },
        ids: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1 },
        code: { type: 'string', pattern: '^[A-Z]+$', minLength: 2 },
      },
    },
    expected: {
      type: 'OBJECT',
      properties: {
        url: { type: 'STRING' },
        when: { type: 'STRING', format: 'date-time' },
        ratio: { type: 'NUMBER', format: 'float', minimum: 0 },
        ids: { type: 'ARRAY', minItems: 1, items: { type: 'STRING' } },
        code: { type: 'STRING', minLength: 2, pattern: '^[A-Z]+$' },
      },
    },
  },
  {
    name: 'uppercase Gemini types pass through (Gemini CLI sends them)',
    input: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } }, required: ['n', 'missing'] },
    expected: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } }, required: ['n'] },
  },
];

for (const entry of cases) {
  test(`cleanSchemaForGemini: ${entry.name}`, () => {
    const cleaned = cleanSchemaForGemini(entry.input);
    assert.deepEqual(cleaned, entry.expected);
    assertGeminiValid(cleaned);
  });
}

test('cleanSchemaForGemini: real Zod 4 schemas (draft 2020-12 and draft-7 targets) come out valid', () => {
  const schema = z.object({
    path: z.string().describe('File path'),
    mode: z.enum(['read', 'write']).optional(),
    count: z.number().int().min(1).nullable(),
    tags: z.array(z.string()).default([]),
    kind: z.union([z.literal('a'), z.literal('b')]),
    meta: z.record(z.string(), z.string()),
    note: z.string().nullable().optional(),
    nested: z.object({ deep: z.array(z.object({ id: z.string().uuid() })) }),
  });
  for (const target of ['draft-2020-12', 'draft-7'] as const) {
    const jsonSchema = z.toJSONSchema(schema, { target }) as Record<string, unknown>;
    const cleaned = cleanSchemaForGemini(jsonSchema);
    assertGeminiValid(cleaned);
    const properties = cleaned.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.mode, { type: 'STRING', enum: ['read', 'write'], format: 'enum' });
    assert.deepEqual(properties.kind, { type: 'STRING', enum: ['a', 'b'], format: 'enum' });
    assert.equal(properties.count?.nullable, true);
    assert.equal(properties.count?.type, 'INTEGER');
    assert.deepEqual(cleaned.required, ['path', 'count', 'tags', 'kind', 'meta', 'nested']);
  }
});

test('isEmptyObjectSchema: tools without parameters', () => {
  assert.equal(isEmptyObjectSchema({ type: 'object', properties: {} }), true);
  assert.equal(isEmptyObjectSchema({ type: 'object', properties: {}, additionalProperties: false, $schema: 'x' }), true);
  assert.equal(isEmptyObjectSchema({}), true);
  assert.equal(isEmptyObjectSchema({ type: 'object', properties: { a: { type: 'string' } } }), false);
  assert.equal(isEmptyObjectSchema({ $ref: '#/$defs/A' }), false);
});

test('geminiSchemaToJsonSchema: uppercase OpenAPI subset back to JSON Schema', () => {
  assert.deepEqual(
    geminiSchemaToJsonSchema({
      type: 'OBJECT',
      properties: { name: { type: 'STRING', nullable: true }, kind: { type: 'STRING', format: 'enum', enum: ['a'] }, list: { type: 'ARRAY', items: { type: 'INTEGER' } } },
      required: ['name'],
    }),
    {
      type: 'object',
      properties: { name: { type: ['string', 'null'] }, kind: { type: 'string', enum: ['a'] }, list: { type: 'array', items: { type: 'integer' } } },
      required: ['name'],
    },
  );
});

test('normalizeJsonSchemaTypes: Gemini CLI uppercase types in responseJsonSchema, a property named "type" untouched', () => {
  assert.deepEqual(
    normalizeJsonSchemaTypes({
      type: 'OBJECT',
      properties: {
        complexity_score: { type: 'INTEGER', description: 'Score' },
        type: { type: 'STRING', enum: ['A'] },
        list: { type: 'ARRAY', items: { type: 'OBJECT', properties: { v: { type: ['NUMBER', 'null'] } } } },
      },
      required: ['complexity_score'],
    }),
    {
      type: 'object',
      properties: {
        complexity_score: { type: 'integer', description: 'Score' },
        type: { type: 'string', enum: ['A'] },
        list: { type: 'array', items: { type: 'object', properties: { v: { type: ['number', 'null'] } } } },
      },
      required: ['complexity_score'],
    },
  );
});
