import { describe, expect, it } from 'vitest';
import { fieldsInMessage } from '../src/errors.js';

describe('fieldsInMessage', () => {
  it.each([
    [
      'request.verificationCode: size must be between 6 and 6',
      [['verificationCode', 'size must be between 6 and 6']],
    ],
    [
      'request.name: must not be blank, request.address.postCode: size must be between 1 and 10',
      [
        ['name', 'must not be blank'],
        ['address.postCode', 'size must be between 1 and 10'],
      ],
    ],
    [
      'createUser.arg0.email: must be a well-formed email address',
      [['createUser.arg0.email', 'must be a well-formed email address']],
    ],
    ['Invalid request', []],
    ['Error: something broke', []],
    ['Payloads do not match for the same idempotency-ref.', []],
    ['', []],
  ])('%s', (message, fields) => {
    expect(fieldsInMessage(message)).toEqual(fields.map(([fieldName, m]) => ({ fieldName, message: m })));
  });
});
