// Where the service worker keeps the server address and the API token: an IndexedDB database
// of the extension's origin. Content scripts run with the web page's origin, so — unlike
// chrome.storage.local, which content scripts can read — they cannot open it. Only this worker
// reads or writes it (the extension's pages could, by origin, but they never do: they ask the
// worker, and no answer ever carries the token).

const DB_NAME = "disputeclerk-vault";
const STORE = "connection";
const KEY = "current";

let opening = null;

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

function database() {
  if (!opening) {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    opening = request(open).catch((error) => {
      opening = null; // try again on the next call
      throw error;
    });
  }
  return opening;
}

async function transact(mode, work) {
  const db = await database();
  const transaction = db.transaction(STORE, mode, { durability: "strict" });
  const result = request(work(transaction.objectStore(STORE)));
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  return result;
}

/** {serverUrl, token}: either may be null. */
export async function readConnection() {
  await migrateFromStorage();
  const stored = await transact("readonly", (store) => store.get(KEY));
  return { serverUrl: stored?.serverUrl ?? null, token: stored?.token ?? null };
}

/** Replace the stored connection (the token is only ever stored with the server that issued it). */
export async function writeConnection({ serverUrl, token = null }) {
  await transact("readwrite", (store) => store.put({ serverUrl, token }, KEY));
}

/** Forget the server and the token (tests; a reset). */
export async function forgetConnection() {
  await transact("readwrite", (store) => store.delete(KEY));
}

// Version 0.1.0 kept {serverUrl, token} in chrome.storage.local; move them once.
let migrated = false;
async function migrateFromStorage() {
  if (migrated) {
    return;
  }
  const old = await chrome.storage.local.get(["serverUrl", "token"]);
  if (old.serverUrl) {
    const current = await transact("readonly", (store) => store.get(KEY));
    if (!current) {
      await writeConnection({ serverUrl: old.serverUrl, token: old.token ?? null });
    }
  }
  if (old.serverUrl !== undefined || old.token !== undefined) {
    await chrome.storage.local.remove(["serverUrl", "token"]);
  }
  migrated = true;
}
