import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app';
import { openStore, type Store } from '../../server/db/openStore';

export interface RunningServer {
  url: string;
  db: Store;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port over the store at `path`. */
export async function startServer(path: string): Promise<RunningServer> {
  const db = openStore(path);
  const app = createApp(db, { clientDir: 'client/dist' });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}

export async function getJson<T = any>(base: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as T };
}
