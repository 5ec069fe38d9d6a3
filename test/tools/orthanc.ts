/**
 * Starts a throw-away Orthanc with its DICOMweb plugin for tests (Debian orthanc + orthanc-dicomweb): loopback only,
 * the given HTTP and DICOM ports, a temp storage dir, authentication off unless users are given.
 * Stop it with `stop()` (POST /tools/shutdown, then SIGTERM, then SIGKILL; every wait is bounded).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ORTHANC_BINARY_CANDIDATES = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'];
const DICOMWEB_PLUGIN_CANDIDATES = [
  '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  '/usr/lib/orthanc/libOrthancDicomWeb.so',
];

export interface OrthancOptions {
  httpPort: number;
  dicomPort: number;
  /** Basic-auth users (name -> password); authentication is off when absent. */
  users?: Record<string, string>;
}

export interface RunningOrthanc {
  /** e.g. http://127.0.0.1:8043 */
  url: string;
  /** The DICOMweb service root, e.g. http://127.0.0.1:8043/dicom-web */
  dicomWebUrl: string;
  /** POSTs Part 10 files to /instances (Orthanc's REST upload); returns Orthanc instance ids. */
  upload: (files: readonly string[]) => Promise<string[]>;
  stop: () => Promise<void>;
  log: () => string;
}

const firstExisting = (paths: readonly string[]) => paths.find((p) => existsSync(p));

/** Why Orthanc cannot run here, or undefined when it can (the binary and the DICOMweb plugin exist). */
export function orthancMissing(): string | undefined {
  if (!firstExisting(ORTHANC_BINARY_CANDIDATES)) {
    return 'Orthanc is not installed (run test/tools/setup-system.sh as root: apt-get install orthanc orthanc-dicomweb)';
  }
  if (!firstExisting(DICOMWEB_PLUGIN_CANDIDATES))
    return 'the Orthanc DICOMweb plugin (orthanc-dicomweb) is missing';
  return undefined;
}

/** Tries the system setup once when Orthanc is missing (CI runs it first anyway); returns why it still cannot run. */
export function ensureOrthanc(): string | undefined {
  if (!orthancMissing()) return undefined;
  try {
    execFileSync('bash', [join(import.meta.dirname, 'setup-system.sh')], { stdio: 'pipe', timeout: 300_000 });
  } catch {
    // The reason is reported below.
  }
  return orthancMissing();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOrthanc(options: OrthancOptions): Promise<RunningOrthanc> {
  const missing = orthancMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'spineplan-orthanc-'));
  const url = `http://127.0.0.1:${options.httpPort}`;
  const authHeader: Record<string, string> = {};
  const firstUser = Object.entries(options.users ?? {})[0];
  if (firstUser)
    authHeader.Authorization = `Basic ${Buffer.from(`${firstUser[0]}:${firstUser[1]}`).toString('base64')}`;
  const config = {
    Name: `spineplan-test-${options.httpPort}`,
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    HttpPort: options.httpPort,
    DicomPort: options.dicomPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.users !== undefined,
    RegisteredUsers: options.users ?? {},
    Plugins: [firstExisting(DICOMWEB_PLUGIN_CANDIDATES)],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, StudiesMetadata: 'Full' },
    HttpCompressionEnabled: false,
    StorageCompression: false,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const logPath = join(dir, 'orthanc.log');
  const child: ChildProcess = spawn(
    firstExisting(ORTHANC_BINARY_CANDIDATES)!,
    [configPath, `--logfile=${logPath}`],
    {
      stdio: 'ignore',
    },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

  // Orthanc starts in ~0.5 s here; allow 30 s on a loaded 2-core machine.
  let ready = false;
  for (let i = 0; i < 150 && !exited; i++) {
    try {
      const response = await fetch(`${url}/system`, {
        headers: authHeader,
        signal: AbortSignal.timeout(2000),
      });
      if (response.ok) {
        ready = true;
        break;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  async function stop() {
    if (!exited) {
      await fetch(`${url}/tools/shutdown`, {
        method: 'POST',
        headers: authHeader,
        signal: AbortSignal.timeout(3000),
      }).catch(() => undefined);
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGTERM');
      for (let i = 0; i < 30 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (!ready) {
    const text = log();
    await stop();
    throw new Error(`Orthanc did not answer on ${url} in time. Log tail:\n${text.slice(-2000)}`);
  }

  async function upload(files: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const file of files) {
      const response = await fetch(`${url}/instances`, {
        method: 'POST',
        headers: { ...authHeader, 'Content-Type': 'application/dicom' },
        body: readFileSync(file),
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok)
        throw new Error(`upload of ${file} failed: HTTP ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { ID: string }).ID);
    }
    return ids;
  }

  return { url, dicomWebUrl: `${url}/dicom-web`, upload, stop, log };
}
