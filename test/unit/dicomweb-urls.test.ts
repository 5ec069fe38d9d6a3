/** Credentials in a PACS address (issue 24 class 7): split into a sign-in, never shown. */
import { describe, expect, it } from 'vitest';
import { effectiveAuth, normaliseBaseUrl } from '../../src/dicom/dicomweb/client';
import { redactCredentials, splitCredentials } from '../../src/dicom/dicomweb/urls';
import { usePacsSecrets, usePacsStore } from '../../src/state/pacsStore';

describe('credentials in PACS addresses', () => {
  it('splits user:password@ out of an address, decoding percent escapes', () => {
    expect(splitCredentials('http://planner:p%40ss:w@pacs.example:8042/dicom-web/')).toEqual({
      url: 'http://pacs.example:8042/dicom-web/',
      credentials: { username: 'planner', password: 'p@ss:w' },
    });
    expect(splitCredentials('/dicom-web')).toEqual({ url: '/dicom-web', credentials: undefined });
    expect(splitCredentials('https://token@h/x').credentials).toEqual({ username: 'token', password: '' });
    // An @ in the path is not user information.
    expect(splitCredentials('http://h/a@b').credentials).toBeUndefined();
    expect(normaliseBaseUrl(' http://a:b@h/dicom-web/ ')).toBe('http://h/dicom-web');
  });

  it('the address sign-in is used only when none is chosen', () => {
    expect(effectiveAuth({ baseUrl: 'http://a:b@h' })).toEqual({
      kind: 'basic',
      username: 'a',
      password: 'b',
    });
    expect(effectiveAuth({ baseUrl: 'http://a:b@h', auth: { kind: 'bearer', token: 't' } })).toEqual({
      kind: 'bearer',
      token: 't',
    });
    expect(effectiveAuth({ baseUrl: 'http://h' })).toEqual({ kind: 'none' });
  });

  it('redacts every URL in a text', () => {
    expect(redactCredentials('Cannot reach http://u:pw@h:1/x (fetch http://u:pw@h:1/x/studies failed)')).toBe(
      'Cannot reach http://h:1/x (fetch http://h:1/x/studies failed)',
    );
  });

  it('the store never keeps a password typed into the address; notices are redacted', () => {
    usePacsStore.getState().setConnection({ baseUrl: 'https://planner:hunter2@pacs/dicom-web' });
    expect(usePacsStore.getState().connection).toEqual({
      baseUrl: 'https://pacs/dicom-web',
      authKind: 'basic',
      username: 'planner',
    });
    expect(usePacsSecrets.getState().password).toBe('hunter2');
    usePacsStore.getState().setNotice({ kind: 'error', text: 'HTTP 500 for https://planner:hunter2@pacs/x' });
    usePacsStore.getState().setStoreNotice({ kind: 'error', text: 'at https://planner:hunter2@pacs/x' });
    expect(JSON.stringify(usePacsStore.getState())).not.toContain('hunter2');
  });
});
