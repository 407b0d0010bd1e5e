/**
 * The console's pure pieces: the escaping template, and the password prompt that does not echo at
 * a terminal and reads the first line of a pipe.
 */
import { PassThrough, Writable } from "node:stream";
import test from "ava";
import { html } from "../../../central/console/html.js";
import { readPassword } from "../../../central/console/passwordPrompt.js";

test("every interpolated value is escaped; fragments built by html are not escaped twice", (t) => {
  const name = `<script>alert("x")</script>&'`;
  const row = html`<td title="${name}">${name}</td>`;
  t.is(
    row.text,
    `<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</td>`,
  );
  t.is(html`<tr>${[row, "<b>"]}</tr>`.text, `<tr>${row.text}&lt;b&gt;</tr>`);
  t.is(html`${null}${undefined}${false}${0}`.text, "0");
});

test("a password piped in is its first line", async (t) => {
  const input = new PassThrough();
  input.end("secret pass\r\nmore\n");
  t.is(await readPassword(input, new PassThrough()), "secret pass");
});

test("at a terminal the password is read in raw mode, never echoed, with Backspace honoured", async (t) => {
  const input = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[] });
  const terminal = Object.assign(input, {
    setRawMode(raw: boolean) {
      input.modes.push(raw);
    },
  });
  let shown = "";
  const prompt = new Writable({
    write(chunk: Buffer, _encoding, done) {
      shown += chunk.toString();
      done();
    },
  });
  const read = readPassword(terminal, prompt);
  input.write("pass");
  input.write("x\u007fword\r");
  t.is(await read, "password");
  t.is(shown, "password: \n", "only the prompt and a newline: nothing typed is echoed");
  t.deepEqual(input.modes, [true, false]);
});
