import { describe, expect, it } from 'vitest';
import { csrfRefusal } from './csrf.js';

const plain = { secure: false };

describe('csrfRefusal', () => {
  it.each([
    ['a read without the header', 'GET', {}, plain, null],
    ['a write with the header and no Origin', 'POST', { 'x-requested-with': 'x' }, plain, null],
    [
      'a write from its own origin',
      'DELETE',
      { 'x-requested-with': 'x', host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      plain,
      null,
    ],
    [
      'a write from the public base URL behind a proxy',
      'POST',
      { 'x-requested-with': 'x', host: 'internal:3000', origin: 'https://news.example' },
      { secure: false, publicBaseUrl: 'https://news.example/api' },
      null,
    ],
  ])('lets %s through', (_name, method, headers, options, expected) => {
    expect(csrfRefusal(method, headers, options)).toBe(expected);
  });

  it.each([
    [
      'a write without the header',
      'POST',
      { host: 'a', origin: 'http://a' },
      plain,
      /X-Requested-With/,
    ],
    [
      'a write with an empty header',
      'PATCH',
      { 'x-requested-with': ' ' },
      plain,
      /X-Requested-With/,
    ],
    [
      'a write from another site',
      'POST',
      { 'x-requested-with': 'x', host: '127.0.0.1:3000', origin: 'http://evil.example' },
      plain,
      /evil\.example/,
    ],
    [
      'a write whose Origin is null (a sandboxed frame)',
      'POST',
      { 'x-requested-with': 'x', host: '127.0.0.1:3000', origin: 'null' },
      plain,
      /came from null/,
    ],
    [
      'an http origin on an https connection',
      'POST',
      { 'x-requested-with': 'x', host: 'news.example', origin: 'http://news.example' },
      { secure: true },
      /came from http:\/\/news\.example/,
    ],
  ])('refuses %s', (_name, method, headers, options, expected) => {
    expect(csrfRefusal(method, headers, options)).toMatch(expected);
  });
});
