// Quill 2 (many support widgets and shop back offices): the Delta in quill.getContents() is
// the model; its clipboard module handles paste events.
import Quill from "quill";
import "quill/dist/quill.core.css";
import { harness } from "./harness.js";

const quill = new Quill("#editor", { placeholder: "Write a reply" });

// getText() always ends with the final line's "\n"; the reply itself does not.
harness(() => quill.getText().replace(/\n$/, ""), { editor: quill });
