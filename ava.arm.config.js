// The kiosk on ARM Node under qemu (test/arm/): `npm run test:arm`. Apart from `npm test` because
// emulated Node keeps a core busy for minutes, which would starve the suite's timing-bound tests.
export default {
  files: ["dist/test/arm/**/*.test.js"],
  timeout: "6m",
  concurrency: 1,
  nodeArguments: ["--enable-source-maps"],
  workerThreads: false,
};
