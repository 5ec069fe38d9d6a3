import { usePacsSecrets, usePacsStore } from '../../state/pacsStore';

const row = { display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' } as const;

/** Server address and credentials. Credentials stay in memory for this page only. */
export function PacsConnectionFields() {
  const connection = usePacsStore((s) => s.connection);
  const setConnection = usePacsStore((s) => s.setConnection);
  const password = usePacsSecrets((s) => s.password);
  const token = usePacsSecrets((s) => s.token);
  const setSecret = usePacsSecrets((s) => s.setSecret);
  return (
    <fieldset style={{ display: 'grid', gap: 6, border: '1px solid var(--line)', padding: 8 }}>
      <legend>Server</legend>
      <label style={row}>
        DICOMweb address
        <input
          data-testid="pacs-url"
          size={40}
          value={connection.baseUrl}
          onChange={(e) => setConnection({ baseUrl: e.target.value })}
        />
      </label>
      <div style={row}>
        <label>
          Sign-in{' '}
          <select
            data-testid="pacs-auth"
            value={connection.authKind}
            onChange={(e) => setConnection({ authKind: e.target.value as typeof connection.authKind })}
          >
            <option value="none">none</option>
            <option value="basic">user name and password</option>
            <option value="bearer">bearer token</option>
          </select>
        </label>
        {connection.authKind === 'basic' && (
          <>
            <input
              data-testid="pacs-user"
              placeholder="user name"
              autoComplete="username"
              value={connection.username}
              onChange={(e) => setConnection({ username: e.target.value })}
            />
            <input
              data-testid="pacs-password"
              type="password"
              placeholder="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setSecret({ password: e.target.value })}
            />
          </>
        )}
        {connection.authKind === 'bearer' && (
          <input
            data-testid="pacs-token"
            type="password"
            placeholder="token"
            value={token}
            onChange={(e) => setSecret({ token: e.target.value })}
          />
        )}
      </div>
      <small>
        Through this app's address only (a proxy, or the app served by the PACS). Credentials are kept until
        the page closes, never saved.
      </small>
    </fieldset>
  );
}
