// The toolbar popup. For now it only tells the seller whether Dispute Clerk is ready, and
// leads to the settings; the case list and the page actions come with the extension issue.

import { ask, showState } from "../common/connection.js";
import { localizePage } from "../common/i18n.js";

const statusView = {
  line: document.getElementById("status"),
  command: document.getElementById("status-command"),
};

document.getElementById("open-options").addEventListener("click", (event) => {
  // openOptionsPage reuses an open settings tab instead of opening a second one.
  event.preventDefault();
  chrome.runtime.openOptionsPage();
  window.close();
});

async function refreshStatus() {
  showState(statusView, "checking");
  const answer = await ask({ type: "status" });
  if (answer.ok) {
    showState(statusView, answer.status.state, answer.status);
  } else {
    showState(statusView, answer.error.code, answer.error);
  }
}

localizePage();
refreshStatus();
