// One scenario at a time: each starts its own processes, and they compete for the same 2 cores otherwise.
module.exports = { ...require('../../jest.preset.js'), maxWorkers: 1, testTimeout: 300000 };
