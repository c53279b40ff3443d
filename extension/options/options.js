// The options page: where the seller points the extension at the local server and pairs it.
// It never sees the token: it asks the service worker to pair and to report the status.

import { ask, showState } from "../common/connection.js";
import { localizePage } from "../common/i18n.js";

const DEFAULT_SERVER_URL = "http://127.0.0.1:8765";

const form = document.getElementById("pair-form");
const serverUrlInput = document.getElementById("server-url");
const codeInput = document.getElementById("pairing-code");
const fields = document.getElementById("pair-fields");
const statusView = {
  line: document.getElementById("status"),
  command: document.getElementById("status-command"),
};

function showStatus(status) {
  showState(statusView, status.state, status);
}

function showFailure(error) {
  showState(statusView, error.code, error);
}

async function showCurrentStatus() {
  showState(statusView, "checking");
  const answer = await ask({ type: "status" });
  // Show the server we already know; a new seller gets the server's default address.
  serverUrlInput.value = (answer.ok && answer.status.serverUrl) || DEFAULT_SERVER_URL;
  fields.disabled = false;
  if (answer.ok) {
    showStatus(answer.status);
  } else {
    showFailure(answer.error);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  fields.disabled = true;
  showState(statusView, "pairing");
  const answer = await ask({ type: "pair", serverUrl: serverUrlInput.value, code: codeInput.value });
  fields.disabled = false;
  if (answer.ok) {
    codeInput.value = "";
    showStatus(answer.status);
  } else {
    showFailure(answer.error);
    codeInput.select();
  }
});

localizePage();
showCurrentStatus();
