// @memlab/core (a test-only dev dependency) pulls in puppeteer; this machine has no
// route to puppeteer's browser downloads, and we never drive a browser through it.
module.exports = { skipDownload: true };
