// A React 18 controlled <textarea>: React keeps the value in state and re-renders the box
// from it, so a fill that changes only the DOM value is thrown away on the next render.
import React, { useState } from "react";
import { createRoot } from "react-dom/client";
import { harness } from "./harness.js";

let current = "";

function ReplyForm() {
  const [text, setText] = useState("");
  current = text;
  return (
    <label>
      Reply to buyer
      <textarea id="reply" rows={8} cols={60} value={text} placeholder="Write your reply"
        onChange={(event) => setText(event.target.value)} />
    </label>
  );
}

createRoot(document.getElementById("editor")).render(<ReplyForm />);
harness(() => current, { readyWhen: "#reply" });
