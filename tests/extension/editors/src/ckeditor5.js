// CKEditor 5 classic editor: its model (editor.model) is the truth; the editable DOM is a
// rendering of it, and DOM changes it did not make are overwritten.
import { ClassicEditor, Essentials, Paragraph } from "ckeditor5";
import "ckeditor5/ckeditor5.css";
import { harness } from "./harness.js";

// The model's text, one line per block; a soft break (Shift+Enter) is a line break too.
function modelText(editor) {
  const root = editor.model.document.getRoot();
  return Array.from(root.getChildren()).map((block) =>
    Array.from(block.getChildren()).map((node) => (node.is("$text") ? node.data : node.is("element", "softBreak") ? "\n" : "")).join(""),
  ).join("\n");
}

ClassicEditor.create(document.getElementById("editor"), {
  licenseKey: "GPL",
  plugins: [Essentials, Paragraph],
  toolbar: [],
  placeholder: "Write a reply",
}).then((editor) => {
  harness(() => modelText(editor), { editor });
});
