/** The printer contract on the printer `TICKET_KIOSK_TEST_PRINTER` names; skipped when it is unset. */
import { realPrinterContract } from "../helpers/printerContract.js";

realPrinterContract();
