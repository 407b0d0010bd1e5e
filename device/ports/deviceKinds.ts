/**
 * The device kinds a config may name, one list per port. They live in the core because the config
 * schema (device/config.ts) checks them; each driver's factory (drivers/{scanner,printer,
 * feedback}/create*.ts) builds the adapter a kind names.
 */
export const scannerKinds = ["serial", "keyboard", "none"] as const;
export type ScannerKind = (typeof scannerKinds)[number];

export const printerKinds = ["serial", "usb-lp", "tcp", "file", "none"] as const;
export type PrinterKind = (typeof printerKinds)[number];

/** `big5`: text in the printer's Chinese mode; `raster`: text drawn as images, for printers without one. */
export const slipEncodings = ["big5", "raster"] as const;
export type SlipEncoding = (typeof slipEncodings)[number];

export const feedbackKinds = ["johnny-five", "gpio", "bell", "none"] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];
