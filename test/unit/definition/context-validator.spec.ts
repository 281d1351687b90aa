import { compileContextValidator, instancePathToField } from '../../../lib/definition/context-validator';

describe('compileContextValidator', () => {
  const validate = compileContextValidator({
    type: 'object',
    required: ['even_number'],
    properties: {
      even_number: { type: 'integer', multipleOf: 2 },
      mode: { enum: ['fast', 'slow'] },
      address: {
        type: 'object',
        required: ['city'],
        properties: { city: { type: 'string' } },
        additionalProperties: false,
      },
      items: { type: 'array', items: { type: 'object', properties: { 'unit price': { type: 'number' } } } },
    },
  });

  it('accepts a matching context', () => {
    expect(validate({ even_number: 4, mode: 'fast', address: { city: 'Lyon' } })).toEqual([]);
  });

  it('names the field and the rule', () => {
    expect(validate({ even_number: 'four' })).toEqual(['context.even_number must be integer']);
    expect(validate({ even_number: 3 })).toEqual(['context.even_number must be multiple of 2']);
  });

  it('reports a missing required property on the object that lacks it', () => {
    expect(validate({})).toEqual(["context must have required property 'even_number'"]);
    expect(validate({ even_number: 2, address: {} })).toEqual(["context.address must have required property 'city'"]);
  });

  it('reports every problem at once', () => {
    expect(validate({ mode: 'medium', address: { city: 7 } })).toEqual([
      "context must have required property 'even_number'",
      'context.mode must be equal to one of the allowed values: "fast", "slow"',
      'context.address.city must be string',
    ]);
  });

  it('names an additional property and array items', () => {
    expect(validate({ even_number: 2, address: { city: 'Lyon', zip: 1 } })).toEqual([
      "context.address must NOT have additional property 'zip'",
    ]);
    expect(validate({ even_number: 2, items: [{}, { 'unit price': 'x' }] })).toEqual([
      'context.items[1]["unit price"] must be number',
    ]);
  });

  it('requires an object context, with or without a schema', () => {
    for (const context of [null, [], 'x', 5, undefined]) {
      expect(validate(context)).toEqual(['context must be an object']);
      expect(compileContextValidator(undefined)(context)).toEqual(['context must be an object']);
    }
    expect(compileContextValidator(undefined)({ anything: true })).toEqual([]);
  });

  it('tolerates annotation keywords and treats format as an annotation', () => {
    const lenient = compileContextValidator({
      type: 'object',
      properties: { email: { type: 'string', format: 'email', example: 'a@b.c', 'x-internal': true } },
    });
    expect(lenient({ email: 'not an email' })).toEqual([]);
    expect(lenient({ email: 1 })).toEqual(['context.email must be string']);
  });

  it('throws when the schema does not compile', () => {
    expect(() => compileContextValidator({ type: 'objekt' })).toThrow(/type/);
    expect(() => compileContextValidator({ $ref: '#/$defs/missing' })).toThrow(/can't resolve reference/);
    expect(() => compileContextValidator({ $async: true, type: 'object' })).toThrow(/\$async/);
  });

  it('lets two validators share a schema $id', () => {
    const schema = { $id: 'https://example.test/context', type: 'object', required: ['a'] };
    compileContextValidator(schema);
    expect(compileContextValidator(schema)({})).toEqual(["context must have required property 'a'"]);
  });
});

describe('instancePathToField', () => {
  it('turns a JSON Pointer into a readable field path', () => {
    expect(instancePathToField('')).toBe('context');
    expect(instancePathToField('/a/0/b_c')).toBe('context.a[0].b_c');
    expect(instancePathToField('/a~1b/c~0d')).toBe('context["a/b"]["c~d"]');
  });
});
