import test from "ava";
import { qrMatrices } from "../../drivers/printer/qrMatrix.js";

test("one slip's renderings share one symbol", (t) => {
  const qr = qrMatrices();
  t.is(qr("abc"), qr("abc"));
  t.not(qr("abc"), qr("abd"));
  t.is(qr("abc").size, 21, "a short id fits version 1");
});
