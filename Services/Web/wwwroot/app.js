// The console's few browser helpers, called from the server through JS interop.
window.sutazai = {
  copy: (text) => navigator.clipboard.writeText(text),
  scrollToEnd: (element) => { if (element) { element.scrollTop = element.scrollHeight; } },
};
