// A very small IndexedDB wrapper: the outbox, and a key-value store of what the app last read
// (units, campaigns, households, assessments) so that it works with no network.

const DB_NAME = "ra-soat";
let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
      if (!db.objectStoreNames.contains("kv")) db.createObjectStore("kv");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = fn(tx.objectStore(store));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

export const idb = {
  get: <T>(store: string, key: string) => run<T | undefined>(store, "readonly", (s) => s.get(key)),
  all: <T>(store: string) => run<T[]>(store, "readonly", (s) => s.getAll()),
  put: (store: string, value: unknown, key?: string) =>
    run(store, "readwrite", (s) => s.put(value, key)).then(() => undefined),
  delete: (store: string, key: string) => run(store, "readwrite", (s) => s.delete(key)).then(() => undefined),
  clear: (store: string) => run(store, "readwrite", (s) => s.clear()).then(() => undefined),
  /** Keys of the key-value store starting with `prefix`. */
  keys: (store: string, prefix: string) =>
    run<IDBValidKey[]>(store, "readonly", (s) => s.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))).then(
      (k) => k as string[],
    ),
};

export const kv = {
  get: <T>(key: string) => idb.get<T>("kv", key),
  put: (key: string, value: unknown) => idb.put("kv", value, key),
  delete: (key: string) => idb.delete("kv", key),
};
