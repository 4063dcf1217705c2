import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bypassesProxy,
  hubAuthorization,
  proxyAuthorization,
  resolveProxy,
} from '../../../src/core/models/proxy';

const hub = new URL('https://huggingface.co/x');

test('HTTPS_PROXY for https, HTTP_PROXY for http, lower case accepted, explicit setting wins', () => {
  const env = { https_proxy: 'http://secure:1', HTTP_PROXY: 'http://plain:2' };
  assert.equal(resolveProxy(hub, { env })?.host, 'secure:1');
  assert.equal(resolveProxy(new URL('http://a.org/'), { env })?.host, 'plain:2');
  assert.equal(resolveProxy(hub, { env: { HTTP_PROXY: 'http://plain:2' } })?.host, 'plain:2');
  assert.equal(resolveProxy(hub, { env, proxy: 'http://vscode:3' })?.host, 'vscode:3');
  assert.equal(resolveProxy(hub, { env: {} }), undefined);
  assert.equal(resolveProxy(hub, { env: { HTTPS_PROXY: 'corp:8080' } })?.href, 'http://corp:8080/');
});

test('NO_PROXY: exact host, domain suffix, leading dot, port, wildcard', () => {
  assert.equal(bypassesProxy(hub, 'huggingface.co'), true);
  assert.equal(bypassesProxy(new URL('https://cdn-lfs.huggingface.co/'), 'huggingface.co'), true);
  assert.equal(bypassesProxy(new URL('https://nothuggingface.co/'), 'huggingface.co'), false);
  assert.equal(bypassesProxy(new URL('https://a.example.org/'), '.example.org'), true);
  assert.equal(bypassesProxy(hub, 'huggingface.co:80'), false);
  assert.equal(bypassesProxy(hub, 'huggingface.co:443'), true);
  assert.equal(bypassesProxy(hub, '*'), true);
  assert.equal(
    resolveProxy(hub, {
      env: { HTTPS_PROXY: 'http://p:1', no_proxy: 'localhost, huggingface.co' },
    }),
    undefined,
  );
  assert.equal(
    resolveProxy(hub, { env: { HTTPS_PROXY: 'http://p:1' }, noProxy: 'huggingface.co' }),
    undefined,
  );
});

test('proxy credentials become a Basic Proxy-Authorization header; bad proxies are explained', () => {
  const header = proxyAuthorization(new URL('http://us%40er:p%3Ass@p:1'));
  assert.equal(Buffer.from(header!.replace('Basic ', ''), 'base64').toString(), 'us@er:p:ss');
  assert.equal(proxyAuthorization(new URL('http://p:1')), undefined);
  assert.throws(
    () => resolveProxy(hub, { env: {}, proxy: 'socks5://p:1' }),
    /only http:\/\/ and https:\/\//,
  );
});

test('HF_TOKEN goes to huggingface.co over https only', () => {
  const auth = hubAuthorization({ HF_TOKEN: ' hf_abc ' });
  assert.equal(auth(new URL('https://huggingface.co/a/resolve/main/x')), 'Bearer hf_abc');
  assert.equal(auth(new URL('https://cdn-lfs.huggingface.co/x')), 'Bearer hf_abc');
  assert.equal(auth(new URL('https://cas-bridge.xethub.hf.co/x')), undefined);
  assert.equal(auth(new URL('https://evilhuggingface.co/x')), undefined);
  assert.equal(auth(new URL('http://huggingface.co/x')), undefined);
  assert.equal(hubAuthorization({})(new URL('https://huggingface.co/x')), undefined);
  assert.equal(
    hubAuthorization({ HUGGING_FACE_HUB_TOKEN: 't' })(new URL('https://huggingface.co/x')),
    'Bearer t',
  );
});
